package reproduce

import (
	"context"
	"encoding/json"
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

func init() { register(3, "Superposition as a phase change", runSection3) }

// s3Captions describe the two phase diagrams, by number of features.
var s3Captions = map[int]string{
	2: "Phase diagram of the n=2, m=1 ReLU-output model over feature density 1−S and the extra feature's relative importance r. " +
		"Left: the lowest exact loss among the three candidate solutions; right: trained models (best of several seeds per cell), classified by the extra feature's norm and its overlap with the other. " +
		"Solid: the paper's closed-form boundaries, meeting at the triple point p = 4/7, r = 1; dense models never superpose. " +
		"Dashed: the boundaries when the antipodal solution also gets its optimal (small positive) biases, which widen the superposition region near the triple point — where the trained diagram matches the closed forms only roughly, as the paper notes.",
	3: "Phase diagram of the n=3, m=2 ReLU-output model (importances 1, 1, r) over feature density 1−S and r. " +
		"Left: the lowest exact loss among the candidates W⊥[0,0,1], W⊥[1,0,0], W⊥[0,1,1], W⊥[1,1,0] (the hidden plane orthogonal to the given vector); right: trained models, best of several seeds per cell. " +
		"Sparse and unimportant: the extra feature joins another in an antipodal pair; sparse and important: it gets a dimension and the other two share one; dense: no superposition. " +
		"Trained models land in the neighbouring local minimum in some cells, mostly where the two superposed solutions are close in loss.",
}

// runSection3 trains the two phase-diagram grids and draws each next to its analytic counterpart with the
// theoretical boundaries.
func runSection3(ctx context.Context, r *runner) error {
	exps, err := paper.Section3(r.opts.Quick)
	if err != nil {
		return err
	}
	grid := paper.Section3Grid(r.opts.Quick)
	for _, e := range exps {
		d, err := r.trainPhase(ctx, e)
		if err != nil {
			return err
		}
		n := e.Config.Features
		coarse, err := theory.AnalyticPhaseDiagram(n, d.Densities, d.Importances, theory.BiasPaper)
		if err != nil {
			return err
		}
		agree, err := d.Agreement(coarse)
		if err != nil {
			return err
		}
		r.report.Summary += fmt.Sprintf("Agreement of the trained and analytic (paper's biases) diagrams: %.1f %% of %d cells.\n\n", 100*agree, len(d.Densities)*len(d.Importances))
		trained := fmt.Sprintf("trained: best of %d seeds per cell (%.0f %% agree)", grid.Seeds, 100*agree)
		caption := s3Captions[n]
		if err := r.figure(e.Name+".svg", caption, func() (string, error) {
			c, err := theory.ComparePhases(n, d, 0)
			if err != nil {
				return "", err
			}
			return figures.PhaseComparisonFigure(c, trained, figures.Options{})
		}); err != nil {
			return err
		}
	}
	return nil
}

// trainPhase trains a phase-grid experiment, saves its result and its classified diagram, and appends a compact
// summary. The loss of each instance is [theory.SmallModelLoss] (exact for these tiny models, where sampled
// losses at 1−S = 0.01 rest on a handful of samples), which also ranks the seeds of each cell.
func (r *runner) trainPhase(ctx context.Context, e paper.Experiment) (theory.PhaseDiagram, error) {
	start := time.Now()
	res, err := train.Train(ctx, e.Config, train.WithProgress(r.opts.Progress))
	if err != nil {
		return theory.PhaseDiagram{}, fmt.Errorf("%s: %w", e.Name, err)
	}
	file := e.Name + ".json"
	if err := res.Save(filepath.Join(r.opts.Dir, file)); err != nil {
		return theory.PhaseDiagram{}, err
	}
	losses, err := theory.PhaseLosses(res)
	if err != nil {
		return theory.PhaseDiagram{}, fmt.Errorf("%s: %w", e.Name, err)
	}
	an := make([]toysup.Analysis, len(res.Instances))
	for k, in := range res.Instances {
		an[k] = toysup.AnalyzeWeights(in.W)
		an[k].EvalLoss = losses[k]
	}
	d, err := theory.ClassifyPhaseResult(res, losses)
	if err != nil {
		return theory.PhaseDiagram{}, fmt.Errorf("%s: %w", e.Name, err)
	}
	diagramFile := e.Name + "_diagram.json"
	data, err := json.Marshal(d)
	if err != nil {
		return theory.PhaseDiagram{}, err
	}
	if err := toysup.WriteFileAtomic(filepath.Join(r.opts.Dir, diagramFile), data); err != nil {
		return theory.PhaseDiagram{}, err
	}
	r.results[e.Name], r.an[e.Name] = res, an
	r.report.Results = append(r.report.Results, file, diagramFile)
	var sb strings.Builder
	fmt.Fprintf(&sb, "## %s — %s\n\n%d steps, %s engine, %.1f s; %d instances: %d densities × %d importances × %d seeds (best kept).\n\n",
		e.Name, e.Title, res.Config.Steps, res.Run.Engine, res.Run.Seconds, len(res.Instances), len(d.Densities), len(d.Importances),
		len(res.Instances)/(len(d.Densities)*len(d.Importances)))
	sb.WriteString("| class | share of cells |\n|---|---|\n")
	for c, f := range d.Fractions() {
		fmt.Fprintf(&sb, "| %s | %.1f %% |\n", d.Classes[c], 100*f)
	}
	sb.WriteString("\n")
	r.report.Summary += sb.String()
	if r.opts.Log != nil {
		fmt.Fprintf(r.opts.Log, "%-16s %d steps × %d instances in %s (%s engine) → %s\n", e.Name, res.Config.Steps,
			res.Config.Instances, time.Since(start).Round(time.Millisecond), res.Run.Engine, file)
	}
	return d, nil
}
