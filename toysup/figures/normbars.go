package figures

import (
	"fmt"
	"math"

	"github.com/janpfeifer/must"
)

// NormBarsFigure draws, for each panel, one horizontal bar per feature (feature 0 at the top) of length ‖W_i‖
// (panel.Analysis.Norms), coloured by its superposition Σ_{j≠i}(Ŵ_i·W_j)² (panel.Analysis.Superposition) clamped
// to 0…1 on [Viridis] (dark = orthogonal, bright = fully interfered), with a dashed vertical line at ‖W_i‖ = 1
// and a horizontal line below the first m features, labelled "m = …" — the paper's Section 2 bars. Options:
// Title, Width, Columns.
func NormBarsFigure(panels []Panel, opts Options) (string, error) {
	if err := checkPanels(panels, need{norms: true}); err != nil {
		return "", err
	}
	o, err := opts.resolve(spec{name: "NormBarsFigure", width: 800, uses: useColumns})
	if err != nil {
		return "", err
	}
	const left, right, pad, footH = 34.0, 118.0, 16.0, 36.0
	headH := 20 + titleExtra(panels)
	n, xmax := 0, 1.2
	for _, p := range panels {
		n = max(n, len(p.Analysis.Norms))
		xmax = math.Max(xmax, 1.05*maxOf(p.Analysis.Norms))
	}
	plotH := math.Min(14, math.Max(2, 300/float64(n))) * float64(n)
	g := newGrid(len(panels), o.Columns, float64(o.Width), left+right, 80)
	g.left, g.top, g.cellH = left, 34, headH+plotH+footH
	s := newSVG(float64(o.Width), g.top+g.height()+6)
	s.title(o.titleOr("‖W_i‖ per feature, coloured by superposition — " + describe(panels)))
	s.vtext(14, g.top+g.height()/2, "feature i (most important at top)")
	for k := range panels {
		x, y := g.at(k)
		a := newPlotArea(x+pad/2, y+headH, g.cellW-pad, plotH, axis{lo: 0, hi: xmax, label: "‖W_i‖"}, axis{lo: 0, hi: 1})
		a.xTicks, a.yTicks, a.noYTicks = linearTicks(0, xmax, max(2, int(a.w/45))), nil, true
		s.panelTitle(a.left+a.w/2, a.top-7, g.cellW-4, panels, k)
		normBarsPanel(s, a, panels[k])
	}
	barX, barY := s.w-right+22, g.top+headH+8
	barH := math.Min(math.Max(plotH*0.8, 90), 200)
	s.colourBar(barX, barY, 12, barH, 0, 1, Viridis, []tick{{0, "0"}, {0.5, "0.5"}, {1, "≥ 1"}}, "superposition")
	s.notes(barX-14, barY+barH+20, right-10, "Σ (Ŵi·Wj)², j ≠ i", "0: orthogonal", "≥ 1: fully interfered", "",
		"red dashes: ‖W_i‖ = 1")
	return s.String(), nil
}

// MustNormBarsFigure is [NormBarsFigure] for notebooks: it panics on error.
func MustNormBarsFigure(panels []Panel, opts Options) string {
	return must.M1(NormBarsFigure(panels, opts))
}

// normBarsPanel draws one panel's bars in area a, with the ‖W_i‖ = 1 line and the hidden size.
func normBarsPanel(s *svg, a plotArea, p Panel) {
	s.drawArea(a)
	nk := len(p.Analysis.Norms)
	slot := a.h / float64(nk)
	for i, v := range p.Analysis.Norms {
		c := Viridis(clamp01(p.Analysis.Superposition[i])).Hex()
		s.rect(a.left, a.top+float64(i)*slot+0.1*slot, a.x.at(v)-a.left, 0.8*slot, c, ` class="ts-bar"`)
	}
	ux := a.x.at(1)
	s.line(ux, a.top-2, ux, a.top+a.h, "#d62728", 1, ` stroke-dasharray="4 3" class="ts-unit"`)
	if p.Hidden < nk {
		my := a.top + float64(p.Hidden)*slot
		s.line(a.left-4, my, a.left+a.w, my, axisColour, 1, ` stroke-dasharray="2 2"`)
		label := fmt.Sprintf("m = %d", p.Hidden)
		if a.w > 120 {
			label += " dimensions"
		}
		s.text(a.left+a.w, my+11, tickSize, "end", label, ` fill="#222"`+halo)
	}
}
