package theory

import (
	"math"
	"sort"

	"github.com/toymodels/superposition/toysup"
)

// TegumCos is the |cos θ_ij| above which two represented features interact in [TegumFactors]: the
// interaction graph's edges. Features of orthogonal tegum factors have cos 0; trained ones sit within a few
// hundredths of it.
const TegumCos = 0.1

// TegumFactor is one connected component of a model's feature interaction graph (Section 4, "the geometry of
// superposition"): represented features as nodes, an edge where |cos θ_ij| = |Ŵ_i·Ŵ_j| > [TegumCos]. In uniform
// superposition the components are the tegum factors of the solution — small polytopes in orthogonal subspaces
// (digons, triangles, tetrahedra, pentagons, square antiprisms).
type TegumFactor struct {
	// Features are the component's features, ascending.
	Features []int `json:"features"`
	// D are their dimensionalities D_i, `[len(Features)]`.
	D []float64 `json:"d"`
	// Polytope names the matching uniform polytope of [Polytopes] (the same number of features, every D_i within
	// 0.05 of its fraction), or "" when none matches.
	Polytope string `json:"polytope,omitempty"`
}

// TegumFactors returns the connected components of the interaction graph of W `[features][hidden]` over the
// features with ‖W_i‖ > minNorm, given their dimensionalities d `[features]` (e.g. Analysis.FeatureDimensionality),
// ordered by size, then by first feature.
func TegumFactors(W [][]float64, d []float64, minNorm float64) []TegumFactor {
	var nodes []int
	for i, w := range W {
		if math.Sqrt(toysup.Dot(w, w)) > minNorm {
			nodes = append(nodes, i)
		}
	}
	parent := make(map[int]int, len(nodes))
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, i := range nodes {
		parent[i] = i
	}
	for a, i := range nodes {
		for _, j := range nodes[a+1:] {
			if math.Abs(PairCosines(W, i, j)) > TegumCos {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]int{}
	for _, i := range nodes {
		r := find(i)
		groups[r] = append(groups[r], i)
	}
	out := make([]TegumFactor, 0, len(groups))
	for _, fs := range groups {
		sort.Ints(fs)
		f := TegumFactor{Features: fs, D: make([]float64, len(fs))}
		for k, i := range fs {
			f.D[k] = d[i]
		}
		f.Polytope = matchPolytope(f.D)
		out = append(out, f)
	}
	sort.Slice(out, func(a, b int) bool {
		if len(out[a].Features) != len(out[b].Features) {
			return len(out[a].Features) < len(out[b].Features)
		}
		return out[a].Features[0] < out[b].Features[0]
	})
	return out
}

// matchPolytope names the polytope of [Polytopes] with len(d) features whose fraction every d_i is within 0.05 of.
func matchPolytope(d []float64) string {
	for _, p := range Polytopes() {
		if len(p.W) != len(d) {
			continue
		}
		ok := true
		for _, v := range d {
			ok = ok && math.Abs(v-p.Fraction) <= 0.05
		}
		if ok {
			return p.Name
		}
	}
	return ""
}

// TegumCounts counts factors by polytope name ("" for the unmatched), and the features in matched factors.
func TegumCounts(fs []TegumFactor) (byName map[string]int, matched int) {
	byName = map[string]int{}
	for _, f := range fs {
		byName[f.Polytope]++
		if f.Polytope != "" {
			matched += len(f.Features)
		}
	}
	return byName, matched
}
