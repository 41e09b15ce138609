package paper

import (
	"context"
	"fmt"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
	"github.com/toymodels/superposition/toysup/train"
)

// EvalSamples is the number of fresh samples every instance's loss is evaluated on: the loss that ranks the
// seeds of a best-of-K sweep and that summaries report (QuickEvalSamples in quick mode). The runner is the one
// place that sets them.
const (
	EvalSamples      = 100_000
	QuickEvalSamples = 10_000
)

// EvalSeed is the seed of the fresh evaluation samples of a config: its training seed + 1, so the evaluation
// never reuses a training stream's seed.
func EvalSeed(cfg toysup.Config) uint64 { return uint64(cfg.Seed) + 1 }

// Trained is a trained experiment with its per-instance analyses `[instances]` (the loss on [EvalSamples] fresh
// samples, or the exact loss for [Experiment.ExactLoss]) and, for [Experiment.SnapshotEvery], its dynamics.
type Trained struct {
	Experiment Experiment        `json:"experiment"`
	Result     *toysup.Result    `json:"result"`
	Analyses   []toysup.Analysis `json:"analyses"`
	Dynamics   *toysup.Dynamics  `json:"dynamics,omitempty"`
	// Selection is how the best seed of each setting was chosen, for a best-of-K experiment after selection.
	Selection []Selection `json:"selection,omitempty"`
}

// Trainer trains and analyses one experiment. [TrainAndAnalyze] is the default; gonbext caches it for notebooks
// and reproduce saves each result as it comes.
type Trainer func(ctx context.Context, e Experiment) (*Trained, error)

// Runner runs the paper's sections: each SectionN method trains its presets through Train and returns the numbers
// every figure, table and caption of the section needs. reproduce and the notebooks both call it, so they show the
// same models for the same preset.
type Runner struct {
	// Quick cuts every preset to [QuickSteps] steps (smoke tests, CI).
	Quick bool
	// Train trains one experiment (nil: [TrainAndAnalyze] with no progress display).
	Train Trainer
	// TrainSAE trains one SAE experiment on its base (nil: [sae.Train]).
	TrainSAE SAETrainer
	// Seeds, when > 0, is the number of seeds per setting of every best-of-K experiment (those with
	// [Experiment.Seeds] > 0), instead of each preset's own count: more seeds find the lowest-loss solutions more
	// often (the paper trains 1000 models per density in Section 7). 0: the presets' counts.
	Seeds int
}

// Validate checks the runner's settings before anything trains.
func (r Runner) Validate() error {
	if r.Seeds < 0 || r.Seeds > MaxSeeds {
		return toysup.ArgErrorf("seeds", "got %d, allowed 0 (the presets' counts) or 1 … %d", r.Seeds, MaxSeeds)
	}
	return nil
}

// Prepare returns e as the runner trains it: with [Runner.Seeds] seeds per setting when e keeps the best of
// several.
func (r Runner) Prepare(e Experiment) (Experiment, error) {
	if r.Seeds == 0 || e.Seeds == 0 {
		return e, nil
	}
	return e.WithSeeds(r.Seeds)
}

// train runs e through the runner's trainer.
func (r Runner) train(ctx context.Context, e Experiment) (*Trained, error) {
	tr := r.Train
	if tr == nil {
		tr = func(ctx context.Context, e Experiment) (*Trained, error) { return r.TrainAndAnalyze(ctx, e, nil) }
	}
	e, err := r.Prepare(e)
	if err != nil {
		return nil, err
	}
	t, err := tr(ctx, e)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.Name, err)
	}
	return t, nil
}

// TrainAndAnalyze trains e (with snapshots when e.SnapshotEvery > 0) and analyses every instance with
// [Runner.Analyze]; progress (nil: none) shows the training.
func (r Runner) TrainAndAnalyze(ctx context.Context, e Experiment, progress train.Progress) (*Trained, error) {
	t := &Trained{Experiment: e}
	var err error
	if e.SnapshotEvery > 0 {
		t.Dynamics, err = train.TrainWithSnapshots(ctx, e.Config, e.SnapshotEvery, train.WithProgress(progress))
		if t.Dynamics != nil {
			t.Result = t.Dynamics.Result
		}
	} else {
		t.Result, err = train.Train(ctx, e.Config, train.WithProgress(progress))
	}
	if err != nil {
		return nil, err
	}
	if t.Analyses, err = r.Analyze(e, t.Result); err != nil {
		return nil, err
	}
	return t, nil
}

// Analyze is the analysis of every instance of res trained for e, `[instances]`: [toysup.Result.Analyze] on
// [EvalSamples] (quick: [QuickEvalSamples]) fresh samples drawn with [EvalSeed], or for e.ExactLoss the weights'
// measures with the exact loss [theory.SmallModelLoss] as EvalLoss.
func (r Runner) Analyze(e Experiment, res *toysup.Result) ([]toysup.Analysis, error) {
	if !e.ExactLoss {
		return res.Analyze(r.evalSamples(), EvalSeed(res.Config))
	}
	losses, err := theory.PhaseLosses(res)
	if err != nil {
		return nil, err
	}
	an := make([]toysup.Analysis, len(res.Instances))
	for k, in := range res.Instances {
		an[k] = toysup.AnalyzeWeights(in.W)
		an[k].EvalLoss = losses[k]
	}
	return an, nil
}

func (r Runner) evalSamples() int {
	if r.Quick {
		return QuickEvalSamples
	}
	return EvalSamples
}

// Losses are the instances' evaluated losses, `[instances]`.
func (t *Trained) Losses() []float64 {
	out := make([]float64, len(t.Analyses))
	for k, a := range t.Analyses {
		out[k] = a.EvalLoss
	}
	return out
}
