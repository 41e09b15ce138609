// Package bench holds the configurations that the speed benchmarks share: the side-by-side command
// toysup/internal/cmd/bench and the engines' in-process benchmarks.
package bench

import (
	"math"

	"github.com/toymodels/superposition/toysup"

	"github.com/toymodels/superposition/toysup/paper"
)

// SpeedConfigs returns the speed configurations, without step counts, that `go run ./toysup/internal/cmd/bench`
// times against the PyTorch reference and the engines' BenchmarkTrainStep and BenchmarkStep time in one process:
// batch 1024, AdamW with lr 1e-3 and weight decay 0.01, ReLU output, fresh data every step.
//
//	a: n=20, m=5, K=1, 1−S=0.1, I=0.7^i
//	b: the Section 2 sweep, n=20, m=5, K=7, 1−S ∈ Section2Densities, I=0.7^i
//	c: n=400, m=30, K=1, 1−S=0.1, I=1
//	d: n=2, m=1, K=400: a 20×20 [GridSweep]
func SpeedConfigs() map[string]toysup.Config {
	base := toysup.Config{Model: toysup.ModelReLUOutput, BatchSize: 1024, LearningRate: 1e-3, Optimizer: "adamw", Seed: 1}
	a, b, c := base, base, base
	a.Features, a.Hidden, a.FeatureProbability, a.ImportanceDecay = 20, 5, toysup.Scalar(0.1), ptr(0.7)
	b.Features, b.Hidden, b.Instances, b.ImportanceDecay = 20, 5, len(paper.Section2Densities), ptr(0.7)
	b.FeatureProbability = toysup.Vector(paper.Section2Densities)
	c.Features, c.Hidden, c.FeatureProbability = 400, 30, toysup.Scalar(0.1)
	return map[string]toysup.Config{"a": a, "b": b, "c": c, "d": GridSweep(base, 20)}
}

// GridSweep returns base as an n=2, m=1 sweep over a side×side grid, instance k = i·side + j: 1−S from 1 to 0.01
// (log, over i) × the importance of feature 2 from 0.1 to 10 (log, over j; feature 1 has importance 1).
func GridSweep(base toysup.Config, side int) toysup.Config {
	at := func(i int, lo, hi float64) float64 {
		if side == 1 {
			return math.Pow(10, lo)
		}
		return math.Pow(10, lo+(hi-lo)*float64(i)/float64(side-1))
	}
	var ps []float64
	var imp [][]float64
	for i := 0; i < side; i++ {
		for j := 0; j < side; j++ {
			ps = append(ps, at(i, 0, -2))
			imp = append(imp, []float64{1, at(j, -1, 1)})
		}
	}
	base.Features, base.Hidden, base.Instances = 2, 1, side*side
	base.FeatureProbability = toysup.Vector(ps)
	m := toysup.Matrix(imp)
	base.Importance = &m
	base.ImportanceDecay = nil
	return base
}
func ptr(v float64) *float64 { return &v }
