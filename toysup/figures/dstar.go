package figures

import (
	"errors"
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// DStarFigure draws dimensions per feature D* = m/‖W‖_F² (analyses[k].DimensionsPerFeature) of every instance of
// a uniform-superposition sweep against 1/(1−S) on a log axis, with dashed lines at 1/2 (antipodal pairs) and at
// m/n (every feature in its own share of the space) — the paper's Section 4 figure where D* sticks at 1/2.
// Options: Title, Width (800), Height (420).
func DStarFigure(res *toysup.Result, analyses []toysup.Analysis, opts Options) (string, error) {
	x, err := sparsityAxis(res, analyses)
	if err != nil {
		return "", err
	}
	o, err := opts.resolve(spec{name: "DStarFigure", width: 800, height: 420, uses: useHeight})
	if err != nil {
		return "", err
	}
	W, H := float64(o.Width), float64(o.Height)
	y := make([]float64, len(x))
	for k := range y {
		y[k] = analyses[k].DimensionsPerFeature
	}
	n, m := float64(res.Config.Features), float64(res.Config.Hidden)
	xlo, xhi := xRange(x)
	a := newPlotArea(72, 44, W-72-110, H-44-58,
		axis{lo: xlo, hi: xhi, log: true, label: "1/(1−S)  (inverse feature density)"},
		axis{lo: 0, hi: math.Max(1.1, maxOf(y)*1.05), label: "dimensions per feature D*"})
	s := newSVG(W, H)
	s.title(o.titleOr(fmt.Sprintf("Dimensions per feature D* = m/‖W‖²_F — %s, n = %d, m = %d", ModelName(res.Config.Model), res.Config.Features, res.Config.Hidden)))
	s.drawArea(a)
	s.hline(a, 0.5, "#d62728", "5 4", "1/2")
	s.hline(a, m/n, "#7f7f7f", "2 3", "m/n")
	s.hline(a, 1, "#7f7f7f", "2 3", "1")
	s.curve(a, x, y, "#111", 1.8, ` class="ts-curve"`)
	s.markers(a, x, y, 3.5, "#111", ` class="ts-point"`)
	return s.String(), nil
}

// MustDStarFigure is [DStarFigure] for notebooks: it panics on error.
func MustDStarFigure(res *toysup.Result, analyses []toysup.Analysis, opts Options) string {
	return must.M1(DStarFigure(res, analyses, opts))
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

// xRange pads the range of positive values x by 4 % of its decades (a factor 2 either side of a single value).
func xRange(x []float64) (float64, float64) {
	lo, hi := minOf(x), maxOf(x)
	if hi <= lo {
		return lo / 2, hi * 2
	}
	pad := math.Pow(hi/lo, 0.04)
	return lo / pad, hi * pad
}
