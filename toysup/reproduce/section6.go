package reproduce

import (
	"context"
	"fmt"

	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/report"
)

func init() { register(6, "Relationship to adversarial robustness", runSection6) }

// attackSamples is how many fresh inputs the Section 6 attack averages over: the run's EvalSamples, capped at
// 100 000 (20 000 in quick mode).
func runSection6(ctx context.Context, r *runner) error {
	run, err := r.paper.Section6(ctx)
	if err != nil {
		return err
	}
	r.runs.S6 = run
	t := run.Trained
	if err := r.saveJSON(t.Experiment.Name+"_attack.json", map[string]any{"relative": run.Relative, "fixed": run.Fixed}); err != nil {
		return err
	}
	title := fmt.Sprintf("%s — analytic attack (size %g × ‖x‖)", t.Experiment.Name, run.Relative[0].Fraction)
	if err := r.table(report.Attacks(title, t.Result, t.Analyses, run.Relative, run.Fixed)); err != nil {
		return err
	}
	c := paper.Claim15(run)
	if err := s6PerDimension(r, run, c); err != nil {
		return err
	}
	return r.figure("s6_vulnerability.svg", seen(
		"Adversarial vulnerability against sparsity (ReLU output, n=40, m=10, I=1). Each model is attacked with the paper's analytic L2 attack δ ∝ (WᵀW)_i of size 0.1 × the input norm on the worst feature; vulnerability is its loss increase over the same attack's on a model with the m most important features orthogonal (no superposition). The paper: it rises with sparsity together with the features per dimension 1/D* as superposition forms. Dashed: the same attack with one fixed size 0.1 × E‖x‖ for every input, which on sparse (mostly all-zero) inputs falls below the negative biases' margin and so understates the effect.", []string{c.Measured}, c),
		func() (string, error) {
			return figures.VulnerabilityFigure(t.Result, t.Analyses, run.Relative, run.Fixed, figures.Options{})
		})
}

// s6PerDimension draws the vulnerability against the features per dimension 1/D*, with the analytic and the
// trained (dense model) references, beside the line vulnerability = 1/D*.
func s6PerDimension(r *runner, run *paper.AttackRun, c paper.Claim) error {
	inv, analytic, trained, _ := run.PerDimension()
	var what []string
	for i := range inv {
		what = append(what, fmt.Sprintf("1/D*=%.2f: %.2f (trained reference %.2f)", inv[i], analytic[i], trained[i]))
	}
	return r.figure("s6_vulnerability_dims.svg", seen(
		"Adversarial vulnerability of the n=40, m=10 models against their features per dimension 1/D* (log axes), with the relative attack (0.1 × ‖x‖). Blue: normalised by the analytic no-superposition reference (the m most important features orthogonal); red: by the same attack on the trained densest model (D* ≈ 1) fed the same inputs. Grey: vulnerability = 1/D*. The paper: vulnerability tracks the features per dimension.",
		what, c),
		func() (string, error) {
			return figures.VulnerabilityDimsFigure(inv, analytic, trained, figures.Options{Title: "Vulnerability against features per dimension (ReLU output, n=40, m=10, I=1)"})
		})
}
