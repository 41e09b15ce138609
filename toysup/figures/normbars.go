package figures

import (
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// NormBarsFigure draws, for every instance of res, one horizontal bar per feature (feature 0 at the top) of
// length ‖W_i‖, coloured by its superposition Σ_{j≠i}(Ŵ_i·W_j)² clamped to 0…1 on [Viridis] (dark =
// orthogonal, bright = fully interfered), with a dashed vertical line at ‖W_i‖ = 1 and a horizontal line below
// the first m features, labelled "m = …" — the paper's Section 2 bars. analyses may be nil (computed from W).
func NormBarsFigure(res *toysup.Result, analyses []toysup.Analysis, opts GridOptions) (string, error) {
	panels, err := PanelsOf(res, analyses)
	if err != nil {
		return "", err
	}
	return NormBars(panels, opts)
}

// MustNormBarsFigure is [NormBarsFigure] for notebooks: it panics on error.
func MustNormBarsFigure(res *toysup.Result, analyses []toysup.Analysis, opts GridOptions) string {
	return must.M1(NormBarsFigure(res, analyses, opts))
}

// NormBars draws the bars of panel.Analysis.Norms coloured by panel.Analysis.Superposition; see
// [NormBarsFigure].
func NormBars(panels []Panel, opts GridOptions) (string, error) {
	if err := checkPanels(panels, need{norms: true}); err != nil {
		return "", err
	}
	const (
		left, right, top = 34.0, 118.0, 34.0
		pad              = 16.0
		footH            = 36.0
	)
	width, g, err := opts.resolve(len(panels), 80, left+right)
	if err != nil {
		return "", err
	}
	headH := 20 + titleExtra(panels)
	n, xmax := 0, 1.2
	for _, p := range panels {
		n = max(n, len(p.Analysis.Norms))
		for _, v := range p.Analysis.Norms {
			xmax = math.Max(xmax, v*1.05)
		}
	}
	slot := math.Min(14, math.Max(2, 300/float64(n)))
	plotH := slot * float64(n)
	pw := (width - left - right) / float64(g.cols)
	plotW := pw - pad
	ph := headH + plotH + footH
	height := top + float64(g.rows)*ph + 6

	title := opts.Title
	if title == "" {
		title = "‖W_i‖ per feature, coloured by superposition — " + describe(panels)
	}
	s := newSVG(width, height)
	s.text(width/2, 22, titleSize, "middle", title, ` font-weight="bold"`)
	// Shared y label.
	midY := top + float64(g.rows)*ph/2
	s.raw(`<text x="14" y="%s" font-size="%d" text-anchor="middle" transform="rotate(-90 14 %s)">feature i (most important at top)</text>`+"\n",
		num(midY), labelSize, num(midY))
	xt := linearTicks(0, xmax, max(2, int(plotW/45)))
	for k, p := range panels {
		col, row := g.pos(k)
		x0 := left + float64(col)*pw + pad/2
		y0 := top + float64(row)*ph + headH
		sx := scale{lo: 0, hi: xmax, p0: x0, p1: x0 + plotW}
		s.panelTitle(x0+plotW/2, y0-7, pw-4, panels, k)
		for _, t := range xt {
			s.line(sx.at(t.v), y0, sx.at(t.v), y0+plotH, gridColour, 1, "")
		}
		nk := len(p.Analysis.Norms)
		slotK := plotH / float64(nk)
		for i, v := range p.Analysis.Norms {
			c := Viridis(clamp01(p.Analysis.Superposition[i])).Hex()
			s.rect(x0, y0+float64(i)*slotK+0.1*slotK, sx.at(v)-x0, 0.8*slotK, c, ` class="ts-bar"`)
		}
		// Axes, ‖W_i‖ = 1 and the hidden size.
		s.line(x0, y0, x0, y0+plotH, axisColour, 1, "")
		s.line(x0, y0+plotH, x0+plotW, y0+plotH, axisColour, 1, "")
		s.line(sx.at(1), y0-2, sx.at(1), y0+plotH, "#d62728", 1, ` stroke-dasharray="4 3" class="ts-unit"`)
		if p.Hidden < nk {
			my := y0 + float64(p.Hidden)*slotK
			s.line(x0-4, my, x0+plotW, my, axisColour, 1, ` stroke-dasharray="2 2"`)
			label := fmt.Sprintf("m = %d", p.Hidden)
			if plotW > 120 {
				label += " dimensions"
			}
			s.text(x0+plotW, my+11, tickSize, "end", label, ` fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke"`)
		}
		for _, t := range xt {
			tx := sx.at(t.v)
			s.line(tx, y0+plotH, tx, y0+plotH+4, axisColour, 1, "")
			s.text(tx, y0+plotH+15, tickSize, "middle", t.label, "")
		}
		s.text(x0+plotW/2, y0+plotH+29, tickSize+1, "middle", "‖W_i‖", "")
	}
	barX := width - right + 22
	barY := top + headH + 8
	barH := math.Min(math.Max(plotH*0.8, 90), 200)
	s.colourBar(barX, barY, 12, barH, 0, 1, Viridis,
		[]tick{{0, "0"}, {0.5, "0.5"}, {1, "≥ 1"}}, "superposition")
	for i, note := range []string{"Σ (Ŵi·Wj)², j ≠ i", "0: orthogonal", "≥ 1: fully interfered", "", "red dashes: ‖W_i‖ = 1"} {
		s.text(barX-14, barY+barH+20+13*float64(i), tickSize-1, "start", note, ` fill="#444"`)
	}
	return s.String(), nil
}

// MustNormBars is [NormBars] for notebooks: it panics on error.
func MustNormBars(panels []Panel, opts GridOptions) string { return must.M1(NormBars(panels, opts)) }
