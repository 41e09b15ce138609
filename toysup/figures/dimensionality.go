package figures

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// FeatureDimensionalityFigure scatters every feature's dimensionality D_i = ‖W_i‖²/Σ_j(Ŵ_i·W_j)²
// (analyses[k].FeatureDimensionality) against 1/(1−S) of its instance (log axis, jittered sideways so that
// clusters show), with D* as a black line and reference lines at the fractions of [theory.Polytopes] (1, 3/4,
// 2/3, 1/2, 2/5, 3/8), labelled with their geometry — the paper's Section 4 scatter, where D_i clusters at those
// fractions and at 0. Options: Title, Width (860), Height (520).
func FeatureDimensionalityFigure(res *toysup.Result, analyses []toysup.Analysis, opts Options) (string, error) {
	x, err := sparsityAxis(res, analyses)
	if err != nil {
		return "", err
	}
	o, err := opts.resolve(spec{name: "FeatureDimensionalityFigure", width: 860, height: 520, uses: useHeight})
	if err != nil {
		return "", err
	}
	W, H := float64(o.Width), float64(o.Height)
	xlo, xhi := xRange(x)
	const right = 190.0
	a := newPlotArea(72, 44, W-72-right, H-44-58,
		axis{lo: xlo, hi: xhi, log: true, label: "1/(1−S)  (inverse feature density)"},
		axis{lo: -0.03, hi: 1.08, label: "feature dimensionality D_i"})
	s := newSVG(W, H)
	s.title(o.titleOr(fmt.Sprintf("Feature dimensionality D_i — %s, n = %d, m = %d", ModelName(res.Config.Model), res.Config.Features, res.Config.Hidden)))
	s.drawArea(a)
	s.polytopeLines(a, true)
	// Jitter: a fraction of the spacing between densities, in log units.
	spacing := math.Log10(xhi/xlo) / float64(max(1, len(x)))
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
	s.legend(a.left+a.w+14, a.top+a.h-40, right-20, []legendEntry{{label: "D_i of one feature", colour: "#1f77b4", kind: legendDot},
		{label: "D* of the model", colour: "#111", width: 2}})
	return s.String(), nil
}

// MustFeatureDimensionalityFigure is [FeatureDimensionalityFigure] for notebooks: it panics on error.
func MustFeatureDimensionalityFigure(res *toysup.Result, analyses []toysup.Analysis, opts Options) string {
	return must.M1(FeatureDimensionalityFigure(res, analyses, opts))
}
