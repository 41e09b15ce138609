package toysup

import (
	"context"
	"math"
	"testing"
)

// speedConfigs are issue 4's speed configurations (the same as `toysup bench` writes): batch 1024, AdamW with
// lr 1e-3 and weight decay 0.01, ReLU output, fresh data every step.
//
//	a: n=20, m=5, K=1, 1−S=0.1, I=0.7^i
//	b: the Section 2 sweep, n=20, m=5, K=7, 1−S ∈ {1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001}, I=0.7^i
//	c: n=400, m=30, K=1, 1−S=0.1, I=1
//	d: n=2, m=1, K=400: a 20×20 grid of 1−S (1 → 0.01, log) × importance of feature 2 (0.1 → 10, log)
func speedConfigs() map[string]Config {
	decay := 0.7
	base := Config{Model: ModelReLUOutput, BatchSize: 1024, LearningRate: 1e-3, Optimizer: "adamw", Seed: 1}
	a, b, c, d := base, base, base, base
	a.Features, a.Hidden, a.FeatureProbability, a.ImportanceDecay = 20, 5, Scalar(0.1), &decay
	b.Features, b.Hidden, b.Instances, b.ImportanceDecay = 20, 5, 7, &decay
	b.FeatureProbability = Vector([]float64{1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001})
	c.Features, c.Hidden, c.FeatureProbability = 400, 30, Scalar(0.1)
	d.Features, d.Hidden, d.Instances = 2, 1, 400
	var ps []float64
	var imp [][]float64
	for i := 0; i < 20; i++ {
		for j := 0; j < 20; j++ {
			ps = append(ps, math.Pow(10, -2*float64(i)/19))
			imp = append(imp, []float64{1, math.Pow(10, -1+2*float64(j)/19)})
		}
	}
	d.FeatureProbability = Vector(ps)
	it := Matrix(imp)
	d.Importance = &it
	return map[string]Config{"a": a, "b": b, "c": c, "d": d}
}

// BenchmarkTrainStep times training steps of configurations a–d on each engine: ns/op is per step, the engine's
// setup (initialisation, graph compilation) amortised over b.N steps. Run:
//
//	go test -run - -bench TrainStep ./toysup
func BenchmarkTrainStep(b *testing.B) {
	cfgs := speedConfigs()
	for _, name := range []string{"a", "b", "c", "d"} {
		for _, eng := range []string{"native", "gomlx"} {
			b.Run(name+"/"+eng, func(b *testing.B) {
				cfg := cfgs[name]
				cfg.Engine, cfg.Steps = eng, b.N
				cfg, err := cfg.Resolve()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := SelectEngine(cfg); err != nil {
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
		if r.BatchSize != 1024 || r.LearningRate != 1e-3 || r.WeightDecayValue() != 0.01 || r.Model != ModelReLUOutput {
			t.Errorf("%s: batch %d, lr %g, wd %g, model %s", name, r.BatchSize, r.LearningRate, r.WeightDecayValue(), r.Model)
		}
	}
	d, _ := speedConfigs()["d"].Resolve()
	p, imp := d.FeatureProbabilities(), d.Importances()
	if p[0][0] != 1 || math.Abs(p[399][1]-0.01) > 1e-12 || math.Abs(imp[0][1]-0.1) > 1e-12 || math.Abs(imp[19][1]-10) > 1e-9 || imp[7][0] != 1 {
		t.Errorf("d: grid corners p %v…%v, importance %v…%v", p[0], p[399], imp[0], imp[19])
	}
}
