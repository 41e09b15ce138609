package figures

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// PlotOptions configures the x–y plots of Sections 4 and 5; the zero value gives the defaults.
type PlotOptions struct {
	// Title replaces the default title.
	Title string
	// Width and Height in pixels (defaults 800 and 440; allowed 200…4000).
	Width, Height int
}

func (o PlotOptions) size(defW, defH int) (float64, float64, error) {
	w, h := o.Width, o.Height
	if w == 0 {
		w = defW
	}
	if h == 0 {
		h = defH
	}
	if w < minWidth || w > maxWidth || h < minWidth || h > maxWidth {
		return 0, 0, fmt.Errorf("figures: Width = %d, Height = %d, each allowed %d…%d", o.Width, o.Height, minWidth, maxWidth)
	}
	return float64(w), float64(h), nil
}

// sparsityAxis returns 1/(1−S) of each instance (from feature 0's probability) and checks the analyses.
func sparsityAxis(res *toysup.Result, analyses []toysup.Analysis) ([]float64, error) {
	if res == nil || len(res.Instances) == 0 {
		return nil, errors.New("figures: result is nil or has no instances")
	}
	if len(analyses) != len(res.Instances) {
		return nil, fmt.Errorf("figures: %d analyses for %d instances", len(analyses), len(res.Instances))
	}
	x := make([]float64, len(res.Instances))
	for k, in := range res.Instances {
		if len(in.FeatureProbability) == 0 || !(in.FeatureProbability[0] > 0) {
			return nil, fmt.Errorf("figures: instances[%d] has no positive feature probability", k)
		}
		x[k] = 1 / in.FeatureProbability[0]
		if err := checkFinite(fmt.Sprintf("analyses[%d].FeatureDimensionality", k), analyses[k].FeatureDimensionality); err != nil {
			return nil, err
		}
		if d := analyses[k].DimensionsPerFeature; math.IsNaN(d) || math.IsInf(d, 0) {
			return nil, fmt.Errorf("figures: analyses[%d].DimensionsPerFeature = %v, must be finite", k, d)
		}
	}
	return x, nil
}

func xRange(x []float64) (float64, float64) {
	lo, hi := minOf(x), maxOf(x)
	if hi <= lo {
		return lo / 2, hi * 2
	}
	pad := math.Pow(hi/lo, 0.04)
	return lo / pad, hi * pad
}

// DStarFigure draws dimensions per feature D* = m/‖W‖_F² of every instance of a uniform-superposition sweep
// against 1/(1−S) on a log axis, with dashed lines at 1/2 (antipodal pairs) and at m/n (every feature in its own
// share of the space) — the paper's Section 4 figure where D* sticks at 1/2.
func DStarFigure(res *toysup.Result, analyses []toysup.Analysis, opts PlotOptions) (string, error) {
	x, err := sparsityAxis(res, analyses)
	if err != nil {
		return "", err
	}
	W, H, err := opts.size(800, 420)
	if err != nil {
		return "", err
	}
	y := make([]float64, len(x))
	for k := range y {
		y[k] = analyses[k].DimensionsPerFeature
	}
	n, m := float64(res.Config.Features), float64(res.Config.Hidden)
	yhi := math.Max(1.1, maxOf(y)*1.05)
	xlo, xhi := xRange(x)
	a := newPlotArea(72, 44, W-72-110, H-44-58, xlo, xhi, true, 0, yhi, false)
	a.xlabel, a.ylabel = "1/(1−S)  (inverse feature density)", "dimensions per feature D*"
	title := orDefault(opts.Title, fmt.Sprintf("Dimensions per feature D* = m/‖W‖²_F — %s, n = %d, m = %d", ModelName(res.Config.Model), res.Config.Features, res.Config.Hidden))
	s := newSVG(W, H)
	s.fitText(W/2, 24, W-16, titleSize, "middle", title, ` font-weight="bold"`)
	s.drawArea(a)
	s.hline(a, 0.5, "#d62728", "5 4", "1/2")
	s.hline(a, m/n, "#7f7f7f", "2 3", "m/n")
	s.hline(a, 1, "#7f7f7f", "2 3", "1")
	s.curve(a, x, y, "#111", 1.8, ` class="ts-curve"`)
	for k := range x {
		s.raw(`<circle class="ts-point" cx="%s" cy="%s" r="3.5" fill="#111"/>`+"\n", num(a.x.at(x[k])), num(a.y.at(y[k])))
	}
	return s.String(), nil
}

// MustDStarFigure is [DStarFigure] for notebooks: it panics on error.
func MustDStarFigure(res *toysup.Result, analyses []toysup.Analysis, opts PlotOptions) string {
	return must.M1(DStarFigure(res, analyses, opts))
}

// FeatureDimensionalityFigure scatters every feature's dimensionality D_i = ‖W_i‖²/Σ_j(Ŵ_i·W_j)² against
// 1/(1−S) of its instance (log axis, jittered sideways so that clusters show), with D* as a black line and
// reference lines at the fractions of [theory.Polytopes] (1, 3/4, 2/3, 1/2, 2/5, 3/8), labelled with their
// geometry — the paper's Section 4 scatter, where D_i clusters at those fractions and at 0.
func FeatureDimensionalityFigure(res *toysup.Result, analyses []toysup.Analysis, opts PlotOptions) (string, error) {
	x, err := sparsityAxis(res, analyses)
	if err != nil {
		return "", err
	}
	W, H, err := opts.size(860, 520)
	if err != nil {
		return "", err
	}
	xlo, xhi := xRange(x)
	// Jitter: a fraction of the spacing between densities, in log units.
	spacing := math.Log10(xhi/xlo) / float64(max(1, len(x)))
	const right = 190.0
	a := newPlotArea(72, 44, W-72-right, H-44-58, xlo, xhi, true, -0.03, 1.08, false)
	a.xlabel, a.ylabel = "1/(1−S)  (inverse feature density)", "feature dimensionality D_i"
	title := orDefault(opts.Title, fmt.Sprintf("Feature dimensionality D_i — %s, n = %d, m = %d", ModelName(res.Config.Model), res.Config.Features, res.Config.Hidden))
	s := newSVG(W, H)
	s.fitText(W/2, 24, W-16, titleSize, "middle", title, ` font-weight="bold"`)
	s.drawArea(a)
	s.polytopeLines(a, true)
	rng := rand.New(rand.NewPCG(1, 2))
	s.raw(`<g class="ts-point" fill="#1f77b4" fill-opacity="0.35">` + "\n")
	for k := range x {
		for _, d := range analyses[k].FeatureDimensionality {
			jx := x[k] * math.Pow(10, spacing*0.7*(rng.Float64()-0.5))
			s.raw(`<circle cx="%s" cy="%s" r="2.3"/>`+"\n", num(a.x.at(jx)), num(a.y.at(d)))
		}
	}
	s.raw("</g>\n")
	y := make([]float64, len(x))
	for k := range y {
		y[k] = analyses[k].DimensionsPerFeature
	}
	s.curve(a, x, y, "#111", 2, ` class="ts-curve"`)
	s.legend(a.left+a.w+14, a.top+a.h-40, []legendEntry{{label: "D_i of one feature", colour: "#1f77b4", kind: "dot"},
		{label: "D* of the model", colour: "#111"}})
	return s.String(), nil
}

// MustFeatureDimensionalityFigure is [FeatureDimensionalityFigure] for notebooks: it panics on error.
func MustFeatureDimensionalityFigure(res *toysup.Result, analyses []toysup.Analysis, opts PlotOptions) string {
	return must.M1(FeatureDimensionalityFigure(res, analyses, opts))
}
