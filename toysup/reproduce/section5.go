package reproduce

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/theory"
	"github.com/toymodels/superposition/toysup/train"
)

func init() { register(5, "Superposition and learning dynamics", runSection5) }

// s5Captions describe the Section 5 figures, by experiment name.
var s5Captions = map[string]string{
	"s5_octahedron": "Learning dynamics of n=6 features in m=3 dimensions, two sets of 3 correlated features (1−S=0.05, small init): each feature's dimensionality D_i (top) and the loss (bottom, log scale) over training steps (log scale). " +
		"Training passes through distinct regimes — plateaus of D_i separated by sudden jumps — and every jump coincides with a sudden drop of the loss, until the features settle as an octahedron (three antipodal pairs, D_i = 1/2).",
	"s5_antiprism": "Learning dynamics of n=8 features in m=3 dimensions with uniform importance (1−S=0.1, small init): D_i of each feature (top) and the loss (bottom). " +
		"The features reorganise — some D_i jump or dip sharply — while the loss drops most steeply, and settle as a square antiprism (every D_i = 3/8).",
}

// runSection5 trains the Section 5 presets with snapshots and draws D_i per feature over training with the loss.
func runSection5(ctx context.Context, r *runner) error {
	for _, e := range paper.Section5(r.opts.Quick) {
		d, err := r.trainDynamics(ctx, e)
		if err != nil {
			return err
		}
		if err := r.figure(e.Name+".svg", s5Captions[e.Name],
			func() (string, error) { return figures.DynamicsFigure(d, figures.Options{}) }); err != nil {
			return err
		}
	}
	return nil
}

// trainDynamics trains an experiment with snapshots, saves the result and the dynamics (D_i, ‖W_i‖ and D* per
// snapshot), analyses the result and appends a summary with the jumps of D_i.
func (r *runner) trainDynamics(ctx context.Context, e paper.Experiment) (*toysup.Dynamics, error) {
	start := time.Now()
	d, err := train.TrainWithSnapshots(ctx, e.Config, paper.SnapshotEvery(e.Config), train.WithProgress(r.opts.Progress))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.Name, err)
	}
	res := d.Result
	file, dynFile := e.Name+".json", e.Name+"_dynamics.json"
	if err := res.Save(filepath.Join(r.opts.Dir, file)); err != nil {
		return nil, err
	}
	if err := d.Save(filepath.Join(r.opts.Dir, dynFile)); err != nil {
		return nil, err
	}
	an, err := res.Analyze(r.opts.EvalSamples, uint64(e.Config.Seed)+1)
	if err != nil {
		return nil, err
	}
	r.results[e.Name], r.an[e.Name] = res, an
	r.report.Results = append(r.report.Results, file, dynFile)
	var sb strings.Builder
	sb.WriteString(summarize(e, res, an))
	jumps, err := theory.Jumps(d, 0, 0.1, 1.25, 0.1)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(&sb, "%d snapshots. Jumps of D_i (by more than 0.1 within a factor 1.25 of steps, ‖W_i‖ ≥ 0.1), with the mean loss over 10 %% of the steps before and after:\n\n", len(d.Steps))
	sb.WriteString("| steps | feature | D_i | loss |\n|---|---|---|---|\n")
	for _, j := range jumps {
		fmt.Fprintf(&sb, "| %d–%d | %d | %.2f → %.2f | %.4g → %.4g |\n", j.Step, j.End, j.Feature, j.From, j.To,
			d.LossAt(0, j.Step*10/11, j.Step), d.LossAt(0, j.End, j.End*11/10))
	}
	sb.WriteString("\nFinal D_i:")
	for _, v := range d.D[0][len(d.Steps)-1] {
		fmt.Fprintf(&sb, " %.3f", v)
	}
	sb.WriteString("\n\n")
	r.report.Summary += sb.String()
	if r.opts.Log != nil {
		fmt.Fprintf(r.opts.Log, "%-16s %d steps × %d instances in %s (%s engine) → %s, %s\n", e.Name, res.Config.Steps,
			res.Config.Instances, time.Since(start).Round(time.Millisecond), res.Run.Engine, file, dynFile)
	}
	return d, nil
}
