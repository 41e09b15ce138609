package reproduce

import (
	"context"
	"fmt"

	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/report"
)

func init() { register(3, "Superposition as a phase change", runSection3) }

// s3Captions describe the two phase diagrams, by number of features.
var s3Captions = map[int]string{
	2: "Phase diagram of the n=2, m=1 ReLU-output model over feature density 1−S and the extra feature's relative importance r. " +
		"Left: the lowest exact loss among the three candidate solutions; right: trained models (per cell the majority class of its seeds, the highest-loss seed discarded, as the paper), classified by the extra feature's norm and its overlap with the other. " +
		"Solid: the paper's closed-form boundaries, meeting at the triple point p = 4/7, r = 1; dense models never superpose. " +
		"Dashed: the boundaries when the antipodal solution also gets its optimal (small positive) biases, which widen the superposition region near the triple point, where the paper notes the trained diagram matches the closed forms only roughly.",
	3: "Phase diagram of the n=3, m=2 ReLU-output model (importances 1, 1, r) over feature density 1−S and r. " +
		"Left: the lowest exact loss among the candidates W⊥[0,0,1], W⊥[1,0,0], W⊥[0,1,1], W⊥[1,1,0] (the hidden plane orthogonal to the given vector); right: trained models, per cell the majority class of its seeds with the highest-loss one discarded. " +
		"Sparse and unimportant: the extra feature joins another in an antipodal pair; sparse and important: it gets a dimension and the other two share one; dense: no superposition.",
}

// runSection3 draws the two trained phase diagrams beside their analytic counterparts with the theoretical
// boundaries, and saves each classified diagram.
func runSection3(ctx context.Context, r *runner) error {
	runs, err := r.paper.Section3(ctx)
	if err != nil {
		return err
	}
	r.runs.S3 = runs
	for _, run := range runs {
		name, n := run.Trained.Experiment.Name, run.Trained.Experiment.Config.Features
		if err := r.saveJSON(name+"_diagram.json", run.Diagram); err != nil {
			return err
		}
		r.report.Summary += report.Phases(name+" — classes", run.Diagram).Markdown()
		r.report.Summary += fmt.Sprintf("Agreement of the trained and analytic (paper's biases) diagrams: %.1f %% of %d cells.\n\n",
			100*run.Agreement, len(run.Diagram.Densities)*len(run.Diagram.Importances))
		trained := fmt.Sprintf("trained: %d seeds per cell, the highest-loss one discarded, majority class (%.0f %% agree with the analytic diagram)", run.Seeds, 100*run.Agreement)
		caption := seen(s3Captions[n], []string{fmt.Sprintf("the trained and analytic diagrams agree in %.1f %% of %d cells", 100*run.Agreement,
			len(run.Diagram.Densities)*len(run.Diagram.Importances))})
		if n == 2 {
			caption = seen(s3Captions[n], []string{paper.Claim7(runs).Measured}, paper.Claim7(runs))
		}
		if err := r.figure(name+".svg", caption, func() (string, error) {
			return figures.PhaseComparisonFigure(run.Comparison, trained, figures.Options{})
		}); err != nil {
			return err
		}
	}
	return nil
}
