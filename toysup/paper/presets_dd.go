package paper

import (
	"fmt"
	"slices"

	"github.com/toymodels/superposition/toysup"
)

// Beyond the paper: memorization and double descent with finite data (Henighan et al. 2023), and removing
// superposition with an L1 penalty on the hidden activations (the paper's "strategic picture").

// DoubleDescentSizes is the log grid of training-set sizes T of the double-descent preset (3 … 3200, about
// 1.8× apart); QuickDoubleDescentSizes the quick grid.
var (
	DoubleDescentSizes      = []int{3, 5, 8, 13, 24, 45, 85, 160, 300, 560, 1000, 1800, 3200}
	QuickDoubleDescentSizes = []int{3, 5, 8, 50, 300, 1000}
)

// Double-descent settings: seeds per size (instances side by side, each with its own training set and
// initialisation) and steps (quick: fewer seeds and steps on the quick grid).
//
// The sizes T ≤ [DoubleDescentMemorizeT] (the memorization regime, where the follow-up shows the training points as
// T-gons) train longer and with more seeds: full batch they are cheap (a step costs ∝ T). At 5 000 steps (quick:
// 3 000) no seed of T = 8 memorizes its points (train loss 0.1–0.3: a point collapsed to the origin or two merged);
// at 20 000 (quick: 10 000) half or more of the seeds do. More seeds make the geometry's summary, taken over the seeds
// that memorize, robust to the other half.
const (
	DoubleDescentSeeds      = 3
	DoubleDescentSteps      = 5_000
	QuickDoubleDescentSeeds = 2
	QuickDoubleDescentSteps = 3_000

	DoubleDescentMemorizeT          = 8
	DoubleDescentMemorizeSeeds      = 8
	DoubleDescentMemorizeSteps      = 20_000
	QuickDoubleDescentMemorizeSeeds = 4
	QuickDoubleDescentMemorizeSteps = 10_000
	// DoubleDescentFeatures is N and DoubleDescentDensity is 1 − S.
	DoubleDescentFeatures = 1000
	DoubleDescentDensity  = 0.01
)

// The L2 companions of the double-descent preset: T = [DoubleDescentGDSize] trained on loss + (wd/2)‖θ‖² with wd
// = 1e-2, the follow-up's weight decay as an L2 term, with the same warm-up and cosine decay, by full-batch
// gradient descent (optimizer "sgd") at lr [DoubleDescentGDLearningRate] for [DoubleDescentGDSteps] (gradient
// descent needs a rate ~500× Adam's: measured, lr 0.5 converges within 1 000 steps; at lr 1 every point collapses
// to the origin), and by Adam (optimizer "adam": the weight decay enters the gradient before Adam's moments) at the
// follow-up's lr 1e-3 for the memorization steps.
const (
	DoubleDescentGDSize         = 3
	DoubleDescentGDLearningRate = 0.5
	DoubleDescentGDSteps        = 5_000
	QuickDoubleDescentGDSteps   = 2_000
)

// DoubleDescentPresets are the double-descent experiments, one per training-set size, and the L2 companions.
type DoubleDescentPresets struct {
	Sizes []int
	Runs  []Experiment // Runs[i] trains T = Sizes[i].
	// GD and AdamL2 train T = [DoubleDescentGDSize] on the loss with an L2 term, whose minimum is the regular
	// polygon of [theory.RegularMemorization] (the follow-up's AdamW does not reach it at T = 3): by gradient
	// descent, and by Adam with the weight decay coupled into the gradient.
	GD, AdamL2 Experiment
}

// All lists the experiments in training order.
func (p DoubleDescentPresets) All() []Experiment { return append(slices.Clone(p.Runs), p.GD, p.AdamL2) }

// DoubleDescent returns the double-descent presets "dd_T…": the ReLU-output model with N = 1000 features in
// m = 2 dimensions, 1 − S = 0.01, uniform importance, unit-norm inputs, trained full batch on a fixed set of T
// samples with AdamW (lr 1e-3, weight decay 1e-2), a linear warm-up over the first 5 % of steps then cosine decay
// to zero, [DoubleDescentSeeds] seeds side by side for [DoubleDescentSteps] steps, for every T of
// [DoubleDescentSizes]; T ≤ [DoubleDescentMemorizeT] with [DoubleDescentMemorizeSeeds] seeds for
// [DoubleDescentMemorizeSteps] steps (quick: [QuickDoubleDescentSizes] with the Quick… seeds and steps). The
// follow-up trains N = 10 000 features at 1 − S = 0.001 for 50 000 steps at every T; this is 10× smaller and
// (above T = 8) 10× shorter to fit a CPU.
func DoubleDescent(quick bool) DoubleDescentPresets {
	sizes, seeds, steps := DoubleDescentSizes, DoubleDescentSeeds, DoubleDescentSteps
	memSeeds, memSteps := DoubleDescentMemorizeSeeds, DoubleDescentMemorizeSteps
	if quick {
		sizes, seeds, steps = QuickDoubleDescentSizes, QuickDoubleDescentSeeds, QuickDoubleDescentSteps
		memSeeds, memSteps = QuickDoubleDescentMemorizeSeeds, QuickDoubleDescentMemorizeSteps
	}
	p := DoubleDescentPresets{Sizes: sizes}
	for _, T := range sizes {
		seeds, steps := seeds, steps
		if T <= DoubleDescentMemorizeT {
			seeds, steps = memSeeds, memSteps
		}
		cfg := toysup.Config{Model: toysup.ModelReLUOutput, Features: DoubleDescentFeatures, Hidden: 2, Instances: seeds,
			FeatureProbability: toysup.Scalar(DoubleDescentDensity), DatasetSize: T, BatchSize: T, NormalizeInputs: true,
			Steps: steps, WarmupSteps: steps / 20, LRSchedule: toysup.ScheduleCosine, LearningRate: 1e-3,
			Optimizer: toysup.OptimizerAdamW, WeightDecay: decayPtr(1e-2), Seed: 0}
		p.Runs = append(p.Runs, Experiment{Name: fmt.Sprintf("dd_T%04d", T),
			Title:  fmt.Sprintf("Double descent: N=1000, m=2, 1−S=0.01, unit-norm inputs, T=%d training points, full batch", T),
			Config: cfg})
	}
	gdSteps := DoubleDescentGDSteps
	if quick {
		gdSteps = QuickDoubleDescentGDSteps
	}
	p.GD = doubleDescentL2("gd", "gradient descent", toysup.OptimizerSGD, DoubleDescentGDLearningRate, memSeeds, gdSteps)
	p.AdamL2 = doubleDescentL2("adaml2", "Adam", toysup.OptimizerAdam, 1e-3, memSeeds, memSteps)
	return p
}

// doubleDescentL2 is an L2 companion ([DoubleDescentPresets.GD]): T = [DoubleDescentGDSize]'s memorization config
// trained by opt at lr on loss + (wd/2)‖θ‖², wd = 1e-2, named "dd_<tag>_T0003".
func doubleDescentL2(tag, what string, opt toysup.Optimizer, lr float64, seeds, steps int) Experiment {
	T := DoubleDescentGDSize
	cfg := toysup.Config{Model: toysup.ModelReLUOutput, Features: DoubleDescentFeatures, Hidden: 2, Instances: seeds,
		FeatureProbability: toysup.Scalar(DoubleDescentDensity), DatasetSize: T, BatchSize: T, NormalizeInputs: true,
		Steps: steps, WarmupSteps: steps / 20, LRSchedule: toysup.ScheduleCosine, LearningRate: lr,
		Optimizer: opt, WeightDecay: decayPtr(1e-2), Seed: 0}
	return Experiment{Name: fmt.Sprintf("dd_%s_T%04d", tag, T),
		Title:  fmt.Sprintf("Memorization by %s with L2 weight decay: N=1000, m=2, 1−S=0.01, T=%d, full batch", what, T),
		Config: cfg}
}

// L1Lambdas is the log grid of l1_hidden λ of the L1 preset (0 first, the unpenalised model).
var L1Lambdas = []float64{0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3}

// L1 settings: the model is Section 2's sparse one.
const (
	L1Density = 0.03
	L1Steps   = 10_000
	L1Seeds   = 4
)

// L1Presets are the L1 experiments, one per λ.
type L1Presets struct {
	Lambdas []float64
	Runs    []Experiment // Runs[i] trains λ = Lambdas[i].
}

// All lists the experiments in training order.
func (p L1Presets) All() []Experiment { return p.Runs }

// L1 returns the L1 presets "l1_…": Section 2's ReLU-output model (n = 20, m = 5, I_i = 0.7^i) at 1 − S = 0.03,
// where it stores many features in superposition, trained with l1_hidden λ for every λ of [L1Lambdas] (AdamW, lr
// 1e-3, batch 1024, [L1Steps] steps; [L1Seeds] seeds side by side, the lowest-loss one kept; quick:
// [QuickSteps]).
func L1(quick bool) L1Presets {
	p := L1Presets{Lambdas: L1Lambdas}
	for i, l := range L1Lambdas {
		cfg := toysup.Config{Model: toysup.ModelReLUOutput, Features: 20, Hidden: 5, Instances: L1Seeds, ImportanceDecay: decayPtr(0.7),
			FeatureProbability: toysup.Scalar(L1Density), L1Hidden: l, Seed: 0}
		p.Runs = append(p.Runs, Experiment{Name: fmt.Sprintf("l1_%d", i),
			Title:  fmt.Sprintf("L1 penalty on h: n=20, m=5, I=0.7^i, 1−S=0.03, λ=%g", l),
			Config: withSteps(cfg, L1Steps, quick), Seeds: L1Seeds})
	}
	return p
}
