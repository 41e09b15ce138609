package theory

import (
	"math/rand/v2"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// Polytopes placed in orthogonal subspaces (a tegum product), slightly perturbed, come back as their factors.
func TestTegumFactors(t *testing.T) {
	ps := map[string]Polytope{}
	for _, p := range Polytopes() {
		ps[p.Name] = p
	}
	place := []string{"digon", "triangle", "tetrahedron", "pentagon", "dedicated dimension"}
	m := 0
	for _, name := range place {
		m += len(ps[name].W[0])
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var W [][]float64
	off := 0
	for _, name := range place {
		for _, v := range ps[name].W {
			row := make([]float64, m)
			for j := range row {
				row[j] = 0.01 * rng.NormFloat64()
			}
			copy(row[off:], v)
			W = append(W, row)
		}
		off += len(ps[name].W[0])
	}
	W = append(W, make([]float64, m)) // a feature not learned
	a := toysup.AnalyzeWeights(W)
	fs := TegumFactors(W, a.FeatureDimensionality, 0.5)
	want := []string{"dedicated dimension", "digon", "triangle", "tetrahedron", "pentagon"}
	if len(fs) != len(want) {
		t.Fatalf("%d factors %+v, want %d", len(fs), fs, len(want))
	}
	for k, f := range fs {
		if f.Polytope != want[k] {
			t.Errorf("factor %d: %q (features %v, D %v), want %q", k, f.Polytope, f.Features, f.D, want[k])
		}
	}
	counts, matched := TegumCounts(fs)
	if matched != len(W)-1 || counts["digon"] != 1 {
		t.Errorf("counts %v, matched %d: want every learned feature matched", counts, matched)
	}
	// Two digons sharing a dimension are one component of 4 features that matches no polytope.
	W2 := [][]float64{{1, 0}, {-1, 0}, {0.8, 0.6}, {-0.8, -0.6}}
	a2 := toysup.AnalyzeWeights(W2)
	if f := TegumFactors(W2, a2.FeatureDimensionality, 0.5); len(f) != 1 || f[0].Polytope != "" {
		t.Errorf("two overlapping digons: %+v, want one unmatched factor", f)
	}
}
