// Package bench holds the speed configurations shared by `go test -bench` and the side-by-side benchmark.
package bench

import (
	"math"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/paper"
)

// SpeedConfigs returns the speed configurations of the benchmarks, without step counts: batch 1024, AdamW with
// lr 1e-3 and weight decay 0.01, fresh data every step. a–d (ReLU output) are compared against PyTorch; e–g (the
// other models and feature sets) compare the native and GoMLX engines.
//
//	a: n=20, m=5, K=1, 1−S=0.1, I=0.7^i
//	b: the Section 2 sweep, n=20, m=5, K=7, 1−S ∈ Section2Densities, I=0.7^i
//	c: n=400, m=30, K=1, 1−S=0.1, I=1
//	d: n=2, m=1, K=400: a 20×20 [GridSweep]
//	e: Section 7's relu_hidden, n=10, m=5, I=0.75^i, K=56: ARENA's 7 densities × 8 seeds (the config; the
//	   preset now trains 8 densities × 32 seeds)
//	f: Section 8's abs, n=100, m=40, I=0.8^i, K=7, 1−S ∈ Section8Densities
//	g: ReLU output, n=6, m=2, three correlated pairs, K=16: 1−S ∈ {0.3, 0.1, 0.03, 0.01} × 4 seeds
func SpeedConfigs() map[string]toysup.Config {
	base := toysup.Config{Model: toysup.ModelReLUOutput, BatchSize: 1024, LearningRate: 1e-3, Optimizer: toysup.OptimizerAdamW, Seed: 1}
	a, b, c := base, base, base
	a.Features, a.Hidden, a.FeatureProbability, a.ImportanceDecay = 20, 5, toysup.Scalar(0.1), ptr(0.7)
	b.Features, b.Hidden, b.Instances, b.ImportanceDecay = 20, 5, len(paper.Section2Densities), ptr(0.7)
	b.FeatureProbability = toysup.Vector(paper.Section2Densities)
	c.Features, c.Hidden, c.FeatureProbability = 400, 30, toysup.Scalar(0.1)
	e, f, g := base, base, base
	e.Model, e.Features, e.Hidden, e.ImportanceDecay = toysup.ModelReLUHidden, 10, 5, ptr(0.75)
	e.FeatureProbability = toysup.Vector(paper.Seeded(arenaDensities, 8))
	e.Instances = len(arenaDensities) * 8
	f.Model, f.Features, f.Hidden, f.Instances, f.ImportanceDecay = toysup.ModelAbs, 100, 40, len(paper.Section8Densities), ptr(0.8)
	f.FeatureProbability = toysup.Vector(paper.Section8Densities)
	g.Features, g.Hidden, g.Instances, g.Correlated = 6, 2, 16, [][]int{{0, 1}, {2, 3}, {4, 5}}
	g.FeatureProbability = toysup.Vector(paper.Seeded([]float64{0.3, 0.1, 0.03, 0.01}, 4))
	return map[string]toysup.Config{"a": a, "b": b, "c": c, "d": GridSweep(base, 20), "e": e, "f": f, "g": g}
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

// arenaDensities are ARENA's seven Section 7 densities, config e's.
var arenaDensities = []float64{0.75, 0.35, 0.15, 0.1, 0.06, 0.02, 0.01}

func ptr(v float64) *float64 { return &v }
