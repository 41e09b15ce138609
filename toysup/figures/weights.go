package figures

import (
	"fmt"
	"math"

	"github.com/janpfeifer/must"
)

// WeightsFigure draws each panel's raw weight matrix W (panel.Instance.W `[n][m]`: a row per feature, a column
// per hidden dimension or neuron) as a heatmap on [Diverging] colours, scaled by the largest |W_ij| of all
// panels, beside the bias column — the paper's view of the privileged-basis models of Section 7, where a
// monosemantic neuron is a column with one strong entry. Panels are titled with their labels. Options: Title,
// Width, Columns.
func WeightsFigure(panels []Panel, opts Options) (string, error) {
	if err := checkPanels(panels, need{w: true, b: true}); err != nil {
		return "", err
	}
	o, err := opts.resolve(spec{name: "WeightsFigure", width: 800, uses: useColumns})
	if err != nil {
		return "", err
	}
	scale := 0.0
	n, m := 0, 0
	for _, p := range panels {
		n, m = max(n, len(p.Instance.W)), max(m, p.Hidden)
		for i, row := range p.Instance.W {
			for _, v := range row {
				scale = math.Max(scale, math.Abs(v))
			}
			scale = math.Max(scale, math.Abs(p.Instance.B[i]))
		}
	}
	if !(scale > 0) || math.IsInf(scale, 0) {
		return "", fmt.Errorf("figures: WeightsFigure: the weights' largest |value| is %v, want positive and finite", scale)
	}
	const left, right, pad, gap, headH, footH, maxCell = 12.0, 78.0, 14.0, 5.0, 18.0, 22.0, 22.0
	g := newGrid(len(panels), o.Columns, float64(o.Width), left+right, 110)
	inner := g.cellW - pad
	cell := math.Min(maxCell, math.Min((inner-gap)/float64(m+1), 260/float64(n)))
	g.left, g.top, g.cellH = left, 34, headH+titleExtra(panels)+cell*float64(n)+footH
	barH := math.Min(math.Max(cell*float64(n), 90), 220)
	s := newSVG(float64(o.Width), math.Max(g.top+g.height()+8, g.top+headH+barH+48))
	s.title(o.titleOr("Weights W (features × neurons) and bias b — " + describe(panels)))
	colour := func(v float64) RGB { return Diverging(quantize(v/scale, heatmapLevels)) }
	for k, p := range panels {
		cx, cy := g.at(k)
		w := cell * float64(p.Hidden)
		x0 := cx + pad/2 + (inner-w-gap-cell)/2
		hy := cy + headH + titleExtra(panels)
		s.panelTitle(x0+(w+gap+cell)/2, hy-6, g.cellW-4, panels, k)
		heat, bias := make([][]RGB, len(p.Instance.W)), make([][]RGB, len(p.Instance.W))
		for i, row := range p.Instance.W {
			heat[i] = make([]RGB, len(row))
			for j, v := range row {
				heat[i][j] = colour(v)
			}
			bias[i] = []RGB{colour(p.Instance.B[i])}
		}
		s.cellPaths(x0, hy, cell, cell, heat, "ts-weights")
		s.frame(x0, hy, w, cell*float64(len(heat)))
		s.cellPaths(x0+w+gap, hy, cell, cell, bias, "ts-bias")
		s.frame(x0+w+gap, hy, cell, cell*float64(len(heat)))
		s.text(x0+w/2, hy+cell*float64(len(heat))+14, tickSize, "middle", "W", "")
		s.text(x0+w+gap+cell/2, hy+cell*float64(len(heat))+14, tickSize, "middle", "b", "")
	}
	s.colourBar(s.w-right+18, g.top+headH+8, 12, barH, -scale, scale, func(v float64) RGB { return colour(v) }, linearTicks(-scale, scale, 4), "W, b")
	return s.String(), nil
}

// MustWeightsFigure is [WeightsFigure] for notebooks: it panics on error.
func MustWeightsFigure(panels []Panel, opts Options) string {
	return must.M1(WeightsFigure(panels, opts))
}
