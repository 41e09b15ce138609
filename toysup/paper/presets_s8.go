package paper

import "github.com/toymodels/superposition/toysup"

// Section8Densities are the feature probabilities 1−S of the paper's Section 8 main sweep.
var Section8Densities = []float64{1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001}

// Section8SmallDensities are the densities of the small case: with 2n neurons the model never needs
// superposition, so it stays monosemantic at every one.
var Section8SmallDensities = []float64{1, 0.3, 0.1}

// Section8SmallSeeds is how many models per density the small case trains side by side (best kept, [BestOfK]).
const Section8SmallSeeds = 3

// section8Small is the paper's Section 8 ("Computation in superposition") small case "s8_abs_small": the abs
// model h = ReLU(W₁x), y' = ReLU(W₂h + b) with target |x|, n = 3 features drawn from Uniform[−1, 1], m = 6 = 2n
// neurons and uniform importance, at each of [Section8SmallDensities] with [Section8SmallSeeds] seeds (instance
// d·seeds + s), trained with Adam (lr 3e-3, batch 1024) for 5 000 steps. It learns |x_i| = ReLU(x_i) + ReLU(−x_i):
// two monosemantic neurons per feature.
func section8Small(quick bool) Experiment {
	p := Seeded(Section8SmallDensities, Section8SmallSeeds)
	cfg := toysup.Config{Model: toysup.ModelAbs, Features: 3, Hidden: 6, Instances: len(p), FeatureProbability: toysup.Vector(p),
		Optimizer: "adam", LearningRate: 3e-3, Seed: 0}
	return Experiment{Name: "s8_abs_small", Title: "Absolute value, n=3, m=6, I=1, 1−S ∈ {1, 0.3, 0.1}", Config: withSteps(cfg, 5_000, quick), Seeds: Section8SmallSeeds}
}

// Section8MainBatch is the batch size of the main case: the Colab's 1024, for 10 000 steps (the paper's samples).
const Section8MainBatch = 1024

// section8Main is the paper's Section 8 main case "s8_abs_main": the abs model with n = 100 features, m = 40
// neurons and I_i = 0.8^i, one instance per density of [Section8Densities], trained with Adam (lr 3e-3, batch
// [Section8MainBatch]) for 10 000 steps (quick: QuickSteps).
func section8Main(quick bool) Experiment {
	cfg := toysup.Config{Model: toysup.ModelAbs, Features: 100, Hidden: 40, Instances: len(Section8Densities),
		FeatureProbability: toysup.Vector(Section8Densities), ImportanceDecay: decayPtr(0.8), BatchSize: Section8MainBatch,
		Optimizer: "adam", LearningRate: 3e-3, Seed: 0}
	return Experiment{Name: "s8_abs_main", Title: "Absolute value, n=100, m=40, I=0.8^i, 1−S from 1 to 0.001",
		Config: withSteps(cfg, 10_000, quick)}
}

// Section8 returns Section 8's presets: the small abs model and the main sweep.
func Section8(quick bool) Section8Presets {
	return Section8Presets{Small: section8Small(quick), Main: section8Main(quick)}
}

// Section8Presets are Section 8's experiments.
type Section8Presets struct{ Small, Main Experiment }

// All lists the experiments in training order.
func (p Section8Presets) All() []Experiment { return []Experiment{p.Small, p.Main} }
