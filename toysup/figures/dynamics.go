package figures

import (
	"errors"
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// DynamicsOptions configures [DynamicsFigure]; the zero value gives the defaults.
type DynamicsOptions struct {
	// Title replaces the default title.
	Title string
	// Width and Height in pixels (defaults 860 and 620; allowed 200…4000).
	Width, Height int
	// LinearX puts the step axis on a linear scale (default: log, which spreads out the early transitions).
	LinearX bool
	// SigmaSteps smooths the loss with a Gaussian of this many steps on a linear step axis (0: none). On the
	// default log axis the loss is instead averaged over a window of ±LogWindow decades around each step.
	SigmaSteps float64
	// LogWindow is the half-width, in decades, of the loss average on a log step axis (default 0.03; < 0: none).
	LogWindow float64
}

// DynamicsFigure draws Section 5's learning dynamics of instance k: on top each feature's dimensionality D_i
// over training (one colour per feature, with reference lines at the fractions of [theory.Polytopes]) and below
// the instance's training loss (log scale) on the same step axis, so that jumps of D_i line up with drops of the
// loss.
func DynamicsFigure(d *toysup.Dynamics, k int, opts DynamicsOptions) (string, error) {
	if d == nil || d.Result == nil {
		return "", errors.New("figures: dynamics or its result is nil")
	}
	if k < 0 || k >= len(d.D) {
		return "", fmt.Errorf("figures: instance %d, allowed 0…%d", k, len(d.D)-1)
	}
	var err error
	T := len(d.Steps)
	if T < 2 || len(d.D[k]) != T {
		return "", fmt.Errorf("figures: instance %d needs ≥ 2 snapshots matching steps (got %d steps, %d snapshots)", k, T, len(d.D[k]))
	}
	n := len(d.D[k][0])
	for t := range d.D[k] {
		if len(d.D[k][t]) != n {
			return "", fmt.Errorf("figures: snapshot %d of instance %d has %d features, want %d", t, k, len(d.D[k][t]), n)
		}
		if err := checkFinite(fmt.Sprintf("D[%d][%d]", k, t), d.D[k][t]); err != nil {
			return "", err
		}
	}
	hist := d.Result.LossHistory
	if len(hist.Step) == 0 || len(hist.Loss) != len(hist.Step) {
		return "", errors.New("figures: the result's loss history is empty or inconsistent")
	}
	series := make([]float64, len(hist.Step))
	for t, row := range hist.Loss {
		if k >= len(row) {
			return "", fmt.Errorf("figures: loss_history.loss[%d] has no instance %d", t, k)
		}
		series[t] = row[k]
	}
	var loss [][]float64
	if opts.LinearX {
		if loss, err = SmoothLoss(toysup.LossHistory{Step: hist.Step, Loss: column(series)}, opts.SigmaSteps); err != nil {
			return "", err
		}
	} else {
		if err := checkFinite("loss", series); err != nil {
			return "", err
		}
		win := opts.LogWindow
		if win == 0 {
			win = 0.03
		}
		loss = [][]float64{logWindowMean(hist.Step, series, win)}
	}
	W, H, err := PlotOptions{Width: opts.Width, Height: opts.Height}.size(860, 620)
	if err != nil {
		return "", err
	}
	// Step axis: from the first positive step on a log axis.
	xlo, xhi := float64(d.Steps[0]), float64(d.Steps[T-1])
	if !opts.LinearX {
		xlo = math.Inf(1)
		for _, s := range d.Steps {
			if s > 0 {
				xlo = math.Min(xlo, float64(s))
			}
		}
		for _, s := range hist.Step {
			if s > 0 {
				xlo = math.Min(xlo, float64(s))
			}
		}
	}
	xhi = math.Max(xhi, float64(hist.Step[len(hist.Step)-1]))
	if !(xhi > xlo) {
		return "", errors.New("figures: the snapshots span no steps")
	}
	const left, right, top, gap = 72.0, 170.0, 44.0, 22.0
	plotW := W - left - right
	topH := (H - top - 60 - gap) * 0.62
	botH := H - top - 60 - gap - topH
	upper := newPlotArea(left, top, plotW, topH, xlo, xhi, !opts.LinearX, -0.03, 1.08, false)
	upper.ylabel, upper.noXLabel = "feature dimensionality D_i", true
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for _, v := range loss[0] {
		if v > 0 {
			ylo, yhi = math.Min(ylo, v), math.Max(yhi, v)
		}
	}
	if math.IsInf(ylo, 1) {
		return "", errors.New("figures: no positive loss to draw on a log axis")
	}
	if yhi <= ylo {
		ylo, yhi = ylo/2, yhi*2
	}
	pad := math.Pow(yhi/ylo, 0.05)
	lower := newPlotArea(left, top+topH+gap, plotW, botH, xlo, xhi, !opts.LinearX, ylo/pad, yhi*pad, true)
	lower.xlabel, lower.ylabel = "training step", "loss"

	res := d.Result
	title := orDefault(opts.Title, fmt.Sprintf("Learning dynamics — %s, n = %d, m = %d, %s", ModelName(res.Config.Model), res.Config.Features, res.Config.Hidden, DensityLabel(res.Instances[k])))
	s := newSVG(W, H)
	s.fitText(W/2, 24, W-16, titleSize, "middle", title, ` font-weight="bold"`)
	s.drawArea(upper)
	s.polytopeLines(upper, false)
	xs := make([]float64, T)
	for t, st := range d.Steps {
		xs[t] = float64(st)
	}
	for i := 0; i < n; i++ {
		ys := make([]float64, T)
		for t := range ys {
			ys[t] = d.D[k][t][i]
		}
		s.curve(upper, xs, ys, seriesColour(i, n), 1.6, ` class="ts-curve" stroke-opacity="0.85"`)
	}
	s.drawArea(lower)
	lx := make([]float64, len(hist.Step))
	for t, st := range hist.Step {
		lx[t] = float64(st)
	}
	s.curve(lower, lx, loss[0], "#111", 1.6, ` class="ts-loss"`)
	// Legend: features (thinned to fit).
	var entries []legendEntry
	stride := max(1, (n+11)/12)
	for i := 0; i < n; i += stride {
		entries = append(entries, legendEntry{label: fmt.Sprintf("feature %d", i), colour: seriesColour(i, n)})
	}
	y := s.legend(left+plotW+44, top+10, entries)
	if stride > 1 {
		s.text(left+plotW+44, y, tickSize, "start", fmt.Sprintf("(every %d of %d shown)", stride, n), ` fill="#666"`)
	}
	return s.String(), nil
}

// MustDynamicsFigure is [DynamicsFigure] for notebooks: it panics on error.
func MustDynamicsFigure(d *toysup.Dynamics, k int, opts DynamicsOptions) string {
	return must.M1(DynamicsFigure(d, k, opts))
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
