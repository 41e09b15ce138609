package figures

import (
	"fmt"
	"math"
)

// Input checks shared by the figures: every figure returns an error naming the first bad value.

func checkVector(name string, v []float64, n int) error {
	if len(v) != n {
		return fmt.Errorf("figures: %s has %d values, want %d", name, len(v), n)
	}
	return checkFinite(name, v)
}

func checkMatrix(name string, m [][]float64, rows, cols int) error {
	if len(m) != rows {
		return fmt.Errorf("figures: %s has %d rows, want %d", name, len(m), rows)
	}
	for i, r := range m {
		if err := checkVector(fmt.Sprintf("%s[%d]", name, i), r, cols); err != nil {
			return err
		}
	}
	return nil
}

// checkFinite reports the first non-finite value of v, named.
func checkFinite(name string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("figures: %s[%d] = %v, must be finite", name, i, x)
		}
	}
	return nil
}

func minOf(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = math.Min(m, x)
	}
	return m
}

func maxOf(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}
