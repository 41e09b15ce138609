package paper

import (
	"context"
	"math"

	"github.com/toymodels/superposition/toysup/theory"
)

// Section2Run is Section 2 ("Demonstrating superposition") and the introduction's figure.
type Section2Run struct {
	Linear *Trained // the dense linear model.
	// Sweep and Scaled are the ReLU-output sweeps over [Section2Densities] (n=20, m=5 and n=80, m=20): the best
	// seed of each density.
	Sweep, Scaled *Trained
	Intro         *Trained // n=5, m=2 at [IntroDensities]: the best seed of each density.
	// Seeds trained per density of Sweep, Scaled and Intro.
	SweepSeeds, ScaledSeeds, IntroSeeds int
}

// Section2 trains [Section2] and [Intro] and keeps the best seed of each density of the ReLU sweeps.
func (r Runner) Section2(ctx context.Context) (*Section2Run, error) {
	p := Section2(r.Quick)
	out := &Section2Run{}
	var err error
	if out.Linear, err = r.train(ctx, p.Linear); err != nil {
		return nil, err
	}
	if out.Sweep, out.SweepSeeds, err = r.bestOf(ctx, p.Sweep, len(Section2Densities)); err != nil {
		return nil, err
	}
	if out.Scaled, out.ScaledSeeds, err = r.bestOf(ctx, p.Scaled, len(Section2Densities)); err != nil {
		return nil, err
	}
	out.Intro, out.IntroSeeds, err = r.bestOf(ctx, p.Intro, len(IntroDensities))
	return out, err
}

// bestOf trains e, whose instances are `settings` settings × seeds, and keeps the best seed of each setting; it
// returns the seeds per setting trained.
func (r Runner) bestOf(ctx context.Context, e Experiment, settings int) (*Trained, int, error) {
	t, err := r.train(ctx, e)
	if err != nil {
		return nil, 0, err
	}
	best, err := r.selectBest(t)
	return best, len(t.Result.Instances) / settings, err
}

// PhaseRun is one Section 3 phase diagram, trained and analytic.
type PhaseRun struct {
	Trained *Trained
	// Diagram classifies each cell the paper's way: its highest-loss seed discarded, the majority class of the
	// others ([theory.ClassifyPhaseVote] on the exact losses).
	Diagram theory.PhaseDiagram
	// Analytic is the lowest-exact-loss candidate per cell with the paper's biases.
	Analytic theory.PhaseDiagram
	// Comparison is Diagram beside the analytic diagram on a fine grid and the closed-form boundaries.
	Comparison theory.PhaseComparison
	// Agreement is the share of cells where Diagram and Analytic agree.
	Agreement float64
	// Seeds is the number of seeds per cell.
	Seeds int
}

// Section3 trains the two phase-diagram grids and classifies them beside their analytic counterparts.
func (r Runner) Section3(ctx context.Context) ([]PhaseRun, error) {
	p := Section3(r.Quick)
	var out []PhaseRun
	for _, e := range p.All() {
		t, err := r.train(ctx, e)
		if err != nil {
			return nil, err
		}
		run := PhaseRun{Trained: t, Seeds: len(t.Result.Instances) / (len(p.Grid.Densities) * len(p.Grid.Importances))}
		if run.Diagram, err = theory.ClassifyPhaseVote(t.Result, t.Losses()); err != nil {
			return nil, err
		}
		run.Analytic, err = theory.AnalyticPhaseDiagram(e.Config.Features, run.Diagram.Densities, run.Diagram.Importances, theory.BiasPaper)
		if err != nil {
			return nil, err
		}
		if run.Agreement, err = run.Diagram.Agreement(run.Analytic); err != nil {
			return nil, err
		}
		if run.Comparison, err = theory.ComparePhases(e.Config.Features, run.Diagram, 0); err != nil {
			return nil, err
		}
		out = append(out, run)
	}
	return out, nil
}

// Section4Run is Section 4 ("The geometry of superposition").
type Section4Run struct {
	Uniform *Trained // the uniform sweep (every instance: D* and the D_i scatter).
	// Tegum are each uniform model's tegum factors ([theory.TegumFactors] over the features with ‖W_i‖ >
	// [RepresentedNorm]), `[instances]`.
	Tegum [][]theory.TegumFactor
	// NonUniform, LocalBases and FeatureSets (correlated, anticorrelated, correlated triple, in preset order)
	// keep the best seed of each setting.
	NonUniform, LocalBases *Trained
	FeatureSets            []*Trained
	// Crossover is the non-uniform series' best loss of each geometry (pentagon, two digons) per relative
	// density, over all its seeds.
	Crossover []CrossoverPoint
}

// Section4 trains [Section4] and keeps the best seeds of the multi-seed presets.
func (r Runner) Section4(ctx context.Context) (*Section4Run, error) {
	p := Section4(r.Quick)
	out := &Section4Run{}
	var err error
	if out.Uniform, err = r.train(ctx, p.Uniform); err != nil {
		return nil, err
	}
	for k, in := range out.Uniform.Result.Instances {
		out.Tegum = append(out.Tegum, theory.TegumFactors(in.W, out.Uniform.Analyses[k].FeatureDimensionality, RepresentedNorm))
	}
	nu, err := r.train(ctx, p.NonUniform)
	if err != nil {
		return nil, err
	}
	if out.Crossover, err = r.crossover(nu); err != nil {
		return nil, err
	}
	if out.NonUniform, err = r.selectBest(nu); err != nil {
		return nil, err
	}
	for _, e := range p.FeatureSets() {
		t, err := r.best(ctx, e)
		if err != nil {
			return nil, err
		}
		out.FeatureSets = append(out.FeatureSets, t)
	}
	out.LocalBases, err = r.best(ctx, p.LocalBases)
	return out, err
}

// best trains e and keeps its best seed per setting.
func (r Runner) best(ctx context.Context, e Experiment) (*Trained, error) {
	t, err := r.train(ctx, e)
	if err != nil {
		return nil, err
	}
	return r.selectBest(t)
}

// Jump thresholds of Section 5: a feature's D_i moving by more than JumpMinChange within a factor JumpRatio of
// steps, for features with ‖W_i‖ ≥ JumpMinNorm (see [theory.Jumps]).
const (
	JumpMinChange = 0.1
	JumpRatio     = 1.25
	JumpMinNorm   = 0.1
)

// DynamicsRun is one Section 5 learning-dynamics run and its jumps of D_i (instance 0).
type DynamicsRun struct {
	Trained *Trained
	Jumps   []theory.Jump
	// Large marks the large uniform model, whose features jump between energy levels (Claim 20) but each carry
	// too small a share of the loss for Claim 16's per-jump loss drop.
	Large bool
}

// Section5 trains [Section5] with snapshots and finds the jumps of D_i.
func (r Runner) Section5(ctx context.Context) ([]DynamicsRun, error) {
	var out []DynamicsRun
	p := Section5(r.Quick)
	for _, e := range p.All() {
		t, err := r.train(ctx, e)
		if err != nil {
			return nil, err
		}
		jumps, err := theory.Jumps(t.Dynamics, 0, JumpMinChange, JumpRatio, JumpMinNorm)
		if err != nil {
			return nil, err
		}
		out = append(out, DynamicsRun{Trained: t, Jumps: jumps, Large: e.Name == p.UniformLarge.Name})
	}
	return out, nil
}

// AttackRun is Section 6: the analytic attack on every instance, sized per input and at one fixed size.
type AttackRun struct {
	Trained         *Trained
	Relative, Fixed []theory.AttackReport
	// DenseRef is the same (relative) attack on the trained densest model — no superposition, D* ≈ 1 — fed each
	// instance's inputs: a trained reference for the vulnerability, beside the analytic one, `[instances]`.
	DenseRef []theory.AttackReport
}

// TrainedRefVulnerability is instance k's loss increase under the attack over the trained dense model's on the
// same inputs (NaN where that is 0).
func (a *AttackRun) TrainedRefVulnerability(k int) float64 {
	if len(a.DenseRef) <= k || !(a.DenseRef[k].Increase > 0) {
		return math.NaN()
	}
	return a.Relative[k].Increase / a.DenseRef[k].Increase
}

// attackSamples is the number of inputs attacked per instance.
func (r Runner) attackSamples() int {
	return r.evalSamples()
}

// Section6 trains [Section6] and attacks every instance both ways on fresh inputs (seed: training seed + 1000).
func (r Runner) Section6(ctx context.Context) (*AttackRun, error) {
	e := Section6(r.Quick).Sweep
	t, err := r.train(ctx, e)
	if err != nil {
		return nil, err
	}
	opts := theory.AttackOptions{Samples: r.attackSamples(), Seed: uint64(e.Config.Seed) + 1000}
	out := &AttackRun{Trained: t}
	if out.Relative, err = theory.Attack(t.Result, opts); err != nil {
		return nil, err
	}
	dense := t.Result.Instances[densest(t)]
	for _, in := range t.Result.Instances {
		ref := dense
		ref.FeatureProbability = in.FeatureProbability
		rep, err := theory.AttackInstance(t.Result.Config, ref, opts)
		if err != nil {
			return nil, err
		}
		out.DenseRef = append(out.DenseRef, rep)
	}
	opts.Scaling = theory.AttackFixed
	out.Fixed, err = theory.Attack(t.Result, opts)
	return out, err
}

// NeuronRun is a Section 7 or 8 sweep: the best seed of each density (all instances when trained with one seed)
// and its neurons.
type NeuronRun struct {
	Best    *Trained
	Neurons []theory.NeuronAnalysis
	Seeds   int // seeds trained per density.
}

// neurons trains e, keeps its best seeds and analyses their neurons.
func (r Runner) neurons(ctx context.Context, e Experiment, densities int) (*NeuronRun, error) {
	best, err := r.best(ctx, e)
	if err != nil {
		return nil, err
	}
	nas, err := theory.AnalyzeNeurons(best.Result)
	if err != nil {
		return nil, err
	}
	return &NeuronRun{Best: best, Neurons: nas, Seeds: e.Config.Instances / densities}, nil
}

// Section7 trains [Section7] ("Superposition in a privileged basis").
func (r Runner) Section7(ctx context.Context) (*NeuronRun, error) {
	return r.neurons(ctx, Section7(r.Quick).Sweep, len(Section7Densities))
}

// Section8Run is Section 8 ("Computation in superposition"): the small abs model and the main sweep.
type Section8Run struct {
	Small, Main *NeuronRun
	// Motifs are the asymmetric-superposition neurons of each main model ([theory.AsymmetricMotifs] with
	// [MotifSmallWeight]), `[densities]`.
	Motifs [][]theory.Motif
}

// MotifSmallWeight is the fraction of a neuron's largest |W₁| below which a feature's input does not count in
// [theory.AsymmetricMotifs] (the neuron figures' SmallWeight is 0.3; a motif's weak feature can be smaller).
const MotifSmallWeight = 0.1

// Section8 trains [Section8Small] and [Section8].
func (r Runner) Section8(ctx context.Context) (*Section8Run, error) {
	p := Section8(r.Quick)
	small, err := r.neurons(ctx, p.Small, len(Section8SmallDensities))
	if err != nil {
		return nil, err
	}
	main, err := r.neurons(ctx, p.Main, len(Section8Densities))
	if err != nil {
		return nil, err
	}
	out := &Section8Run{Small: small, Main: main}
	for _, in := range main.Best.Result.Instances {
		out.Motifs = append(out.Motifs, theory.AsymmetricMotifs(in, MotifSmallWeight))
	}
	return out, nil
}
