package train_test

import (
	"cmp"
	"context"
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"

	"github.com/toymodels/superposition/toysup/internal/bench"
	"github.com/toymodels/superposition/toysup/train"
)

// speedConfigs are the speed configurations a–g, the same as `go run ./toysup/internal/cmd/bench` runs: see
// [bench.SpeedConfigs].
func speedConfigs() map[string]toysup.Config { return bench.SpeedConfigs() }

// BenchmarkTrainStep times training steps of configurations a–g on each engine: ns/op is per step, the engine's
// setup (initialisation, graph compilation) amortised over b.N steps. Run:
//
//	go test -run - -bench TrainStep ./toysup/train
func BenchmarkTrainStep(b *testing.B) {
	cfgs := speedConfigs()
	for _, name := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		for _, eng := range []toysup.EngineKind{"native", "gomlx"} {
			b.Run(name+"/"+string(eng), func(b *testing.B) {
				cfg := cfgs[name]
				cfg.Engine, cfg.Steps = eng, b.N
				cfg, err := cfg.Resolve()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := train.EngineFor(cfg); err != nil {
					b.Skipf("engine %s: %v", eng, err)
				}
				b.ResetTimer()
				res, err := train.Train(context.Background(), cfg, train.WithProgress(nil))
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.Run.StepsPerSecond, "steps/s")
			})
		}
	}
}

// TestSpeedConfigsAreValid keeps the benchmark configurations valid and as issues 4 and 12 describe them.
func TestSpeedConfigsAreValid(t *testing.T) {
	want := map[string][3]int{"a": {20, 5, 1}, "b": {20, 5, 7}, "c": {400, 30, 1}, "d": {2, 1, 400}, "e": {10, 5, 56}, "f": {100, 40, 7}, "g": {6, 2, 16}}
	models := map[string]toysup.ModelKind{"e": toysup.ModelReLUHidden, "f": toysup.ModelAbs}
	for name, cfg := range speedConfigs() {
		cfg.Steps = 1
		r, err := cfg.Resolve()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := [3]int{r.Features, r.Hidden, r.Instances}; got != want[name] {
			t.Errorf("%s: (n, m, K) = %v, want %v", name, got, want[name])
		}
		model := cmp.Or(models[name], toysup.ModelReLUOutput)
		if r.BatchSize != 1024 || r.LearningRate != 1e-3 || r.WeightDecayValue() != 0.01 || r.Model != model {
			t.Errorf("%s: batch %d, lr %g, wd %g, model %s", name, r.BatchSize, r.LearningRate, r.WeightDecayValue(), r.Model)
		}
	}
	d, _ := speedConfigs()["d"].Resolve()
	p, imp := d.FeatureProbabilities(), d.Importances()
	if p[0][0] != 1 || math.Abs(p[399][1]-0.01) > 1e-12 || math.Abs(imp[0][1]-0.1) > 1e-12 || math.Abs(imp[19][1]-10) > 1e-9 || imp[7][0] != 1 {
		t.Errorf("d: grid corners p %v…%v, importance %v…%v", p[0], p[399], imp[0], imp[19])
	}
	e, _ := speedConfigs()["e"].Resolve()
	if p := e.FeatureProbabilities(); p[0][0] != 0.75 || p[7][0] != 0.75 || p[8][0] != 0.35 || p[55][0] != 0.01 {
		t.Errorf("e: densities %v, %v, %v, %v; want 7 densities × 8 seeds", p[0][0], p[7][0], p[8][0], p[55][0])
	}
	g, _ := speedConfigs()["g"].Resolve()
	if s := g.Sampling(); s.NumSets != 3 || !s.SeparateValues || g.FeatureProbabilities()[15][0] != 0.01 {
		t.Errorf("g: %d sets (separate values %v), last density %v; want three correlated pairs", s.NumSets, s.SeparateValues, g.FeatureProbabilities()[15][0])
	}
}
