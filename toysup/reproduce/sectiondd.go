package reproduce

import (
	"context"
	"fmt"

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
	if err := r.saveJSON("dd_summary.json", ddRows(run)); err != nil {
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
		rows = append(rows, report.DDRow{T: p.Size, Test: p.TestLoss, Train: p.TrainLoss, MeanDt: p.MeanDt, TopDi: p.TopDi, GapError: p.GapError})
	}
	return rows
}

// DoubleDescentTable is the table of a double-descent run (reproduce's summary and notebook 09).
func DoubleDescentTable(run *paper.DoubleDescentRun) (report.Table, error) {
	return report.DoubleDescent("dd — double descent (N=1000, m=2, 1−S=0.01)", 2, run.Peak, ddRows(run)), nil
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
	hidden, feats := ddPanels(run)
	hsvg, err := figures.Geometry2DFigure(hidden, figures.Options{Title: "Hidden vectors h_t of the training points, m = 2"})
	if err != nil {
		return nil, err
	}
	fsvg, err := figures.Geometry2DFigure(feats, figures.Options{Title: "Feature directions W_i, m = 2"})
	if err != nil {
		return nil, err
	}
	return []Rendered{
		{Figure{"dd_loss.svg", fmt.Sprintf("Double descent: test loss on fresh samples and train loss on the T training points against T (N=1000 features, m=2, 1−S=0.01, unit-norm inputs, full batch; dots: seeds, lines: means). Small T: the model memorizes (train loss ≈ 0); large T: it learns features; the test loss peaks in between, at T = %d (mean %.3f).", peak.Size, theory.Mean(peak.TestLoss))}, loss},
		{Figure{"dd_dims.svg", "Dimensionality of the training points, mean D_t (m/T for a regular T-gon, dashed), and of the 5 largest-norm features, D_i, against T: with few points the model stores the points (D_t = m/T); with many it stores features (the top D_i rise)."}, dims},
		{Figure{"dd_hidden.svg", "The hidden vectors h_t = W x_t of the training points (seed 0) for the smallest T: the T points spread around the origin (D_t = m/T)."}, hsvg},
		{Figure{"dd_features.svg", "The feature directions W_i (seed 0) at a small T, at the test-loss peak and at the largest T."}, fsvg},
	}, nil
}

// ddPanels are the panels of seed 0: the h_t of the four smallest T, and the W_i of the second T, the peak and
// the largest T.
func ddPanels(run *paper.DoubleDescentRun) (hidden, feats []figures.Panel) {
	n := len(run.Points)
	for i, p := range run.Points {
		in := p.Trained.Result.Instances[0]
		label := fmt.Sprintf("T = %d", p.Size)
		if i < 4 && in.TrainHidden != nil {
			imp := make([]float64, len(in.TrainHidden))
			for t := range imp {
				imp[t] = 1
			}
			hidden = append(hidden, figures.Panel{Label: label, Model: toysup.ModelReLUOutput, Hidden: 2, Instance: toysup.Instance{W: in.TrainHidden, Importance: imp}})
		}
		if i == 1 || i == run.Peak || i == n-1 {
			feats = append(feats, figures.Panel{Label: label, Model: toysup.ModelReLUOutput, Hidden: 2, Instance: in})
		}
	}
	return hidden, feats
}
