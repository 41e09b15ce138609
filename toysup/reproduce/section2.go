package reproduce

import (
	"context"
	"fmt"

	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
)

func init() { register(2, "Demonstrating superposition", runSection2) }

// runSection2 draws WᵀW and the norms of the linear model and the ReLU sweep, the sweep's loss curves and the
// introduction's 5-in-2 geometry.
func runSection2(ctx context.Context, r *runner) error {
	run, err := r.paper.Section2(ctx)
	if err != nil {
		return err
	}
	r.runs.S2 = run
	lin, relu := run.Linear, run.Sweep
	if err := r.figure("s2_wtw.svg",
		"WᵀW and bias, n=20 features, m=5 dimensions, I=0.7^i. The linear model (first panel) keeps the 5 most important features in orthogonal directions (the identity block) and drops the rest, whose biases sit at their mean p/2. The ReLU output models behave the same when dense; as 1−S falls, less important features enter superposition (off-diagonal entries) and biases turn negative to filter the interference.",
		func() (string, error) { return panelFigure(figures.WtWFigure, lin, relu) }); err != nil {
		return err
	}
	if err := r.figure("s2_norms.svg",
		"‖W_i‖ per feature, coloured by superposition Σ_{j≠i}(Ŵ_i·W_j)² (dark: a dedicated orthogonal dimension; bright: shares its dimension). More features are represented as sparsity grows, and they are increasingly in superposition.",
		func() (string, error) { return panelFigure(figures.NormBarsFigure, relu) }); err != nil {
		return err
	}
	if err := r.figure("s2_loss.svg", "Training loss of each ReLU model (Gaussian-smoothed, log scale).",
		func() (string, error) {
			return figures.LossCurvesFigure(relu.Result, figures.Options{SigmaSteps: float64(max(1, relu.Result.Config.Steps/20))})
		}); err != nil {
		return err
	}
	return r.figure("intro_geometry.svg",
		fmt.Sprintf("5 features in 2 dimensions (I=0.9^i, best of %d seeds per density), each arrow a feature's direction W_i coloured by importance. Dense: the 2 most important features get orthogonal dimensions. 1−S=0.2: two antipodal pairs, the least important feature dropped. 1−S=0.1: all five in a pentagon.", run.IntroSeeds),
		func() (string, error) { return panelFigure(figures.Geometry2DFigure, run.Intro) })
}

// panelFigure draws one panel per instance of ts, in order, with the figure's default options.
func panelFigure(draw func([]figures.Panel, figures.Options) (string, error), ts ...*paper.Trained) (string, error) {
	var panels []figures.Panel
	for _, t := range ts {
		p, err := figures.PanelsOf(t.Result, t.Analyses)
		if err != nil {
			return "", err
		}
		panels = append(panels, p...)
	}
	return draw(panels, figures.Options{})
}
