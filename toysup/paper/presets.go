package paper

import "github.com/toymodels/superposition/toysup"

// Experiment is one preset training run of a paper section.
type Experiment struct {
	// Name is a file-friendly identifier, e.g. "s2_relu_sweep".
	Name string
	// Title describes it for figures and summaries.
	Title  string
	Config toysup.Config
	// SnapshotEvery, when > 0, records the geometry every that many steps (Section 5's learning dynamics).
	SnapshotEvery int
	// Seeds is how many instances train per setting when the section keeps the best of them (best of K: see
	// [Selection]); 0 for experiments that keep every instance. [Runner.Seeds] overrides it.
	Seeds int
	// ExactLoss ranks and reports instances by [theory.SmallModelLoss] (exact for Section 3's tiny models, whose
	// sampled losses at 1−S = 0.01 rest on a handful of samples) instead of a loss on fresh samples.
	ExactLoss bool
}

// Seeded repeats each density `seeds` times: the feature probabilities `[densities·seeds]` of a best-of-K sweep,
// instances ordered by density, then seed.
func Seeded(densities []float64, seeds int) []float64 {
	out := make([]float64, 0, len(densities)*seeds)
	for _, d := range densities {
		for range seeds {
			out = append(out, d)
		}
	}
	return out
}

// Section2Densities are the feature probabilities 1−S of the paper's Section 2 ReLU sweep.
var Section2Densities = []float64{1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001}

// QuickSteps is the step count of presets in quick mode (smoke tests and CI).
const QuickSteps = 300

func decayPtr(v float64) *float64 { return &v }

// withSteps returns cfg with the preset's steps, cut to [QuickSteps] in quick mode.
func withSteps(cfg toysup.Config, steps int, quick bool) toysup.Config {
	cfg.Steps = steps
	if quick {
		cfg.Steps = QuickSteps
	}
	return cfg
}

// Seeds per density of Section 2's ReLU sweeps (the lowest-loss one kept, [BestOfK]): a single seed can land in a
// local minimum (one run at 1−S = 0.3 put the most important feature in an antipodal pair).
const (
	Section2Seeds       = 4
	Section2ScaledSeeds = 3
)

// Section2 returns the paper's Section 2 ("Demonstrating superposition") presets, trained with the Colab's
// settings (AdamW, lr 1e-3, batch 1024, 10 000 steps):
//   - "s2_linear": the linear model, n=20, m=5, I_i=0.7^i, dense;
//   - "s2_relu_sweep": ReLU-output models, n=20, m=5, I_i=0.7^i, at 1−S ∈ [Section2Densities], [Section2Seeds]
//     seeds each (best of K);
//   - "s2_scaled": the paper's scaled-up version, n=80, m=20, I_i=0.9^i, at the same densities,
//     [Section2ScaledSeeds] seeds each.
//
// Intro is the introduction's figure, see [Intro].
func Section2(quick bool) Section2Presets {
	base := toysup.Config{Features: 20, Hidden: 5, ImportanceDecay: decayPtr(0.7), Seed: 0}
	linear := base
	linear.Model, linear.FeatureProbability = toysup.ModelLinear, toysup.Scalar(1)
	relu := base
	p := Seeded(Section2Densities, Section2Seeds)
	relu.Model, relu.Instances, relu.FeatureProbability = toysup.ModelReLUOutput, len(p), toysup.Vector(p)
	ps := Seeded(Section2Densities, Section2ScaledSeeds)
	scaled := toysup.Config{Model: toysup.ModelReLUOutput, Features: 80, Hidden: 20, Instances: len(ps), ImportanceDecay: decayPtr(0.9),
		FeatureProbability: toysup.Vector(ps), Seed: 2}
	return Section2Presets{
		Linear: Experiment{Name: "s2_linear", Title: "Linear model, n=20, m=5, I=0.7^i, dense", Config: withSteps(linear, 10_000, quick)},
		Sweep: Experiment{Name: "s2_relu_sweep", Title: "ReLU output model, n=20, m=5, I=0.7^i, 1−S from 1 to 0.001",
			Config: withSteps(relu, 10_000, quick), Seeds: Section2Seeds},
		Scaled: Experiment{Name: "s2_scaled", Title: "ReLU output model, scaled up: n=80, m=20, I=0.9^i, 1−S from 1 to 0.001",
			Config: withSteps(scaled, 10_000, quick), Seeds: Section2ScaledSeeds},
		Intro: Intro(quick),
	}
}

// Section2Presets are Section 2's experiments and the introduction's.
type Section2Presets struct{ Linear, Sweep, Scaled, Intro Experiment }

// All lists the experiments in training order.
func (p Section2Presets) All() []Experiment {
	return []Experiment{p.Linear, p.Sweep, p.Scaled, p.Intro}
}

// IntroDensities are the densities at which the paper's intro figure shows the n=5, m=2 model.
var IntroDensities = []float64{1, 0.2, 0.1}

// Intro returns the paper's introduction preset "intro_5_in_2": n=5 features in m=2 dimensions, ReLU output,
// I_i = 0.9^i, at 1−S ∈ [IntroDensities] (dense: 2 orthogonal; 0.2: two antipodal pairs; 0.1: a pentagon).
// Small models land in local minima, so each density is trained with several seeds side by side (best of K: see
// [BestOfK]).
func Intro(quick bool) Experiment {
	const seeds = 8
	p := Seeded(IntroDensities, seeds)
	cfg := toysup.Config{Model: toysup.ModelReLUOutput, Features: 5, Hidden: 2, Instances: len(p), ImportanceDecay: decayPtr(0.9),
		FeatureProbability: toysup.Vector(p), Seed: 0}
	return Experiment{Name: "intro_5_in_2", Title: "5 features in 2 dimensions, I=0.9^i", Config: withSteps(cfg, 10_000, quick), Seeds: seeds}
}
