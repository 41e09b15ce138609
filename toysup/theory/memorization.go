package theory

import (
	"fmt"
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

// MemorizedPolygon is the memorizing solution of the ReLU-output model that L2 weight decay prefers: T unit-norm
// training points with disjoint supports stored in m = 2 as a regular T-gon, the limit wd → 0 of the minimum of
// L + (wd/2)‖θ‖². Per point t and feature i of its support, W_i = c·x_ti·û_t and b_i = d·x_ti (û_t the point's
// direction), so h_t = c·û_t and, with u = c² = ‖h_t‖²:
//
//   - recall: x'_i = ReLU((c² + d)·x_ti) = x_ti ⇔ d = 1 − u;
//   - no interference: another point s at angle θ gives (u·cos θ + d)·x_ti ≤ 0 ⇔ u ≥ 1/(1 − cos θ);
//   - the weight norm per point, c² + d² = u + (1 − u)², is smallest at u = ½ unconstrained.
//
// So u = max(½, 1/(1 − cos θ_min)) with θ_min the angle to the nearest other point, which the regular T-gon makes
// as large as it can be, 360°/T. T = 2: u = ½, b = x/2; T = 3: u = 2/3, b = x/3, ‖h_t‖ = 0.816; T = 4: u = 1, b
// = 0; T ≥ 5: u > 1 and b < 0. Measured: full-batch gradient descent on the whole objective (every W_i and b_i
// free) from random starts reaches this T = 3 solution, cost and all, to 0.1 %.
type MemorizedPolygon struct {
	T int
	// Gap is 360°/T; HiddenNorm2 is u = ‖h_t‖²; BiasRatio is d = b_i/x_ti = 1 − u; Cost is u + (1 − u)², the
	// ‖W‖² + ‖b‖² spent per point.
	Gap, HiddenNorm2, BiasRatio, Cost float64
}

// RegularMemorization is the [MemorizedPolygon] of T ≥ 2 training points.
func RegularMemorization(T int) (MemorizedPolygon, error) {
	if T < 2 {
		return MemorizedPolygon{}, fmt.Errorf("theory: training points T = %d, want ≥ 2", T)
	}
	gap := 360 / float64(T)
	u, cost := memorizationCost(gap)
	return MemorizedPolygon{T: T, Gap: gap, HiddenNorm2: u, BiasRatio: 1 - u, Cost: cost}, nil
}

// memorizationCost is u = max(½, 1/(1 − cos θ)) and the cost u + (1 − u)² of a point whose nearest other point is
// θ degrees away ([MemorizedPolygon]).
func memorizationCost(theta float64) (u, cost float64) {
	u = max(0.5, 1/(1-math.Cos(theta*math.Pi/180)))
	return u, u + (1-u)*(1-u)
}

// PolygonCost is the weight norm ‖W‖² + ‖b‖² that a memorizing solution of [MemorizedPolygon]'s form spends on
// points whose consecutive angle gaps are gaps (degrees, as [AngleGaps] returns them): Σ_t u_t + (1 − u_t)², each
// point's u_t set by its nearer neighbour, min(gap before, gap after). The regular polygon's is T·Cost; any other
// costs more.
func PolygonCost(gaps []float64) float64 {
	total := 0.0
	for t := range gaps {
		_, c := memorizationCost(min(gaps[t], gaps[(t+len(gaps)-1)%len(gaps)]))
		total += c
	}
	return total
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
