package paper

import (
	"math"

	"github.com/toymodels/superposition/toysup"
)

// Section6Densities are the feature probabilities 1−S of the Section 6 sweep: 13 points a quarter decade apart,
// 10^(−k/4) for k = 0…12, from dense (1) to 0.001.
var Section6Densities = func() []float64 {
	out := make([]float64, 13)
	for k := range out {
		out[k] = math.Pow(10, -float64(k)/4)
	}
	out[0], out[4], out[8], out[12] = 1, 0.1, 0.01, 0.001 // exact decades
	return out
}()

// Section6 returns the paper's Section 6 ("Relationship to adversarial robustness") preset "s6_adversarial":
// ReLU-output models with n = 40 features in m = 10 dimensions and uniform importance (the uniform-superposition
// setting, where D* is defined), one instance per density of [Section6Densities], trained with the Colab's
// settings (AdamW, lr 1e-3, batch 1024) for 10 000 steps. Its vulnerability to the analytic attack
// ([Result.Attack]) is plotted against 1/(1−S) next to 1/D*.
func Section6(quick bool) Section6Presets {
	cfg := toysup.Config{Model: toysup.ModelReLUOutput, Features: 40, Hidden: 10, Instances: len(Section6Densities),
		FeatureProbability: toysup.Vector(Section6Densities), Seed: 0}
	return Section6Presets{Sweep: Experiment{Name: "s6_adversarial", Title: "ReLU output model, n=40, m=10, I=1, 1−S from 1 to 0.001",
		Config: withSteps(cfg, 10_000, quick)}}
}

// Section6Presets are Section 6's experiments.
type Section6Presets struct{ Sweep Experiment }

// All lists the experiments in training order.
func (p Section6Presets) All() []Experiment { return []Experiment{p.Sweep} }
