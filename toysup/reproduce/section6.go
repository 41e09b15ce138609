package reproduce

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/theory"
)

func init() { register(6, "Relationship to adversarial robustness", runSection6) }

// attackSamples is how many fresh inputs the Section 6 attack averages over: the run's EvalSamples, capped at
// 100 000 (20 000 in quick mode).
func (r *runner) attackSamples() int {
	if r.opts.Quick {
		return min(r.opts.EvalSamples, 20_000)
	}
	return min(r.opts.EvalSamples, 100_000)
}

// runSection6 trains the Section 6 sweep, attacks every instance with the analytic attack (relative and fixed
// size), writes the reports and draws vulnerability against sparsity next to 1/D*.
func runSection6(ctx context.Context, r *runner) error {
	e := paper.Section6(r.opts.Quick)
	res, an, err := r.train(ctx, e)
	if err != nil {
		return err
	}
	opts := theory.AttackOptions{Samples: r.attackSamples(), Seed: uint64(e.Config.Seed) + 1000}
	rel, err := theory.Attack(res, opts)
	if err != nil {
		return err
	}
	opts.Scaling = theory.AttackFixed
	fixed, err := theory.Attack(res, opts)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(map[string]any{"relative": rel, "fixed": fixed}, "", " ")
	if err != nil {
		return err
	}
	file := e.Name + "_attack.json"
	if err := toysup.WriteFileAtomic(filepath.Join(r.opts.Dir, file), data); err != nil {
		return err
	}
	r.report.Results = append(r.report.Results, file)
	r.report.Summary += vulnerabilityTable(e, res, an, rel, fixed)
	return r.figure("s6_vulnerability.svg",
		"Adversarial vulnerability against sparsity (ReLU output, n=40, m=10, I=1). Each model is attacked with the paper's analytic L2 attack δ ∝ (WᵀW)_i of size 0.1 × the input norm on the worst feature; vulnerability is its loss increase over the same attack's on a model with the m most important features orthogonal (no superposition). It rises with sparsity together with the features per dimension 1/D* as superposition forms. Dashed: the same attack with one fixed size 0.1 × E‖x‖ for every input, which on sparse (mostly all-zero) inputs falls below the negative biases' margin and so understates the effect.",
		func() (string, error) { return figures.VulnerabilityFigure(res, an, rel, fixed, figures.Options{}) })
}

// vulnerabilityTable is a Markdown table of the attack per instance.
func vulnerabilityTable(e paper.Experiment, res *toysup.Result, an []toysup.Analysis, rel, fixed []theory.AttackReport) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "### %s — analytic attack (size %g × ‖x‖)\n\n", e.Name, rel[0].Fraction)
	sb.WriteString("| 1−S | 1/D* | vulnerability | worst feature | vulnerability, fixed ε |\n|---|---|---|---|---|\n")
	for k, in := range res.Instances {
		fmt.Fprintf(&sb, "| %.4g | %.3f | %.3f | %d | %.3f |\n", in.FeatureProbability[0], 1/an[k].DimensionsPerFeature,
			rel[k].Vulnerability, rel[k].Worst, fixed[k].Vulnerability)
	}
	sb.WriteString("\n")
	return sb.String()
}
