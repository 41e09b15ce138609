package paper

import "github.com/toymodels/superposition/toysup"

// Section7Densities are the feature probabilities 1−S of the Section 7 sweep: ARENA's seven instances and 0.12,
// where the paper shows 6 features in 4 neurons.
var Section7Densities = []float64{0.75, 0.35, 0.15, 0.12, 0.1, 0.06, 0.02, 0.01}

// Section7Seeds is how many models are trained per density; the lowest-loss one is kept ([BestOfK]). The paper
// trains 1000 per density and shows the best (`reproduce --seeds 1000`). At 1−S = 0.35 about one seed in eight
// finds the lowest-loss solution (3 features in 2 neurons beside 3 monosemantic ones); most stop at 5
// monosemantic neurons, or at a worse arrangement of the 3-in-2 kind.
const Section7Seeds = 32

// Section7 returns the paper's Section 7 ("Superposition in a privileged basis") preset "s7_privileged": the
// "relu_hidden" model h = ReLU(W x), x' = ReLU(Wᵀh + b) with n = 10 features, m = 5 neurons and I_i = 0.75^i, at
// every density of [Section7Densities] with [Section7Seeds] seeds side by side (instance d·Section7Seeds + s is
// density d, seed s), trained as ARENA does (Adam, lr 1e-3, no weight decay, batch 1024) for 6 000 steps (ARENA
// trains 10 000; the best seeds have settled by 6 000, and more steps do not rescue a seed stuck in a worse
// arrangement).
func Section7(quick bool) Section7Presets {
	p := Seeded(Section7Densities, Section7Seeds)
	cfg := toysup.Config{Model: toysup.ModelReLUHidden, Features: 10, Hidden: 5, Instances: len(p), ImportanceDecay: decayPtr(0.75),
		FeatureProbability: toysup.Vector(p), Optimizer: "adam", Seed: 0}
	return Section7Presets{Sweep: Experiment{Name: "s7_privileged", Title: "ReLU hidden layer (privileged basis), n=10, m=5, I=0.75^i, 1−S from 0.75 to 0.01",
		Config: withSteps(cfg, 6_000, quick), Seeds: Section7Seeds}}
}

// Section7Presets are Section 7's experiments.
type Section7Presets struct{ Sweep Experiment }

// All lists the experiments in training order.
func (p Section7Presets) All() []Experiment { return []Experiment{p.Sweep} }
