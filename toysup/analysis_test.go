package toysup

import (
	"math"
	"testing"

	"github.com/janpfeifer/must"
)

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
	res := NewResult(cfg, p, []float64{0.5, 0.25})
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
