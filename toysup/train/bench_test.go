package train

import (
	"context"
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"

	"github.com/toymodels/superposition/toysup/internal/bench"
)

// speedConfigs are the speed configurations a–d, the same as `go run ./toysup/internal/cmd/bench` runs: see
// [bench.SpeedConfigs].
func speedConfigs() map[string]toysup.Config { return bench.SpeedConfigs() }

// BenchmarkTrainStep times training steps of configurations a–d on each engine: ns/op is per step, the engine's
// setup (initialisation, graph compilation) amortised over b.N steps. Run:
//
//	go test -run - -bench TrainStep ./toysup
func BenchmarkTrainStep(b *testing.B) {
	cfgs := speedConfigs()
	for _, name := range []string{"a", "b", "c", "d"} {
		for _, eng := range []toysup.EngineKind{"native", "gomlx"} {
			b.Run(name+"/"+string(eng), func(b *testing.B) {
				cfg := cfgs[name]
				cfg.Engine, cfg.Steps = eng, b.N
				cfg, err := cfg.Resolve()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := EngineFor(cfg); err != nil {
					b.Skipf("engine %s: %v", eng, err)
				}
				b.ResetTimer()
				res, err := Train(context.Background(), cfg, WithProgress(nil))
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.Run.StepsPerSecond, "steps/s")
			})
		}
	}
}

// TestSpeedConfigsAreValid keeps the benchmark configurations valid and as issue 4 describes them.
func TestSpeedConfigsAreValid(t *testing.T) {
	want := map[string][3]int{"a": {20, 5, 1}, "b": {20, 5, 7}, "c": {400, 30, 1}, "d": {2, 1, 400}}
	for name, cfg := range speedConfigs() {
		cfg.Steps = 1
		r, err := cfg.Resolve()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := [3]int{r.Features, r.Hidden, r.Instances}; got != want[name] {
			t.Errorf("%s: (n, m, K) = %v, want %v", name, got, want[name])
		}
		if r.BatchSize != 1024 || r.LearningRate != 1e-3 || r.WeightDecayValue() != 0.01 || r.Model != toysup.ModelReLUOutput {
			t.Errorf("%s: batch %d, lr %g, wd %g, model %s", name, r.BatchSize, r.LearningRate, r.WeightDecayValue(), r.Model)
		}
	}
	d, _ := speedConfigs()["d"].Resolve()
	p, imp := d.FeatureProbabilities(), d.Importances()
	if p[0][0] != 1 || math.Abs(p[399][1]-0.01) > 1e-12 || math.Abs(imp[0][1]-0.1) > 1e-12 || math.Abs(imp[19][1]-10) > 1e-9 || imp[7][0] != 1 {
		t.Errorf("d: grid corners p %v…%v, importance %v…%v", p[0], p[399], imp[0], imp[19])
	}
}
