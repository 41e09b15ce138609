package figures

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// ChartOptions configures the single-chart figures of Sections 6–8 ([VulnerabilityFigure],
// [NeuronCountsFigure]). The zero value gives the defaults.
type ChartOptions struct {
	// Title replaces the default title (which names the model, n and m).
	Title string
	// Width and Height in pixels (defaults: width 800, height fitted to the content; allowed 200…4000).
	Width, Height int
}

// VulnerabilityFigure draws the paper's Section 6 figure: for every instance of res (one per sparsity, each with
// one feature probability shared by all features), the adversarial vulnerability (L' − L)/(L'₀ − L₀) of the
// analytic attack (reports, `[instances]`, from [toysup.Result.Attack]) against 1/(1−S) on a log axis, next to
// the features per dimension 1/D* = ‖W‖_F²/m of the same instance, with a dotted line at 1 (no superposition).
// fixed (may be nil) adds the vulnerability under the fixed-size attack as a dashed curve.
func VulnerabilityFigure(res *toysup.Result, reports, fixed []theory.AttackReport, opts ChartOptions) (string, error) {
	if res == nil || len(res.Instances) == 0 {
		return "", errors.New("figures: result is nil or has no instances")
	}
	K := len(res.Instances)
	if len(reports) != K || (fixed != nil && len(fixed) != K) {
		return "", fmt.Errorf("figures: %d instances but %d reports and %d fixed-size reports", K, len(reports), len(fixed))
	}
	w, h := opts.Width, opts.Height
	if w == 0 {
		w = defaultWidth
	}
	if h == 0 {
		h = 420
	}
	if w < minWidth || w > maxWidth || h < minWidth || h > maxWidth {
		return "", fmt.Errorf("figures: Width = %d, Height = %d, allowed %d…%d", opts.Width, opts.Height, minWidth, maxWidth)
	}
	type point struct{ x, vuln, fixed, invD float64 }
	pts := make([]point, K)
	for k, in := range res.Instances {
		p, err := uniformDensity(in, k)
		if err != nil {
			return "", err
		}
		if err := checkMatrix(fmt.Sprintf("instances[%d].W", k), in.W, len(in.W), res.Config.Hidden); err != nil {
			return "", err
		}
		d := toysup.AnalyzeWeights(in.W).DimensionsPerFeature
		pts[k] = point{x: 1 / p, vuln: reports[k].Vulnerability, invD: 1 / d, fixed: math.NaN()}
		if fixed != nil {
			pts[k].fixed = fixed[k].Vulnerability
		}
		if math.IsNaN(pts[k].vuln) || math.IsInf(pts[k].vuln, 0) || math.IsInf(pts[k].invD, 0) || math.IsNaN(pts[k].invD) {
			return "", fmt.Errorf("figures: instance %d has vulnerability %v and 1/D* %v, both must be finite", k, pts[k].vuln, pts[k].invD)
		}
		if fixed != nil && (math.IsNaN(pts[k].fixed) || math.IsInf(pts[k].fixed, 0)) {
			return "", fmt.Errorf("figures: instance %d: fixed-size vulnerability %v, must be finite", k, pts[k].fixed)
		}
	}
	sort.SliceStable(pts, func(a, b int) bool { return pts[a].x < pts[b].x })
	xLo, xHi, yHi := pts[0].x, pts[K-1].x, 1.0
	for _, p := range pts {
		yHi = math.Max(yHi, math.Max(p.vuln, p.invD))
		if fixed != nil {
			yHi = math.Max(yHi, p.fixed)
		}
	}
	if xHi == xLo {
		xLo, xHi = xLo/2, xHi*2
	}
	yHi *= 1.08

	const left, top, bottom, legendW = 64.0, 44.0, 54.0, 210.0
	W, H := float64(w), float64(h)
	plotW, plotH := W-left-legendW-10, H-top-bottom
	sx := scale{lo: xLo, hi: xHi, p0: left, p1: left + plotW, log: true}
	sy := scale{lo: 0, hi: yHi, p0: top + plotH, p1: top}

	title := opts.Title
	if title == "" {
		title = fmt.Sprintf("Adversarial vulnerability and features per dimension — %s, n = %d, m = %d",
			ModelName(res.Config.Model), res.Config.Features, res.Config.Hidden)
	}
	s := newSVG(W, H)
	s.fitText(W/2, 24, W-8, titleSize, "middle", title, ` font-weight="bold"`)
	for _, t := range sy.ticks(max(3, int(plotH/50))) {
		y := sy.at(t.v)
		s.line(left, y, left+plotW, y, gridColour, 1, "")
		s.line(left-4, y, left, y, axisColour, 1, "")
		s.text(left-7, y+3.5, tickSize, "end", t.label, "")
	}
	for _, t := range sx.ticks(0) {
		x := sx.at(t.v)
		s.line(x, top, x, top+plotH, gridColour, 1, "")
		s.line(x, top+plotH, x, top+plotH+4, axisColour, 1, "")
		s.text(x, top+plotH+16, tickSize, "middle", t.label, "")
	}
	s.frame(left, top, plotW, plotH)
	s.line(left, sy.at(1), left+plotW, sy.at(1), "#888", 1, ` stroke-dasharray="2 3" class="ts-unit"`)
	s.text(left+plotW/2, H-14, labelSize, "middle", "1/(1−S)  (sparser →, log scale)", "")
	midY := top + plotH/2
	s.raw(`<text x="18" y="%s" font-size="%d" text-anchor="middle" transform="rotate(-90 18 %s)">relative to no superposition</text>`+"\n",
		num(midY), labelSize, num(midY))

	series := []struct {
		label, colour, dash, class string
		y                          func(point) float64
	}{
		{"features per dimension 1/D*", tab10[0], "", "ts-invd", func(p point) float64 { return p.invD }},
		{"vulnerability (attack ∝ ‖x‖)", tab10[3], "", "ts-vuln", func(p point) float64 { return p.vuln }},
	}
	if fixed != nil {
		series = append(series, struct {
			label, colour, dash, class string
			y                          func(point) float64
		}{"vulnerability (fixed ε)", "#e8927c", "6 4", "ts-vuln-fixed", func(p point) float64 { return p.fixed }})
	}
	for _, se := range series {
		xs, ys := make([]float64, K), make([]float64, K)
		for i, p := range pts {
			xs[i], ys[i] = sx.at(p.x), sy.at(se.y(p))
		}
		extra := fmt.Sprintf(` class="%s"`, se.class)
		if se.dash != "" {
			extra += fmt.Sprintf(` stroke-dasharray="%s"`, se.dash)
		}
		s.polyline(xs, ys, se.colour, 2, extra)
		for i := range xs {
			s.raw(`<circle cx="%s" cy="%s" r="3" fill="%s"/>`+"\n", num(xs[i]), num(ys[i]), se.colour)
		}
	}
	lx, ly := left+plotW+18, top+10
	for _, se := range series {
		extra := ""
		if se.dash != "" {
			extra = fmt.Sprintf(` stroke-dasharray="%s"`, se.dash)
		}
		s.line(lx, ly, lx+22, ly, se.colour, 2.5, extra)
		s.fitText(lx+28, ly+4, legendW-40, tickSize+1, "start", se.label, "")
		ly += 18
	}
	s.line(lx, ly, lx+22, ly, "#888", 1, ` stroke-dasharray="2 3"`)
	s.text(lx+28, ly+4, tickSize+1, "start", "1 = no superposition", "")
	notes := []string{
		"vulnerability = (L' − L)/(L'₀ − L₀):",
		"loss increase of the worst feature's",
		"attack δ ∝ (WᵀW)_i, over the same",
		"attack on a model with the m most",
		"important features orthogonal",
		fmt.Sprintf("(size %s × ‖x‖ on average)", compact(reports[0].Fraction)),
	}
	for i, note := range notes {
		s.text(lx, ly+30+13*float64(i), tickSize-1, "start", note, ` fill="#444"`)
	}
	return s.String(), nil
}

// MustVulnerabilityFigure is [VulnerabilityFigure] for notebooks: it panics on error.
func MustVulnerabilityFigure(res *toysup.Result, reports, fixed []theory.AttackReport, opts ChartOptions) string {
	return must.M1(VulnerabilityFigure(res, reports, fixed, opts))
}

// uniformDensity returns the feature probability an instance's features share, or an error naming it.
func uniformDensity(in toysup.Instance, k int) (float64, error) {
	if len(in.FeatureProbability) == 0 {
		return 0, fmt.Errorf("figures: instances[%d] has no feature probabilities", k)
	}
	p := in.FeatureProbability[0]
	for i, v := range in.FeatureProbability {
		if v != p {
			return 0, fmt.Errorf("figures: instances[%d].feature_probability[%d] = %v differs from [0] = %v: the figure needs one density per instance", k, i, v, p)
		}
	}
	if !(p > 0 && p <= 1) {
		return 0, fmt.Errorf("figures: instances[%d].feature_probability = %v, allowed (0, 1]", k, p)
	}
	return p, nil
}
