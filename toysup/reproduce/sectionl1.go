package reproduce

import (
	"context"

	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/report"
)

func init() {
	registerNamed("l1", "Removing superposition with an L1 penalty (beyond the paper)", runSectionL1)
}

// runSectionL1 trains the L1 sweep, tabulates it and draws D*, the features represented and the loss against λ.
func runSectionL1(ctx context.Context, r *runner) error {
	pts, err := r.paper.L1(ctx)
	if err != nil {
		return err
	}
	if err := r.table(L1Table(pts)); err != nil {
		return err
	}
	if err := r.saveJSON("l1_summary.json", l1Rows(pts)); err != nil {
		return err
	}
	fig, err := L1Figure(pts)
	if err != nil {
		return err
	}
	return r.rendered([]Rendered{fig})
}

func l1Rows(pts []paper.L1Point) []report.L1Row {
	var rows []report.L1Row
	for _, p := range pts {
		rows = append(rows, report.L1Row{Lambda: p.Lambda, DStar: p.DStar, Represented: p.Represented, N: p.Best.Result.Config.Features, Loss: p.Loss, LossCost: p.LossCost})
	}
	return rows
}

// L1Table is the table of the L1 sweep (reproduce's summary and notebook 09).
func L1Table(pts []paper.L1Point) (report.Table, error) {
	return report.L1("l1 — L1 penalty on the hidden activations (n=20, m=5, I=0.7^i, 1−S=0.03)", l1Rows(pts)), nil
}

// L1Figure draws D*, the share of features represented and the loss (relative to λ = 0) against λ > 0.
func L1Figure(pts []paper.L1Point) (Rendered, error) {
	var x []float64
	var dstar, frac, loss, one [][]float64
	for _, p := range pts {
		if p.Lambda > 0 {
			n := float64(p.Best.Result.Config.Features)
			x = append(x, p.Lambda)
			dstar, frac = append(dstar, []float64{p.DStar}), append(frac, []float64{float64(p.Represented) / n})
			loss, one = append(loss, []float64{p.Loss / pts[0].Loss}), append(one, []float64{1})
		}
	}
	svg, err := figures.SweepFigure("L1 penalty λ", "D*, represented/n, loss/loss(λ=0)", x,
		[]figures.Series{{Label: "D*", Colour: "#1f77b4", Values: dstar}, {Label: "represented / n", Colour: "#2ca02c", Values: frac}, {Label: "loss / loss(λ=0)", Colour: "#d62728", Values: loss}},
		[]figures.Series{{Label: "1", Colour: "#7f7f7f", Values: one}}, -1, "", false, figures.Options{Title: "Removing superposition with an L1 penalty on h"})
	return Rendered{Figure{"l1.svg", "An L1 penalty λ·mean‖h‖₁ on the hidden activations (n=20, m=5, I=0.7^i, 1−S=0.03, best of 4 seeds per λ): as λ grows, D* rises towards 1 (no superposition) and fewer features are represented, at a growing loss (relative to the unpenalised model's)."}, svg}, err
}
