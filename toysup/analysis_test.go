package toysup

import (
	"math"
	"testing"

	"github.com/janpfeifer/must"
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
		a := AnalyzeWeights(tc.W)
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

func TestAnalysisZeroAndScaledFeatures(t *testing.T) {
	a := AnalyzeWeights([][]float64{{2, 0}, {0, 0}, {0, 0.4}})
	if a.FeatureDimensionality[1] != 0 || a.Norms[1] != 0 || a.Represented != 1 {
		t.Errorf("zero feature: D=%v norm=%v represented=%d, want 0, 0, 1", a.FeatureDimensionality[1], a.Norms[1], a.Represented)
	}
	// D_i is scale invariant; D* = m/‖W‖_F² = 2/(4+0.16).
	if a.FeatureDimensionality[0] != 1 || math.Abs(a.DimensionsPerFeature-2/4.16) > 1e-12 {
		t.Errorf("D_0 = %v (want 1), D* = %v (want %v)", a.FeatureDimensionality[0], a.DimensionsPerFeature, 2/4.16)
	}
}

// Saving and loading a result gives the same analysis back.
func TestResultRoundTrip(t *testing.T) {
	cfg := must.M1(Config{Features: 4, Hidden: 2, Instances: 2, FeatureProbability: Vector([]float64{1, 0.1}), Steps: 10, Seed: 5}.Resolve())
	p := InitParams(cfg)
	res := NewResult(cfg, p, []float64{0.5, 0.25}, "test", "")
	res.LossHistory = LossHistory{Step: []int{0, 9}, Loss: [][]float64{{1, 2}, {0.5, 0.25}}}
	path := t.TempDir() + "/r.json"
	if err := res.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadResult(path)
	if err != nil {
		t.Fatal(err)
	}
	a1, a2 := res.MustAnalyze(1000, 1), back.MustAnalyze(1000, 1)
	for k := range a1 {
		if a1[k].EvalLoss != a2[k].EvalLoss || a1[k].DimensionsPerFeature != a2[k].DimensionsPerFeature {
			t.Errorf("instance %d: analysis changed after save/load: %+v vs %+v", k, a1[k], a2[k])
		}
	}
	if _, err := LoadResult(t.TempDir() + "/missing.json"); err == nil {
		t.Error("loading a missing file succeeded")
	}
}

// The optimum keeps the m features of largest I·Var: with reversed importance it drops the first ones instead.
func TestOptimalLinearLoss(t *testing.T) {
	in := Instance{FeatureProbability: []float64{1, 1, 0.5}, Importance: []float64{1, 2, 4}}
	// I·Var: 1·1/12, 2·1/12, 4·(1/6 − 1/16) = 5/12. With m = 1 the loss is (1 + 2)/12.
	if got := OptimalLinearLoss(in, 1); math.Abs(got-0.25) > 1e-15 {
		t.Errorf("m=1: %v, want 0.25", got)
	}
	if got := OptimalLinearLoss(in, 3); got != 0 {
		t.Errorf("m=n: %v, want 0", got)
	}
}
