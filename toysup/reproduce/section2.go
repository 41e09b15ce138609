package reproduce

import (
	"context"

	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/theory"
)

func init() { register(2, "Demonstrating superposition", runSection2) }

// runSection2 trains the Section 2 presets and the intro n=5, m=2 model and draws their figures.
func runSection2(ctx context.Context, r *runner) error {
	for _, e := range paper.Section2(r.opts.Quick) {
		if _, _, err := r.train(ctx, e); err != nil {
			return err
		}
	}
	lin, linAn := r.results["s2_linear"], r.an["s2_linear"]
	relu, reluAn := r.results["s2_relu_sweep"], r.an["s2_relu_sweep"]
	// The paper's Section 2 figure: the linear model, then the ReLU models from dense to sparse.
	if err := r.figure("s2_wtw.svg",
		"WᵀW and bias, n=20 features, m=5 dimensions, I=0.7^i. The linear model (first panel) keeps the 5 most important features in orthogonal directions (the identity block) and drops the rest, whose biases sit at their mean p/2. The ReLU output models behave the same when dense; as 1−S falls, less important features enter superposition (off-diagonal entries) and biases turn negative to filter the interference.",
		func() (string, error) {
			linPanels, err := figures.PanelsOf(lin, linAn)
			if err != nil {
				return "", err
			}
			reluPanels, err := figures.PanelsOf(relu, reluAn)
			if err != nil {
				return "", err
			}
			return figures.WtWFigure(append(linPanels, reluPanels...), figures.Options{})
		}); err != nil {
		return err
	}
	if err := r.figure("s2_norms.svg",
		"‖W_i‖ per feature, coloured by superposition Σ_{j≠i}(Ŵ_i·W_j)² (dark: a dedicated orthogonal dimension; bright: shares its dimension). More features are represented as sparsity grows, and they are increasingly in superposition.",
		func() (string, error) {
			panels, err := figures.PanelsOf(relu, reluAn)
			if err != nil {
				return "", err
			}
			return figures.NormBarsFigure(panels, figures.Options{})
		}); err != nil {
		return err
	}
	if err := r.figure("s2_loss.svg", "Training loss of each ReLU model (Gaussian-smoothed, log scale).",
		func() (string, error) {
			return figures.LossCurvesFigure(relu, figures.Options{SigmaSteps: float64(max(1, relu.Config.Steps/20))})
		}); err != nil {
		return err
	}
	// The intro figure: 5 features in 2 dimensions, best of several seeds per density.
	intro := paper.Intro(r.opts.Quick)
	res, an, err := r.train(ctx, intro)
	if err != nil {
		return err
	}
	losses := make([]float64, len(an))
	for k := range an {
		losses[k] = an[k].EvalLoss
	}
	best := res.Select(theory.BestOfK(res, losses))
	return r.figure("intro_geometry.svg",
		"5 features in 2 dimensions (I=0.9^i, best of 8 seeds per density), each arrow a feature's direction W_i coloured by importance. Dense: the 2 most important features get orthogonal dimensions. 1−S=0.2: two antipodal pairs, the least important feature dropped. 1−S=0.1: all five in a pentagon.",
		func() (string, error) {
			panels, err := figures.PanelsOf(best, nil)
			if err != nil {
				return "", err
			}
			return figures.Geometry2DFigure(panels, figures.Options{})
		})
}
