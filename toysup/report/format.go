package report

import (
	"fmt"
	"math"
	"strconv"
)

// num writes v with 5 significant digits ("–" for NaN).
func num(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'g', 5, 64)
}

// fixed writes v with the given decimals.
func fixed(v float64, decimals int) string { return strconv.FormatFloat(v, 'f', decimals, 64) }

// density writes a feature probability 1−S with 4 significant digits.
func density(p float64) string { return strconv.FormatFloat(p, 'g', 4, 64) }

// frac writes "a/b".
func frac(a, b int) string { return fmt.Sprintf("%d/%d", a, b) }

// itoa writes an integer.
func itoa(v int) string { return strconv.Itoa(v) }
