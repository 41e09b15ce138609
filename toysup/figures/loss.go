package figures

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// LossOptions configures [LossCurves]. The zero value gives the defaults: 800 × 420 pixels, no smoothing, linear
// step axis, raw curves shown faintly.
type LossOptions struct {
	// Title replaces the default title (which names the model, n, m, K and the smoothing).
	Title string
	// Width and Height in pixels (defaults 800 and 420; allowed 200…4000).
	Width, Height int
	// SigmaSteps is the standard deviation of the Gaussian smoothing in training steps (0: none; the seed
	// notebook used 500). It is converted to samples of the loss history by the median step spacing.
	SigmaSteps float64
	// LogX puts the step axis on a log scale (step 0 is then left out).
	LogX bool
	// HideRaw leaves out the unsmoothed curves that are otherwise drawn faintly under the smoothed ones.
	HideRaw bool
}

// SmoothLoss returns each instance's loss history smoothed with a Gaussian of σ = sigmaSteps training steps,
// `[instances][T]` (transposed from LossHistory.Loss `[T][instances]`), as scipy's gaussian_filter1d with mode
// "reflect" on the logged samples, σ converted to samples by the median spacing of LossHistory.Step.
func SmoothLoss(h toysup.LossHistory, sigmaSteps float64) ([][]float64, error) {
	T := len(h.Step)
	if T == 0 {
		return nil, errors.New("figures: the loss history is empty")
	}
	if len(h.Loss) != T {
		return nil, fmt.Errorf("figures: loss history has %d steps but %d loss rows", T, len(h.Loss))
	}
	K := len(h.Loss[0])
	if K == 0 {
		return nil, errors.New("figures: the loss history has no instances")
	}
	if !(sigmaSteps >= 0) || math.IsInf(sigmaSteps, 0) {
		return nil, fmt.Errorf("figures: SigmaSteps = %v, allowed ≥ 0 and finite", sigmaSteps)
	}
	diffs := make([]float64, 0, T)
	for t := 1; t < T; t++ {
		if h.Step[t] <= h.Step[t-1] {
			return nil, fmt.Errorf("figures: loss_history.step[%d] = %d does not increase (previous %d)", t, h.Step[t], h.Step[t-1])
		}
		diffs = append(diffs, float64(h.Step[t]-h.Step[t-1]))
	}
	spacing := 1.0
	if len(diffs) > 0 {
		sort.Float64s(diffs)
		spacing = diffs[len(diffs)/2]
	}
	out := make([][]float64, K)
	for k := range out {
		series := make([]float64, T)
		for t := range series {
			if len(h.Loss[t]) != K {
				return nil, fmt.Errorf("figures: loss_history.loss[%d] has %d values, want %d", t, len(h.Loss[t]), K)
			}
			series[t] = h.Loss[t][k]
			if math.IsNaN(series[t]) || math.IsInf(series[t], 0) {
				return nil, fmt.Errorf("figures: loss_history.loss[%d][%d] = %v, must be finite", t, k, series[t])
			}
		}
		sm, err := GaussianFilter1D(series, sigmaSteps/spacing)
		if err != nil {
			return nil, err
		}
		out[k] = sm
	}
	return out, nil
}

// LossCurves draws each instance's training loss from res.LossHistory (Step `[T]`, Loss `[T][K]`) on a log loss
// axis, one colour per instance with a legend labelled by 1−S; see [LossOptions] for smoothing and axes.
func LossCurves(res *toysup.Result, opts LossOptions) (string, error) {
	if res == nil {
		return "", errors.New("figures: result is nil")
	}
	w, h := opts.Width, opts.Height
	if w == 0 {
		w = defaultWidth
	}
	if h == 0 {
		h = 420
	}
	if w < minWidth || w > maxWidth {
		return "", fmt.Errorf("figures: Width = %d, allowed %d…%d", opts.Width, minWidth, maxWidth)
	}
	if h < minWidth || h > maxWidth {
		return "", fmt.Errorf("figures: Height = %d, allowed %d…%d", opts.Height, minWidth, maxWidth)
	}
	hist := res.LossHistory
	smooth, err := SmoothLoss(hist, opts.SigmaSteps)
	if err != nil {
		return "", err
	}
	K, T := len(smooth), len(hist.Step)
	labels := make([]string, K)
	for k := range labels {
		if k < len(res.Instances) {
			labels[k] = DensityLabel(res.Instances[k])
		}
		if labels[k] == "" {
			labels[k] = fmt.Sprintf("instance %d", k)
		}
	}
	dup := map[string]int{}
	for _, l := range labels {
		dup[l]++
	}
	for k, l := range labels {
		if dup[l] > 1 {
			labels[k] = fmt.Sprintf("%s (#%d)", l, k)
		}
	}
	showRaw := !opts.HideRaw && opts.SigmaSteps > 0

	// Data ranges.
	yLo, yHi := math.Inf(1), math.Inf(-1)
	for k := range K {
		for t := range T {
			vals := []float64{smooth[k][t]}
			if showRaw {
				vals = append(vals, hist.Loss[t][k])
			}
			for _, v := range vals {
				if v > 0 {
					yLo, yHi = math.Min(yLo, v), math.Max(yHi, v)
				}
			}
		}
	}
	if math.IsInf(yLo, 1) {
		return "", errors.New("figures: no positive loss to draw on a log axis")
	}
	if yHi == yLo {
		yLo, yHi = yLo/2, yHi*2
	}
	pad := math.Pow(yHi/yLo, 0.04)
	yLo, yHi = yLo/pad, yHi*pad
	xLo, xHi := float64(hist.Step[0]), float64(hist.Step[T-1])
	if opts.LogX {
		xLo = math.Inf(1)
		for _, s := range hist.Step {
			if s > 0 {
				xLo = math.Min(xLo, float64(s))
			}
		}
		if math.IsInf(xLo, 1) {
			return "", errors.New("figures: LogX needs a logged step > 0")
		}
	}
	if xHi <= xLo {
		xHi = xLo + 1
	}

	const left, top, bottom, legendW = 72.0, 44.0, 52.0, 150.0
	W, H := float64(w), float64(h)
	plotW, plotH := W-left-legendW-10, H-top-bottom
	sx := scale{lo: xLo, hi: xHi, p0: left, p1: left + plotW, log: opts.LogX}
	sy := scale{lo: yLo, hi: yHi, p0: top + plotH, p1: top, log: true}

	title := opts.Title
	if title == "" {
		title = fmt.Sprintf("Training loss — %s, n = %d, m = %d, K = %d", ModelName(res.Config.Model), res.Config.Features, res.Config.Hidden, K)
		if opts.SigmaSteps > 0 {
			title += fmt.Sprintf(" (smoothed, σ = %s steps)", compact(opts.SigmaSteps))
		}
	}
	s := newSVG(W, H)
	s.text(W/2, 24, titleSize, "middle", title, ` font-weight="bold"`)
	xt, yt := sx.ticks(max(3, int(plotW/90))), sy.ticks(5)
	for _, t := range yt {
		y := sy.at(t.v)
		s.line(left, y, left+plotW, y, gridColour, 1, "")
		s.line(left-4, y, left, y, axisColour, 1, "")
		s.text(left-7, y+3.5, tickSize, "end", t.label, "")
	}
	for _, t := range xt {
		x := sx.at(t.v)
		s.line(x, top, x, top+plotH, gridColour, 1, "")
		s.line(x, top+plotH, x, top+plotH+4, axisColour, 1, "")
		s.text(x, top+plotH+16, tickSize, "middle", t.label, "")
	}
	s.frame(left, top, plotW, plotH)
	s.text(left+plotW/2, H-12, labelSize, "middle", "training step", "")
	s.raw(`<text x="16" y="%s" font-size="%d" text-anchor="middle" transform="rotate(-90 16 %s)">loss (per batch)</text>`+"\n",
		num(top+plotH/2), labelSize, num(top+plotH/2))

	xs := make([]float64, T)
	for t, st := range hist.Step {
		xs[t] = sx.at(float64(st))
	}
	maxPts := int(2 * plotW)
	for k := range K {
		col := seriesColour(k, K)
		if showRaw {
			raw := make([]float64, T)
			for t := range raw {
				raw[t] = sy.at(hist.Loss[t][k])
			}
			px, py := envelope(xs, raw, maxPts)
			s.polyline(px, py, col, 0.8, ` stroke-opacity="0.3"`)
		}
		ys := make([]float64, T)
		for t := range ys {
			ys[t] = sy.at(smooth[k][t])
		}
		px, py := envelope(xs, ys, maxPts)
		s.polyline(px, py, col, 1.8, ` class="ts-curve"`)
		if T == 1 && !math.IsNaN(ys[0]) {
			s.raw(`<circle cx="%s" cy="%s" r="3" fill="%s"/>`+"\n", num(xs[0]), num(ys[0]), col)
		}
	}
	// Legend, thinned to fit.
	lx, ly := left+plotW+18, top+6.0
	stride := max(1, (K*16+int(plotH)-1)/int(plotH))
	for k := 0; k < K; k += stride {
		s.line(lx, ly, lx+22, ly, seriesColour(k, K), 2.5, "")
		s.text(lx+28, ly+4, tickSize+1, "start", labels[k], "")
		ly += 16
	}
	if stride > 1 {
		s.text(lx, ly+4, tickSize, "start", fmt.Sprintf("(every %d of %d shown)", stride, K), ` fill="#666"`)
	}
	return s.String(), nil
}

// MustLossCurves is [LossCurves] for notebooks: it panics on error.
func MustLossCurves(res *toysup.Result, opts LossOptions) string {
	return must.M1(LossCurves(res, opts))
}

// envelope thins a curve to about maxPts points: when longer, each run of consecutive points keeps its lowest
// and highest y in their original order, so noise keeps its extent. NaN points (off a log axis) are kept as
// breaks.
func envelope(xs, ys []float64, maxPts int) ([]float64, []float64) {
	n := len(xs)
	if n <= maxPts || maxPts < 4 {
		return xs, ys
	}
	per := (2*n + maxPts - 1) / maxPts
	var ox, oy []float64
	for a := 0; a < n; a += per {
		b := min(n, a+per)
		lo, hi := -1, -1
		for i := a; i < b; i++ {
			if math.IsNaN(ys[i]) || math.IsNaN(xs[i]) {
				continue
			}
			if lo < 0 || ys[i] < ys[lo] {
				lo = i
			}
			if hi < 0 || ys[i] > ys[hi] {
				hi = i
			}
		}
		switch {
		case lo < 0:
			ox, oy = append(ox, math.NaN()), append(oy, math.NaN())
		case lo == hi:
			ox, oy = append(ox, xs[lo]), append(oy, ys[lo])
		default:
			i, j := min(lo, hi), max(lo, hi)
			ox, oy = append(ox, xs[i], xs[j]), append(oy, ys[i], ys[j])
		}
	}
	if ox[len(ox)-1] != xs[n-1] && !math.IsNaN(ys[n-1]) {
		ox, oy = append(ox, xs[n-1]), append(oy, ys[n-1])
	}
	return ox, oy
}
