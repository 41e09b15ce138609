package reproduce

import (
	"context"
	"fmt"
	"strings"

	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/report"
)

func init() { register(5, "Superposition and learning dynamics", runSection5) }

// s5Captions describe the Section 5 figures, by experiment name.
// s5Captions say how to read the Section 5 figures and what the paper reports, by experiment name; what the run
// shows (its jumps, their loss drops and the final D_i) is added from the run.
var s5Captions = map[string]string{
	"s5_octahedron": "Learning dynamics of n=6 features in m=3 dimensions, two sets of 3 correlated features (1−S=0.05, small init): each feature's dimensionality D_i (top) and the loss (bottom, log scale) over training steps (log scale). " +
		"The paper: training passes through regimes — plateaus of D_i separated by sudden jumps, each with a sudden drop of the loss — to an octahedron (three antipodal pairs, D_i = 1/2).",
	"s5_antiprism": "Learning dynamics of n=8 features in m=3 dimensions with uniform importance (1−S=0.1, small init): D_i of each feature (top) and the loss (bottom). " +
		"Expected end point: a square antiprism (every D_i = 3/8).",
	"s5_uniform_large": "Learning dynamics of uniform superposition, n=100 features in m=10 dimensions (1−S=0.25, small init): D_i of every feature (top; lines at the polytope fractions) and the loss (bottom). " +
		"The paper: in a large uniform model the features jump between energy levels — the fractions 1, 3/4, 2/3, 1/2, 2/5, 3/8 — rather than moving continuously, each jump with a drop of the loss.",
}

// runSection5 trains the Section 5 presets with snapshots and draws D_i per feature over training with the loss.
func runSection5(ctx context.Context, r *runner) error {
	runs, err := r.paper.Section5(ctx)
	if err != nil {
		return err
	}
	r.runs.S5 = runs
	for _, run := range runs {
		name, d := run.Trained.Experiment.Name, run.Trained.Dynamics
		tbl := report.Jumps(fmt.Sprintf("%s — jumps of D_i", name), d, 0, run.Jumps)
		tbl.Note = fmt.Sprintf("%d snapshots; jumps of D_i by more than %g within a factor %g of steps, ‖W_i‖ ≥ %g, with the mean loss over 10 %% of the steps before and after. Final D_i: %s.",
			len(d.Steps), paper.JumpMinChange, paper.JumpRatio, paper.JumpMinNorm, fmtList(d.D[0][len(d.Steps)-1]))
		r.report.Summary += tbl.Markdown()
		c := paper.Claim16([]paper.DynamicsRun{run})
		if run.Large {
			c = paper.Claim20([]paper.DynamicsRun{run})
		}
		caption := seen(s5Captions[name], []string{c.Measured, "final D_i " + fmtList(d.D[0][len(d.Steps)-1])}, c)
		if err := r.figure(name+".svg", caption,
			func() (string, error) { return figures.DynamicsFigure(d, figures.Options{}) }); err != nil {
			return err
		}
	}
	return nil
}

// fmtList writes values with 3 decimals, space-separated (the first 12, then "…").
func fmtList(v []float64) string {
	parts := make([]string, min(len(v), 12))
	for i, x := range v[:len(parts)] {
		parts[i] = fmt.Sprintf("%.3f", x)
	}
	if len(v) > len(parts) {
		parts = append(parts, fmt.Sprintf("… (%d features)", len(v)))
	}
	return strings.Join(parts, " ")
}
