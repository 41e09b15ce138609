package figures

import (
	"errors"
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// DynamicsFigure draws Section 5's learning dynamics of instance Options.Instance of d: on top each feature's
// dimensionality D_i over training (one colour per feature, with reference lines at the fractions of
// [theory.Polytopes]) and below the instance's training loss (log scale) on the same step axis, so that jumps of
// D_i line up with drops of the loss. On the default log step axis the loss is averaged over ±LogWindow decades
// around each step; on a linear one it is smoothed with a Gaussian of SigmaSteps steps. Options: Title, Width
// (860), Height (620), Instance, StepScale (default log), LogWindow, SigmaSteps.
func DynamicsFigure(d *toysup.Dynamics, opts Options) (string, error) {
	o, err := opts.resolve(spec{name: "DynamicsFigure", width: 860, height: 620,
		uses: useHeight | useInstance | useStepScale | useLogWindow | useSigma})
	if err != nil {
		return "", err
	}
	k := o.Instance
	n, err := checkDynamics(d, k)
	if err != nil {
		return "", err
	}
	logX := o.logSteps(true)
	lossX, loss, err := dynamicsLoss(d.Result.LossHistory, k, logX, o)
	if err != nil {
		return "", err
	}
	upper, lower, err := dynamicsAreas(d.Steps, d.Result.LossHistory.Step, loss, logX, o)
	if err != nil {
		return "", err
	}
	res := d.Result
	s := newSVG(float64(o.Width), float64(o.Height))
	s.title(o.titleOr(fmt.Sprintf("Learning dynamics — %s, n = %d, m = %d, %s", ModelName(res.Config.Model),
		res.Config.Features, res.Config.Hidden, DensityLabel(res.Instances[k]))))
	s.drawArea(upper)
	s.polytopeLines(upper, false)
	xs := make([]float64, len(d.Steps))
	for t, st := range d.Steps {
		xs[t] = float64(st)
	}
	for i := range n {
		ys := make([]float64, len(d.Steps))
		for t := range ys {
			ys[t] = d.D[k][t][i]
		}
		s.curve(upper, xs, ys, seriesColour(i, n), 1.6, ` class="ts-curve" stroke-opacity="0.85"`)
	}
	s.drawArea(lower)
	s.curve(lower, lossX, loss, "#111", 1.6, ` class="ts-loss"`)
	s.thinnedLegend(upper.left+upper.w+44, upper.top+10, s.w-upper.left-upper.w-50, n, 12,
		func(i int) string { return fmt.Sprintf("feature %d", i) }, func(i int) string { return seriesColour(i, n) })
	return s.String(), nil
}

// MustDynamicsFigure is [DynamicsFigure] for notebooks: it panics on error.
func MustDynamicsFigure(d *toysup.Dynamics, opts Options) string {
	return must.M1(DynamicsFigure(d, opts))
}

// checkDynamics checks instance k's snapshots of d and returns the number of features.
func checkDynamics(d *toysup.Dynamics, k int) (n int, err error) {
	if d == nil || d.Result == nil {
		return 0, errors.New("figures: dynamics or its result is nil")
	}
	if k >= len(d.D) || k >= len(d.Result.Instances) {
		return 0, fmt.Errorf("figures: DynamicsFigure: Options.Instance = %d, allowed 0…%d", k, min(len(d.D), len(d.Result.Instances))-1)
	}
	T := len(d.Steps)
	if T < 2 || len(d.D[k]) != T {
		return 0, fmt.Errorf("figures: instance %d needs ≥ 2 snapshots matching steps (got %d steps, %d snapshots)", k, T, len(d.D[k]))
	}
	n = len(d.D[k][0])
	for t := range d.D[k] {
		if len(d.D[k][t]) != n {
			return 0, fmt.Errorf("figures: snapshot %d of instance %d has %d features, want %d", t, k, len(d.D[k][t]), n)
		}
		if err := checkFinite(fmt.Sprintf("D[%d][%d]", k, t), d.D[k][t]); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// dynamicsLoss returns instance k's loss curve: its steps and the loss averaged over a log window (log axis)
// or Gaussian-smoothed (linear axis).
func dynamicsLoss(hist toysup.LossHistory, k int, logX bool, o Options) (steps, loss []float64, err error) {
	if len(hist.Step) == 0 || len(hist.Loss) != len(hist.Step) {
		return nil, nil, errors.New("figures: the result's loss history is empty or inconsistent")
	}
	series := make([]float64, len(hist.Step))
	steps = make([]float64, len(hist.Step))
	for t, row := range hist.Loss {
		if k >= len(row) {
			return nil, nil, fmt.Errorf("figures: loss_history.loss[%d] has no instance %d", t, k)
		}
		series[t], steps[t] = row[k], float64(hist.Step[t])
	}
	if !logX {
		sm, err := SmoothLoss(toysup.LossHistory{Step: hist.Step, Loss: column(series)}, o.SigmaSteps)
		if err != nil {
			return nil, nil, err
		}
		return steps, sm[0], nil
	}
	if err := checkFinite("loss", series); err != nil {
		return nil, nil, err
	}
	return steps, logWindowMean(hist.Step, series, o.LogWindow), nil
}

// dynamicsAreas are the two plot areas of [DynamicsFigure] on one step axis: D_i above, the loss below.
func dynamicsAreas(snapSteps, lossSteps []int, loss []float64, logX bool, o Options) (upper, lower plotArea, err error) {
	xlo := float64(snapSteps[0])
	if logX {
		if xlo, _, err = stepRange(append(append([]int(nil), snapSteps...), lossSteps...), true); err != nil {
			return upper, lower, err
		}
	}
	xhi := math.Max(float64(snapSteps[len(snapSteps)-1]), float64(lossSteps[len(lossSteps)-1]))
	if !(xhi > xlo) {
		return upper, lower, errors.New("figures: the snapshots span no steps")
	}
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for _, v := range loss {
		if v > 0 {
			ylo, yhi = math.Min(ylo, v), math.Max(yhi, v)
		}
	}
	if math.IsInf(ylo, 1) {
		return upper, lower, errors.New("figures: no positive loss to draw on a log axis")
	}
	if yhi <= ylo {
		ylo, yhi = ylo/2, yhi*2
	}
	pad := math.Pow(yhi/ylo, 0.05)
	const left, right, top, gap = 72.0, 170.0, 44.0, 22.0
	W, H := float64(o.Width), float64(o.Height)
	plotW := W - left - right
	topH := (H - top - 60 - gap) * 0.62
	botH := H - top - 60 - gap - topH
	x := axis{lo: xlo, hi: xhi, log: logX, label: "training step"}
	upper = newPlotArea(left, top, plotW, topH, x, axis{lo: -0.03, hi: 1.08, label: "feature dimensionality D_i"})
	upper.noXTicks = true
	lower = newPlotArea(left, top+topH+gap, plotW, botH, x, axis{lo: ylo / pad, hi: yhi * pad, log: true, label: "loss"})
	return upper, lower, nil
}

// logWindowMean averages v over the points whose step lies within ±win decades of each point's step (step 0
// only with itself); win < 0 returns v unchanged.
func logWindowMean(steps []int, v []float64, win float64) []float64 {
	if win < 0 {
		return v
	}
	out := make([]float64, len(v))
	f := math.Pow(10, win)
	lo, hi, sum := 0, 0, 0.0 // the window [lo, hi) slides right as the steps grow
	for i, st := range steps {
		if st == 0 {
			out[i] = v[i]
			continue
		}
		a, b := float64(st)/f, float64(st)*f
		for hi < len(steps) && float64(steps[hi]) <= b {
			sum += v[hi]
			hi++
		}
		for lo < hi && float64(steps[lo]) < a {
			sum -= v[lo]
			lo++
		}
		out[i] = sum / float64(hi-lo)
	}
	return out
}

// column turns a series `[T]` into loss rows `[T][1]`.
func column(v []float64) [][]float64 {
	out := make([][]float64, len(v))
	for i, x := range v {
		out[i] = []float64{x}
	}
	return out
}
