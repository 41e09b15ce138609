package theory

import (
	"math"

	"github.com/toymodels/superposition/toysup"
)

// Polytope is a configuration of unit feature vectors whose features all have the same dimensionality
// D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)² (for unit vectors 1/Σ_j cos²θ_ij): the fractions D_i clusters at in Section 4.
type Polytope struct {
	Name string
	// Fraction is every feature's D_i, e.g. 3/4 for the tetrahedron.
	Fraction float64
	// Label writes the fraction, e.g. "3/4".
	Label string
	// W holds the unit vectors, `[features][hidden]`.
	W [][]float64
}

// Polytopes returns the paper's reference configurations in order of decreasing D_i: a dedicated dimension (1),
// the tetrahedron (3/4: 4 features in 3 dimensions), the triangle (2/3: 3 in 2), the digon (1/2: an antipodal
// pair in 1), the pentagon (2/5: 5 in 2) and the square antiprism (3/8: 8 in 3, its height chosen so that the
// eight vectors form a tight frame).
func Polytopes() []Polytope {
	ring := func(k int, phase float64) [][]float64 {
		out := make([][]float64, k)
		for i := range out {
			a := phase + 2*math.Pi*float64(i)/float64(k)
			out[i] = []float64{math.Cos(a), math.Sin(a)}
		}
		return out
	}
	s := 1 / math.Sqrt(3)
	tetra := [][]float64{{s, s, s}, {s, -s, -s}, {-s, s, -s}, {-s, -s, s}}
	// Square antiprism: two squares at heights ±h, rotated by 45°; ρ² = 2h² makes Σ_j W_j W_jᵀ = (8/3)·I.
	h := 1 / math.Sqrt(3)
	rho := math.Sqrt(1 - h*h)
	var anti [][]float64
	for i := 0; i < 4; i++ {
		a, b := math.Pi/2*float64(i), math.Pi/2*float64(i)+math.Pi/4
		anti = append(anti, []float64{rho * math.Cos(a), rho * math.Sin(a), h}, []float64{rho * math.Cos(b), rho * math.Sin(b), -h})
	}
	return []Polytope{
		{"dedicated dimension", 1, "1", [][]float64{{1}}},
		{"tetrahedron", 3.0 / 4, "3/4", tetra},
		{"triangle", 2.0 / 3, "2/3", ring(3, 0)},
		{"digon", 1.0 / 2, "1/2", [][]float64{{1}, {-1}}},
		{"pentagon", 2.0 / 5, "2/5", ring(5, math.Pi/2)},
		{"square antiprism", 3.0 / 8, "3/8", anti},
	}
}

// FeatureSetOf returns each feature's set in cfg, `[features]`: the index of its correlated set, then of its
// anticorrelated set (numbered after the correlated ones), or −1 for a feature of its own — for colouring
// figures by set.
func FeatureSetOf(cfg toysup.Config) []int {
	out := make([]int, cfg.Features)
	for i := range out {
		out[i] = -1
	}
	k := 0
	for _, group := range [][][]int{cfg.Correlated, cfg.Anticorrelated} {
		for _, set := range group {
			for _, i := range set {
				if i >= 0 && i < len(out) {
					out[i] = k
				}
			}
			k++
		}
	}
	return out
}

// PairCosines returns cos θ between the directions of features i and j of W `[features][hidden]` (0 when either
// is zero).
func PairCosines(W [][]float64, i, j int) float64 {
	ni, nj := math.Sqrt(toysup.Dot(W[i], W[i])), math.Sqrt(toysup.Dot(W[j], W[j]))
	if ni == 0 || nj == 0 {
		return 0
	}
	return toysup.Dot(W[i], W[j]) / (ni * nj)
}

// Canonical2D returns W `[features][2]` rotated so that feature `anchor` points straight up (+y) and, if needed,
// reflected left–right so that the first other represented feature (‖W_j‖ > minNorm, lowest index) lies on the
// left (x ≤ 0): solutions that differ by a rotation or a reflection of the hidden plane (the loss is invariant
// under both) come out the same, so they can be compared side by side. An anchor with ‖W_anchor‖ ≤ minNorm is
// replaced by the first represented feature; W comes back unchanged (copied) when none is represented.
func Canonical2D(W [][]float64, anchor int, minNorm float64) [][]float64 {
	out := make([][]float64, len(W))
	for i, w := range W {
		out[i] = append([]float64(nil), w...)
	}
	rep := func(i int) bool { return math.Hypot(W[i][0], W[i][1]) > minNorm }
	if anchor < 0 || anchor >= len(W) || !rep(anchor) {
		anchor = -1
		for i := range W {
			if rep(i) {
				anchor = i
				break
			}
		}
		if anchor < 0 {
			return out
		}
	}
	rot := math.Pi/2 - math.Atan2(W[anchor][1], W[anchor][0])
	c, s := math.Cos(rot), math.Sin(rot)
	for _, w := range out {
		w[0], w[1] = c*w[0]-s*w[1], s*w[0]+c*w[1]
	}
	for j := range out {
		if j != anchor && rep(j) {
			if out[j][0] > 0 {
				for _, w := range out {
					w[0] = -w[0]
				}
			}
			break
		}
	}
	return out
}
