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
	c1 := paper.Claim1(run)
	if err := r.figure("s2_wtw.svg",
		seen("WᵀW and bias, n=20 features, m=5 dimensions, I=0.7^i: the linear model (first panel), then the ReLU output models from dense to sparse; off-diagonal entries are interference between features (superposition). "+
			"The paper: the linear model keeps the 5 most important features orthogonal (the identity block), dropped biases at p/2; dense ReLU models the same; sparser, less important features enter superposition and biases turn negative.",
			append([]string{"linear: " + c1.Measured}, superposition(relu)...), c1, paper.Claim3(run), paper.Claim4(run), paper.Claim5(run)),
		func() (string, error) { return panelFigure(figures.WtWFigure, lin, relu) }); err != nil {
		return err
	}
	if err := r.figure("s2_norms.svg",
		seen("‖W_i‖ per feature, coloured by superposition Σ_{j≠i}(Ŵ_i·W_j)² (dark: a dedicated orthogonal dimension; bright: shares its dimension).", superposition(relu)),
		func() (string, error) { return panelFigure(figures.NormBarsFigure, relu) }); err != nil {
		return err
	}
	if err := s2Scaled(r, run); err != nil {
		return err
	}
	if err := r.figure("s2_loss.svg", "Training loss of each ReLU model (Gaussian-smoothed, log scale).",
		func() (string, error) {
			return figures.LossCurvesFigure(relu.Result, figures.Options{SigmaSteps: float64(max(1, relu.Result.Config.Steps/20))})
		}); err != nil {
		return err
	}
	return r.figure("intro_geometry.svg", introCaption(run),
		func() (string, error) { return panelFigure(figures.Geometry2DFigure, run.Intro) })
}

// s2Scaled draws the scaled-up sweep (n=80, m=20, I=0.9^i): its norms and WᵀW.
func s2Scaled(r *runner, run *paper.Section2Run) error {
	c17 := paper.Claim17(run)
	if err := r.figure("s2_scaled_norms.svg",
		seen(fmt.Sprintf("The scaled-up model, n=80 features in m=20 dimensions, I=0.9^i (best of %d seeds per density): ‖W_i‖ per feature from dense (top) to sparse, coloured by superposition (dark: dedicated; bright: shares its dimension). "+
			"The paper: the same picture as n=20, m=5 — the least important features enter superposition first, the most important keep their dimensions longest.", run.ScaledSeeds),
			superposition(run.Scaled), c17),
		func() (string, error) { return panelFigure(figures.NormBarsFigure, run.Scaled) }); err != nil {
		return err
	}
	return r.figure("s2_scaled_wtw.svg", seen("WᵀW and bias of the scaled-up models (n=80, m=20, I=0.9^i), dense to sparse.", []string{c17.Measured}, c17),
		func() (string, error) { return panelFigure(figures.WtWFigure, run.Scaled) })
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
