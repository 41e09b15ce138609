package reproduce

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/report"
	"github.com/toymodels/superposition/toysup/sae"
)

func init() {
	registerNamed("sae", "Beyond the paper: sparse autoencoders scored against the ground truth", runSAE)
}

// trainSAE is the runner's [paper.SAETrainer]: it trains e on its base, saves the result file, appends its
// metrics table to the summary and logs a line.
func (r *runner) trainSAE(ctx context.Context, e paper.SAEExperiment, base *paper.Trained) (*sae.Result, error) {
	start := time.Now()
	res, err := sae.Train(ctx, base.Result, e.Config)
	if err != nil {
		return nil, err
	}
	file := e.Name + ".json"
	if err := res.Save(filepath.Join(r.opts.Dir, file)); err != nil {
		return nil, err
	}
	r.report.Results = append(r.report.Results, file)
	r.report.Summary += report.SAEMetrics(e.Name+" — "+e.Title+" (on "+e.Base+")", res).Markdown()
	if r.opts.Log != nil {
		fmt.Fprintf(r.opts.Log, "%-16s %d steps × %d SAEs in %s → %s\n", e.Name, res.Config.Steps, len(res.SAEs),
			time.Since(start).Round(time.Millisecond), file)
	}
	return res, nil
}

// runSAE trains the SAE presets and draws the ARENA case's latents, frames and history, the large case's
// cosine matrices and the sparsity sweep.
func runSAE(ctx context.Context, r *runner) error {
	run, err := r.paper.SAE(ctx)
	if err != nil {
		return err
	}
	arena := run.ARENABase.Result
	figs := []struct {
		file, caption string
		render        func() (string, error)
	}{
		{"sae_arena_latents.svg", "SAEs with 5 latents (colours, unit decoder directions) on the n=5, m=2 model's hidden plane (grey: its feature directions W_i), 4 seeds, with Anthropic's resampling of dead latents: every seed should put one latent on each feature.",
			func() (string, error) { return figures.SAELatentsFigure(arena, run.ARENA, figures.Options{}) }},
		{"sae_arena_noresample_latents.svg", "The same SAEs without resampling: the failure modes — a latent that never fires (dead, its arrow pointing nowhere useful) and a latent between two features that it shares.",
			func() (string, error) { return figures.SAELatentsFigure(arena, run.ARENANoResample, figures.Options{}) }},
		{"sae_arena_frames.svg", "One SAE's decoder directions over training without resampling (faint: the path of each latent's tip so far), frame by frame.",
			func() (string, error) {
				return figures.SAEFramesFigure(arena, run.ARENANoResample, figures.Options{Instance: worstSAE(run.ARENANoResample)})
			}},
		{"sae_arena_frames_resampled.svg", "The same frames with resampling: dead latents are re-initialised towards badly reconstructed inputs (every 2 500 steps) and find the features left uncovered.",
			func() (string, error) {
				return figures.SAEFramesFigure(arena, run.ARENA, figures.Options{Instance: worstSAE(run.ARENANoResample)})
			}},
		{"sae_arena_training.svg", "MMCS, L0 (dashed: the data's true L0) and the dead fraction over training, with resampling (faint red lines: resampling events).",
			func() (string, error) { return figures.SAETrainingFigure(run.ARENA, figures.Options{}) }},
		{"sae_arena_noresample_training.svg", "The same without resampling: latents that die stay dead, and MMCS stops short of 1.",
			func() (string, error) { return figures.SAETrainingFigure(run.ARENANoResample, figures.Options{}) }},
		{"sae_large_40_cosines.svg", "Cosines of the n=40, m=10 model's features (rows) with the 40 latents of a ReLU SAE (columns, matched latents first): a red diagonal is a recovered dictionary.",
			func() (string, error) {
				return figures.SAECosineFigure(run.LargeBase.Result, run.Large40, figures.Options{})
			}},
		{"sae_large_80_cosines.svg", "The same with 80 latents: matched latents on the diagonal, the other 40 to the right.",
			func() (string, error) {
				return figures.SAECosineFigure(run.LargeBase.Result, run.Large80, figures.Options{})
			}},
		{"sae_sweep.svg", "The sparsity trade-off on the n=40, m=10 model (40 latents, ReLU + L1): as λ grows, L0 falls and the reconstruction error (FVU) rises; MMCS is highest near the data's true L0 (dashed).",
			func() (string, error) { return figures.SAESweepFigure(sweepLabels(), run.Sweep, figures.Options{}) }},
	}
	for _, f := range figs {
		if err := r.figure(f.file, f.caption, f.render); err != nil {
			return err
		}
	}
	return r.table(report.SAESweep("sae_sweep — the sparsity trade-off (40 latents, ReLU + L1, on sae_base_large)", sweepLabels(), run.Sweep))
}

func sweepLabels() []string {
	out := make([]string, len(paper.SAESweepL1))
	for i, l1 := range paper.SAESweepL1 {
		out[i] = fmt.Sprintf("λ = %g", l1)
	}
	return out
}

// worstSAE is the index of res's SAE with the lowest MMCS (the first on ties).
func worstSAE(res *sae.Result) int {
	worst := 0
	for q, s := range res.SAEs {
		if s.Metrics.MMCS < res.SAEs[worst].Metrics.MMCS {
			worst = q
		}
	}
	return worst
}
