package report

import (
	"fmt"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// Phases is the share of a phase diagram's classified cells in each class (Section 3).
func Phases(title string, d theory.PhaseDiagram) Table {
	t := Table{Title: title, Header: []string{"class", "share of cells"}}
	for c, f := range d.Fractions() {
		t.Rows = append(t.Rows, []string{d.Classes[c], fixed(100*f, 1) + " %"})
	}
	return t
}

// Jumps lists Section 5's jumps of D_i in instance k of d, with the mean loss over 10 % of the steps before and
// after each.
func Jumps(title string, d *toysup.Dynamics, k int, jumps []theory.Jump) Table {
	t := Table{Title: title, Header: []string{"steps", "feature", "D_i", "loss"}}
	for _, j := range jumps {
		t.Rows = append(t.Rows, []string{fmt.Sprintf("%d–%d", j.Step, j.End), itoa(j.Feature),
			fixed(j.From, 2) + " → " + fixed(j.To, 2),
			fmt.Sprintf("%.4g → %.4g", d.LossAt(k, j.Step*10/11, j.Step), d.LossAt(k, j.End, j.End*11/10))})
	}
	return t
}

// Attacks is Section 6's analytic attack per instance: 1/D* (features per dimension), the vulnerability of the
// attack sized per input (rel) and its worst feature, and the vulnerability at one fixed size (fixed).
func Attacks(title string, res *toysup.Result, an []toysup.Analysis, rel, atFixed []theory.AttackReport) (Table, error) {
	n := len(res.Instances)
	if len(an) != n || len(rel) != n || len(atFixed) != n {
		return Table{}, toysup.ArgErrorf("rel", "want one analysis and two attack reports per instance")
	}
	t := Table{Title: title, Header: []string{"1−S", "1/D*", "vulnerability", "worst feature", "vulnerability, fixed ε"}}
	for k, in := range res.Instances {
		t.Rows = append(t.Rows, []string{density(in.FeatureProbability[0]), fixed(1/an[k].DimensionsPerFeature, 3),
			fixed(rel[k].Vulnerability, 3), itoa(rel[k].Worst), fixed(atFixed[k].Vulnerability, 3)})
	}
	return t, nil
}
