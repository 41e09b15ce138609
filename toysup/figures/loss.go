package figures

import (
	"errors"
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// LossCurvesFigure draws each instance's training loss from res.LossHistory (Step `[T]`, Loss `[T][K]`) on a log
// loss axis, one colour per instance with a legend labelled by 1−S; smoothed with a Gaussian of
// Options.SigmaSteps training steps ([SmoothLoss]), the raw curves then drawn faintly beneath unless
// Options.HideRaw. Options: Title, Width (800), Height (420), SigmaSteps, StepScale (default linear), HideRaw.
func LossCurvesFigure(res *toysup.Result, opts Options) (string, error) {
	if res == nil {
		return "", errors.New("figures: result is nil")
	}
	o, err := opts.resolve(spec{name: "LossCurvesFigure", width: 800, height: 420,
		uses: useHeight | useSigma | useStepScale | useHideRaw})
	if err != nil {
		return "", err
	}
	hist := res.LossHistory
	smooth, err := SmoothLoss(hist, o.SigmaSteps)
	if err != nil {
		return "", err
	}
	K, T := len(smooth), len(hist.Step)
	showRaw := !o.HideRaw && o.SigmaSteps > 0
	raw := make([][]float64, K) // `[K][T]`
	for k := range raw {
		raw[k] = make([]float64, T)
		for t := range T {
			raw[k][t] = hist.Loss[t][k]
		}
	}
	a, err := lossArea(hist.Step, smooth, raw, showRaw, o)
	if err != nil {
		return "", err
	}
	title := fmt.Sprintf("Training loss — %s, n = %d, m = %d, K = %d", ModelName(res.Config.Model), res.Config.Features, res.Config.Hidden, K)
	if o.SigmaSteps > 0 {
		title += fmt.Sprintf(" (smoothed, σ = %s steps)", compact(o.SigmaSteps))
	}
	s := newSVG(float64(o.Width), float64(o.Height))
	s.title(o.titleOr(title))
	s.drawArea(a)
	xs := make([]float64, T)
	for t, st := range hist.Step {
		xs[t] = float64(st)
	}
	for k := range K {
		col := seriesColour(k, K)
		if showRaw {
			s.curve(a, xs, raw[k], col, 0.8, ` stroke-opacity="0.3"`)
		}
		s.curve(a, xs, smooth[k], col, 1.8, ` class="ts-curve"`)
		if T == 1 {
			s.markers(a, xs, smooth[k], 3, col, "")
		}
	}
	labels := lossLabels(res, K)
	s.thinnedLegend(a.left+a.w+18, a.top+9, s.w-a.left-a.w-24, K, int(a.h/17),
		func(k int) string { return labels[k] }, func(k int) string { return seriesColour(k, K) })
	return s.String(), nil
}

// MustLossCurvesFigure is [LossCurvesFigure] for notebooks: it panics on error.
func MustLossCurvesFigure(res *toysup.Result, opts Options) string {
	return must.M1(LossCurvesFigure(res, opts))
}

// lossArea is the plot area of [LossCurvesFigure]: the positive losses drawn (smoothed, and raw when shown) on a
// log axis, padded 4 % of its decades, against the steps (from the first positive one on a log axis).
func lossArea(steps []int, smooth, raw [][]float64, showRaw bool, o Options) (plotArea, error) {
	yLo, yHi := math.Inf(1), math.Inf(-1)
	add := func(v float64) {
		if v > 0 {
			yLo, yHi = math.Min(yLo, v), math.Max(yHi, v)
		}
	}
	for k := range smooth {
		for t := range smooth[k] {
			add(smooth[k][t])
			if showRaw {
				add(raw[k][t])
			}
		}
	}
	if math.IsInf(yLo, 1) {
		return plotArea{}, errors.New("figures: no positive loss to draw on a log axis")
	}
	if yHi == yLo {
		yLo, yHi = yLo/2, yHi*2
	}
	pad := math.Pow(yHi/yLo, 0.04)
	logX := o.logSteps(false)
	xLo, xHi, err := stepRange(steps, logX)
	if err != nil {
		return plotArea{}, err
	}
	const left, top, bottom, legendW = 72.0, 44.0, 52.0, 150.0
	W, H := float64(o.Width), float64(o.Height)
	return newPlotArea(left, top, W-left-legendW-10, H-top-bottom,
		axis{lo: xLo, hi: xHi, log: logX, label: "training step"},
		axis{lo: yLo / pad, hi: yHi * pad, log: true, label: "loss (per batch)"}), nil
}

// stepRange is the range of a step axis: from the first step (the first positive one on a log axis) to the
// last, at least one step wide.
func stepRange(steps []int, logX bool) (lo, hi float64, err error) {
	lo, hi = float64(steps[0]), float64(steps[len(steps)-1])
	if logX {
		lo = math.Inf(1)
		for _, s := range steps {
			if s > 0 {
				lo = math.Min(lo, float64(s))
			}
		}
		if math.IsInf(lo, 1) {
			return 0, 0, errors.New("figures: a log step axis needs a logged step > 0")
		}
	}
	if hi <= lo {
		hi = lo + 1
	}
	return lo, hi, nil
}

// lossLabels labels the K loss curves by their instances' 1−S, numbered where two share one.
func lossLabels(res *toysup.Result, K int) []string {
	labels := make([]string, K)
	dup := map[string]int{}
	for k := range labels {
		if k < len(res.Instances) {
			labels[k] = DensityLabel(res.Instances[k])
		}
		if labels[k] == "" {
			labels[k] = fmt.Sprintf("instance %d", k)
		}
		dup[labels[k]]++
	}
	for k, l := range labels {
		if dup[l] > 1 {
			labels[k] = fmt.Sprintf("%s (#%d)", l, k)
		}
	}
	return labels
}
