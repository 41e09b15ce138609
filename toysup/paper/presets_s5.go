package paper

import "github.com/toymodels/superposition/toysup"

// Section5 returns the paper's Section 5 ("Superposition and learning dynamics") presets: small ReLU-output models
// whose geometry is recorded during training (snapshots every Experiment.SnapshotEvery = steps/500 steps). Both start from
// the seed notebook's small init (W ~ Normal(0, 0.02²)), so that training passes through distinct regimes, and log
// the loss every 10 steps; AdamW, lr 1e-3, batch 1024, 10 000 steps (300 in quick mode):
//   - "s5_octahedron": n=6, m=3, two sets of 3 correlated features, 1−S = 0.05 — the features pass through
//     several regimes before settling as an octahedron (three antipodal pairs, each pair across the two sets);
//   - "s5_antiprism": n=8, m=3, uniform importance, 1−S = 0.1 — the features end as a square antiprism (every
//     D_i = 3/8) after a reorganisation that coincides with the loss's steepest drop.
func Section5(quick bool) Section5Presets {
	base := toysup.Config{Model: toysup.ModelReLUOutput, Hidden: 3, Init: "normal", InitStd: toysup.DefaultInitStd, Seed: 1}
	octa := base
	octa.Features, octa.FeatureProbability, octa.Correlated = 6, toysup.Scalar(0.05), [][]int{{0, 1, 2}, {3, 4, 5}}
	anti := base
	anti.Features, anti.FeatureProbability = 8, toysup.Scalar(0.1)
	large := base
	large.Features, large.Hidden, large.FeatureProbability = 100, 10, toysup.Scalar(0.25)
	out := []Experiment{
		{Name: "s5_octahedron", Title: "Learning dynamics: n=6, m=3, two sets of 3 correlated features, 1−S=0.05", Config: withSteps(octa, 10_000, quick)},
		{Name: "s5_antiprism", Title: "Learning dynamics: n=8, m=3, uniform importance, 1−S=0.1", Config: withSteps(anti, 10_000, quick)},
		{Name: "s5_uniform_large", Title: "Learning dynamics of uniform superposition: n=100, m=10, uniform importance, 1−S=0.25", Config: withSteps(large, 10_000, quick)},
	}
	for i := range out {
		out[i].Config.LogEvery = max(1, out[i].Config.Steps/1000)
		out[i].SnapshotEvery = max(1, out[i].Config.Steps/500)
	}
	out[2].SnapshotEvery = max(1, out[2].Config.Steps/200) // 100 features: 200 snapshots keep its file to a few MB
	return Section5Presets{Octahedron: out[0], Antiprism: out[1], UniformLarge: out[2]}
}

// Section5Presets are Section 5's learning-dynamics experiments: the two small models and the large uniform one,
// whose features jump between the energy levels (the fractions D_i clusters at).
type Section5Presets struct{ Octahedron, Antiprism, UniformLarge Experiment }

// All lists the experiments in training order.
func (p Section5Presets) All() []Experiment {
	return []Experiment{p.Octahedron, p.Antiprism, p.UniformLarge}
}
