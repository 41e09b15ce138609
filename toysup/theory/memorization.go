package theory

import (
	"math"
	"slices"

	"github.com/toymodels/superposition/toysup"
)

// Memorization measures (Henighan et al. 2023, "Superposition, Memorization, and Double Descent"): the geometry
// of the hidden vectors h_t of a fixed training set, beside the features'.

// AngleGaps returns the angles in degrees between consecutive non-zero vectors of v `[T][2]` sorted by angle (the
// last gap wraps around), `[T']` for the T' non-zero vectors: all 360/T for a regular T-gon.
func AngleGaps(v [][]float64) []float64 {
	var a []float64
	for _, h := range v {
		if len(h) == 2 && (h[0] != 0 || h[1] != 0) {
			a = append(a, math.Atan2(h[1], h[0])*180/math.Pi)
		}
	}
	slices.Sort(a)
	gaps := make([]float64, len(a))
	for i := range a {
		if i+1 < len(a) {
			gaps[i] = a[i+1] - a[i]
		} else {
			gaps[i] = a[0] + 360 - a[i]
		}
	}
	return gaps
}

// MaxGapError is max_t |gap_t − 360/T| over [AngleGaps] of v: 0 for a regular T-gon; NaN when fewer than 2
// vectors are non-zero.
func MaxGapError(v [][]float64) float64 {
	gaps := AngleGaps(v)
	if len(gaps) < 2 {
		return math.NaN()
	}
	worst := 0.0
	for _, g := range gaps {
		worst = math.Max(worst, math.Abs(g-360/float64(len(gaps))))
	}
	return worst
}

// Mean is the mean of xs (NaN for none).
func Mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// TopDimensionality is the mean feature dimensionality D_i of the `top` features with the largest ‖W_i‖.
func TopDimensionality(a toysup.Analysis, top int) float64 {
	idx := make([]int, len(a.Norms))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int { return -cmpFloat(a.Norms[x], a.Norms[y]) })
	top = min(top, len(idx))
	d := make([]float64, top)
	for j, i := range idx[:top] {
		d[j] = a.FeatureDimensionality[i]
	}
	return Mean(d)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
