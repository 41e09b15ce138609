package theory

import (
	"math"
)

// LogGrid returns k values from a to b (both > 0), geometrically spaced, a first.
func LogGrid(a, b float64, k int) []float64 {
	if k == 1 {
		return []float64{a}
	}
	out := make([]float64, k)
	for i := range out {
		out[i] = a * math.Pow(b/a, float64(i)/float64(k-1))
	}
	return out
}
