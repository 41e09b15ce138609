package theory

import (
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

func TestFeatureDimensionalityOfPolytopes(t *testing.T) {
	pentagon := make([][]float64, 5)
	for i := range pentagon {
		a := 2 * math.Pi * float64(i) / 5
		pentagon[i] = []float64{math.Cos(a), math.Sin(a)}
	}
	for _, tc := range []struct {
		name  string
		W     [][]float64
		wantD float64
		wantS float64 // superposition of each feature
	}{
		{"orthogonal basis", [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, 1, 0},
		{"antipodal pair", [][]float64{{1}, {-1}}, 0.5, 1},
		{"regular pentagon", pentagon, 0.4, 1.5}, // Σ_{j≠i} cos² = 2cos²72° + 2cos²144° = 3/2.
	} {
		a := toysup.AnalyzeWeights(tc.W)
		for i := range tc.W {
			if math.Abs(a.FeatureDimensionality[i]-tc.wantD) > 1e-12 {
				t.Errorf("%s: D_%d = %v, want %v", tc.name, i, a.FeatureDimensionality[i], tc.wantD)
			}
			if math.Abs(a.Superposition[i]-tc.wantS) > 1e-12 {
				t.Errorf("%s: superposition_%d = %v, want %v", tc.name, i, a.Superposition[i], tc.wantS)
			}
		}
		// Unit vectors: D* = m/n and every feature represented.
		m, n := float64(len(tc.W[0])), float64(len(tc.W))
		if math.Abs(a.DimensionsPerFeature-m/n) > 1e-12 || a.Represented != len(tc.W) {
			t.Errorf("%s: D* = %v (want %v), represented %d (want %d)", tc.name, a.DimensionsPerFeature, m/n, a.Represented, len(tc.W))
		}
	}
}

// Claim 9's reference fractions from hand-built polytopes of unit vectors: D_i = 1/Σ_j cos²θ_ij gives 1 for a
// dedicated dimension, 3/4 for the tetrahedron, 2/3 for the triangle, 1/2 for the digon, 2/5 for the pentagon and
// 3/8 for the square antiprism — computed both directly and by AnalyzeWeights.
func TestPolytopeDimensionalities(t *testing.T) {
	want := map[string]float64{"dedicated dimension": 1, "tetrahedron": 0.75, "triangle": 2.0 / 3, "digon": 0.5, "pentagon": 0.4, "square antiprism": 0.375}
	polys := Polytopes()
	if len(polys) != len(want) {
		t.Fatalf("%d polytopes, want %d", len(polys), len(want))
	}
	for _, p := range polys {
		if math.Abs(p.Fraction-want[p.Name]) > 1e-15 {
			t.Errorf("%s: Fraction %v, want %v", p.Name, p.Fraction, want[p.Name])
		}
		a := toysup.AnalyzeWeights(p.W)
		for i, wi := range p.W {
			if math.Abs(toysup.Dot(wi, wi)-1) > 1e-12 {
				t.Errorf("%s: ‖W_%d‖² = %v, want unit vectors", p.Name, i, toysup.Dot(wi, wi))
			}
			sum := 0.0
			for _, wj := range p.W {
				c := toysup.Dot(wi, wj)
				sum += c * c
			}
			if d := 1 / sum; math.Abs(d-want[p.Name]) > 1e-12 {
				t.Errorf("%s: 1/Σcos² = %v for feature %d, want %v", p.Name, d, i, want[p.Name])
			}
			if math.Abs(a.FeatureDimensionality[i]-want[p.Name]) > 1e-12 {
				t.Errorf("%s: AnalyzeWeights D_%d = %v, want %v", p.Name, i, a.FeatureDimensionality[i], want[p.Name])
			}
		}
		// Efficient packing: Σ_i D_i = m.
		m := float64(len(p.W[0]))
		if math.Abs(a.DimensionsPerFeature*float64(len(p.W))-m) > 1e-12 {
			t.Errorf("%s: D*·n = %v, want m = %v", p.Name, a.DimensionsPerFeature*float64(len(p.W)), m)
		}
	}
}

// Canonical2D maps a pentagon and any rotation or reflection of it to the same vectors, anchor up.
func TestCanonical2D(t *testing.T) {
	ring := func(phase float64, mirror bool) [][]float64 {
		W := make([][]float64, 5)
		for i := range W {
			a := phase + 2*math.Pi*float64(i)/5 + 0.1*float64(i*i%3) // a deformed pentagon
			W[i] = []float64{math.Cos(a), math.Sin(a)}
			if mirror {
				W[i][0] = -W[i][0]
			}
		}
		return W
	}
	want := Canonical2D(ring(0, false), 0, 0.5)
	if math.Abs(want[0][0]) > 1e-12 || math.Abs(want[0][1]-1) > 1e-12 || want[1][0] > 0 {
		t.Fatalf("anchor %v, first other %v: want (0, 1) and x ≤ 0", want[0], want[1])
	}
	for _, phase := range []float64{0.3, 2, -1.2} {
		for _, mirror := range []bool{false, true} {
			got := Canonical2D(ring(phase, mirror), 0, 0.5)
			for i := range got {
				if math.Hypot(got[i][0]-want[i][0], got[i][1]-want[i][1]) > 1e-9 {
					t.Errorf("phase %.1f mirror %v feature %d: %v, want %v", phase, mirror, i, got[i], want[i])
				}
			}
		}
	}
	// A dropped anchor falls back to the first represented feature.
	W := ring(0.7, false)
	W[0] = []float64{0.01, 0}
	if got := Canonical2D(W, 0, 0.5); math.Abs(got[1][1]-1) > 1e-12 {
		t.Errorf("dropped anchor: feature 1 at %v, want (0, 1)", got[1])
	}
}
