package reproduce

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/report"
	"github.com/toymodels/superposition/toysup/theory"
)

func init() { registerNamed("dd", "Memorization and double descent (beyond the paper)", runSectionDD) }

// runSectionDD trains the double-descent sweep, tabulates it and draws its figures.
func runSectionDD(ctx context.Context, r *runner) error {
	run, err := r.paper.DoubleDescent(ctx)
	if err != nil {
		return err
	}
	if err := r.table(DoubleDescentTable(run)); err != nil {
		return err
	}
	if err := r.table(MemorizationTable(run)); err != nil {
		return err
	}
	if err := r.saveJSON("dd_summary.json", ddRows(run)); err != nil {
		return err
	}
	if err := r.saveJSON("dd_gd_summary.json", memorizationRows(run)); err != nil {
		return err
	}
	figs, err := DoubleDescentFigures(run)
	if err != nil {
		return err
	}
	return r.rendered(figs)
}

// Rendered is a drawn figure: its file name, caption and SVG.
type Rendered struct {
	Figure
	SVG string
}

// rendered writes drawn figures and records them.
func (r *runner) rendered(figs []Rendered) error {
	for _, f := range figs {
		if err := r.figure(f.File, f.Caption, func() (string, error) { return f.SVG, nil }); err != nil {
			return err
		}
	}
	return nil
}

func ddRows(run *paper.DoubleDescentRun) []report.DDRow {
	var rows []report.DDRow
	for _, p := range run.Points {
		rows = append(rows, report.DDRow{T: p.Size, Test: p.TestLoss, Train: p.TrainLoss, MeanDt: p.MeanDt, TopDi: p.TopDi, GapError: p.GapError,
			MinGap: p.MinGap, Memorizing: p.Memorizing()})
	}
	return rows
}

// DoubleDescentTable is the table of a double-descent run (reproduce's summary and notebook 09).
func DoubleDescentTable(run *paper.DoubleDescentRun) (report.Table, error) {
	return report.DoubleDescent("dd — double descent (N=1000, m=2, 1−S=0.01)", 2, run.Peak, paper.MemorizedTrainLoss, ddRows(run)), nil
}

// memorizationRows are the T = [paper.DoubleDescentGDSize] rows of AdamW, of Adam with L2 and of gradient descent.
func memorizationRows(run *paper.DoubleDescentRun) []report.MemorizationRow {
	row := func(name string, p paper.DoubleDescentPoint) report.MemorizationRow {
		return report.MemorizationRow{Optimizer: name, T: p.Size, GapError: p.GapError, HiddenNorm2: p.HiddenNorm2, CostRatio: p.CostRatio, Memorizing: p.Memorizing()}
	}
	var rows []report.MemorizationRow
	for _, p := range run.Points {
		if p.Size == run.GD.Size {
			rows = append(rows, row("AdamW (lr 1e-3, decoupled weight decay 1e-2), the follow-up's", p))
		}
	}
	return append(rows, row("Adam (lr 1e-3) on loss + (wd/2)‖θ‖², wd = 1e-2: the weight decay coupled", run.AdamL2),
		row(fmt.Sprintf("gradient descent (lr %g) on loss + (wd/2)‖θ‖², wd = 1e-2", paper.DoubleDescentGDLearningRate), run.GD))
}

// MemorizationTable is the memorized T = [paper.DoubleDescentGDSize] polygons of AdamW, of Adam with the weight
// decay coupled and of gradient descent beside the L2 minimum (reproduce's summary and notebook 09).
func MemorizationTable(run *paper.DoubleDescentRun) (report.Table, error) {
	return report.Memorization(fmt.Sprintf("dd — the memorized T = %d polygon: AdamW, Adam with L2, gradient descent and the L2 minimum", run.GD.Size), run.Optimum, memorizationRows(run)), nil
}

// DoubleDescentFigures draws a double-descent run: the losses against T (peak marked), D_t and D_i against T, the
// h_t of the smallest T and the W_i of a few T.
func DoubleDescentFigures(run *paper.DoubleDescentRun) ([]Rendered, error) {
	x := make([]float64, len(run.Points))
	var test, trainL, dt, di, mt [][]float64
	for i, p := range run.Points {
		x[i] = float64(p.Size)
		test, trainL, dt, di = append(test, p.TestLoss), append(trainL, p.TrainLoss), append(dt, p.MeanDt), append(di, p.TopDi)
		mt = append(mt, []float64{p.MDivT})
	}
	peak := run.Points[run.Peak]
	loss, err := figures.SweepFigure("training-set size T", "loss", x, []figures.Series{{Label: "test loss", Colour: "#d62728", Values: test}, {Label: "train loss", Colour: "#1f77b4", Values: trainL}},
		nil, run.Peak, fmt.Sprintf("peak T=%d", peak.Size), false, figures.Options{Title: "Double descent: test and train loss against the training-set size T"})
	if err != nil {
		return nil, err
	}
	dims, err := figures.SweepFigure("training-set size T", "dimensionality", x, []figures.Series{{Label: "mean D_t (points)", Colour: "#1f77b4", Values: dt}, {Label: "top-5 D_i (features)", Colour: "#2ca02c", Values: di}},
		[]figures.Series{{Label: "m/T", Colour: "#7f7f7f", Values: mt}}, -1, "", true, figures.Options{Title: "D_t of the training points and D_i of the top features against T"})
	if err != nil {
		return nil, err
	}
	hidden, feats, shown := ddPanels(run)
	hsvg, err := figures.Geometry2DFigure(hidden, figures.Options{Title: "Hidden vectors h_t of the training points, m = 2"})
	if err != nil {
		return nil, err
	}
	fsvg, err := figures.Geometry2DFigure(feats, figures.Options{Title: "Feature directions W_i, m = 2"})
	if err != nil {
		return nil, err
	}
	return []Rendered{
		{Figure{"dd_loss.svg", ddLossCaption(run)}, loss},
		{Figure{"dd_dims.svg", ddDimsCaption(run)}, dims},
		{Figure{"dd_hidden.svg", ddHiddenCaption(run, shown)}, hsvg},
		{Figure{"dd_features.svg", "The feature directions W_i (seed 0) at a small T, at the test-loss peak and at the largest T."}, fsvg},
	}, nil
}

// ddLossCaption states the losses at both ends and the peak.
func ddLossCaption(run *paper.DoubleDescentRun) string {
	first, last, peak := run.Points[0], run.Points[len(run.Points)-1], run.Points[run.Peak]
	return seen("Double descent: test loss on fresh samples and train loss on the T training points against T (N=1000 features, m=2, 1−S=0.01, unit-norm inputs, full batch; dots: seeds, lines: means). "+
		"The follow-up: small T memorizes (train loss ≈ 0), large T learns features, and the test loss peaks in between.",
		[]string{fmt.Sprintf("train loss %.2g at T = %d, %.3f at T = %d", theory.Mean(first.TrainLoss), first.Size, theory.Mean(last.TrainLoss), last.Size),
			fmt.Sprintf("test loss %.3f at T = %d, peak %.3f at T = %d, %.3f at T = %d", theory.Mean(first.TestLoss), first.Size, theory.Mean(peak.TestLoss), peak.Size,
				theory.Mean(last.TestLoss), last.Size)})
}

// ddDimsCaption states D_t against m/T for the memorization sizes and the top D_i at both ends.
func ddDimsCaption(run *paper.DoubleDescentRun) string {
	var what []string
	for _, p := range run.Points {
		if p.Size <= paper.DoubleDescentMemorizeT {
			what = append(what, fmt.Sprintf("T = %d: mean D_t = %.3f × m/T", p.Size, theory.Mean(p.MeanDt)/p.MDivT))
		}
	}
	first, last := run.Points[0], run.Points[len(run.Points)-1]
	what = append(what, fmt.Sprintf("top-5 D_i %.3f at T = %d, %.3f at T = %d", theory.Mean(first.TopDi), first.Size, theory.Mean(last.TopDi), last.Size))
	return seen("Dimensionality of the training points, mean D_t (m/T for a regular T-gon, dashed), and of the 5 largest-norm features, D_i, against T: "+
		"with few points the model stores the points, with many the features. The mean D_t is near m/T for any spread of similar-norm points, regular or not.", what)
}

// ddHiddenCaption states, for each T drawn, which seed is shown and how regular the memorized polygons are: for
// T ≤ [paper.DoubleDescentMemorizeT] with ✓ or ✗ against [paper.RegularGapTolerance].
func ddHiddenCaption(run *paper.DoubleDescentRun, shown []int) string {
	var what, seeds []string
	for _, i := range shown {
		p := run.Points[i]
		seeds = append(seeds, fmt.Sprintf("T = %d: seed %d", p.Size, p.Best))
		mem := len(p.Memorizing())
		s := fmt.Sprintf("T = %d: %d of %d seeds memorize", p.Size, mem, len(p.TrainLoss))
		ideal := 360 / float64(p.Size)
		if e := p.MemorizingGapError(); mem > 0 && !math.IsNaN(e) {
			s += fmt.Sprintf(", their worst |gap − %.0f°| has median %.1f° (%.0f %% of %.0f°)", ideal, e, 100*e/ideal, ideal)
			if p.Size <= paper.DoubleDescentMemorizeT {
				if p.Regular() {
					s += fmt.Sprintf(": a regular %d-gon within %.0f %% ✓", p.Size, 100*paper.RegularGapTolerance)
				} else {
					s += fmt.Sprintf(": not a regular %d-gon within %.0f %% ✗", p.Size, 100*paper.RegularGapTolerance)
				}
				if ideal >= 90 {
					s += fmt.Sprintf(" (the smallest gap has median %.0f°: every pair about 90° apart or more memorizes with zero loss whatever the gaps; the L2 norm prefers the regular polygon: stored the L2-cheapest way, these triangles would cost %.2f× its norm, but AdamW's decoupled decay does not descend that norm, while Adam with the same decay coupled into the gradient does)",
						p.MemorizingMinGap(), p.MemorizingCostRatio())
				}
			}
		}
		what = append(what, s)
	}
	what = append(what, ddL2Sentences(run)...)
	return seen("The hidden vectors h_t = W x_t of the training points for the smallest T, each from the seed with the lowest train loss ("+strings.Join(seeds, ", ")+
		fmt.Sprintf("), and beside AdamW's T = %d the same points trained by gradient descent with L2 weight decay (seed %d). ", run.GD.Size, run.GD.Best)+
		fmt.Sprintf("The follow-up: the memorized points form regular T-gons. A seed memorizes when its train loss is ≤ %g; the regular-polygon check is the median over those seeds of the worst angle-gap error, within %.0f %% of 360°/T.",
			paper.MemorizedTrainLoss, 100*paper.RegularGapTolerance), what)
}

// ddL2Sentences state how close the L2 companions' memorized polygons come to the L2 minimum, with ✓ or ✗
// against [paper.OptimumTolerance].
func ddL2Sentences(run *paper.DoubleDescentRun) []string {
	opt := run.Optimum
	var out []string
	for _, c := range []struct {
		name string
		p    paper.DoubleDescentPoint
	}{{"Adam on loss + (wd/2)‖θ‖²", run.AdamL2}, {"gradient descent on loss + (wd/2)‖θ‖²", run.GD}} {
		s := fmt.Sprintf("%s, T = %d: %d of %d seeds memorize", c.name, c.p.Size, len(c.p.Memorizing()), len(c.p.TrainLoss))
		if len(c.p.Memorizing()) > 0 {
			s += fmt.Sprintf(", median worst |gap − %.0f°| %.2g°, median ‖h_t‖² %.3f against the closed form's %.3f", opt.Gap, c.p.MemorizingGapError(),
				c.p.MemorizingHiddenNorm2(), opt.HiddenNorm2)
		}
		if run.AtOptimum(c.p) {
			s += fmt.Sprintf(" (the L2 minimum: the regular %d-gon) ✓ within %.0f %%", opt.T, 100*paper.OptimumTolerance)
		} else {
			s += fmt.Sprintf(" ✗ (not within %.0f %% of the L2 minimum)", 100*paper.OptimumTolerance)
		}
		out = append(out, s)
	}
	return out
}

// ddPanels are the panels: the h_t of the four smallest T, each of its lowest-train-loss seed (shown: their indices
// in run.Points), gradient descent's beside AdamW's at its T; and the W_i (seed 0) of the second T, the peak and the largest T.
func ddPanels(run *paper.DoubleDescentRun) (hidden, feats []figures.Panel, shown []int) {
	n := len(run.Points)
	for i, p := range run.Points {
		if in := p.Trained.Result.Instances[p.Best]; i < 4 && in.TrainHidden != nil {
			label := fmt.Sprintf("T = %d (seed %d)", p.Size, p.Best)
			if p.Size == run.GD.Size {
				label = fmt.Sprintf("T = %d, AdamW (seed %d)", p.Size, p.Best)
			}
			hidden = append(hidden, hiddenPanel(label, in.TrainHidden))
			shown = append(shown, i)
			if gd := run.GD.Trained.Result.Instances[run.GD.Best]; p.Size == run.GD.Size && gd.TrainHidden != nil {
				hidden = append(hidden, hiddenPanel(fmt.Sprintf("T = %d, gradient descent + L2 (seed %d)", p.Size, run.GD.Best), gd.TrainHidden))
			}
		}
		if i == 1 || i == run.Peak || i == n-1 {
			feats = append(feats, figures.Panel{Label: fmt.Sprintf("T = %d", p.Size), Model: toysup.ModelReLUOutput, Hidden: 2, Instance: p.Trained.Result.Instances[0]})
		}
	}
	return hidden, feats, shown
}

// hiddenPanel draws the h_t `[T][2]` as a panel's arrows.
func hiddenPanel(label string, h [][]float64) figures.Panel {
	imp := make([]float64, len(h))
	for t := range imp {
		imp[t] = 1
	}
	return figures.Panel{Label: label, Model: toysup.ModelReLUOutput, Hidden: 2, Instance: toysup.Instance{W: h, Importance: imp}}
}
