package figures

import (
	"fmt"
	"math"
	"sort"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// Geometry2DFigure draws the feature directions of every instance of an m = 2 result: an arrow from the origin
// to W_i (row i of W) per feature, coloured by importance (dark = most important, with a colour bar), over a
// faint unit circle, one square panel per instance titled with its 1−S — the paper's introduction figure. It
// returns an error if m ≠ 2.
func Geometry2DFigure(res *toysup.Result, opts GridOptions) (string, error) {
	if res == nil {
		return "", fmt.Errorf("figures: result is nil")
	}
	if res.Config.Hidden != 2 {
		return "", fmt.Errorf("figures: Geometry2D needs hidden = 2, the result has hidden = %d", res.Config.Hidden)
	}
	panels, err := PanelsOf(res, make([]toysup.Analysis, len(res.Instances)))
	if err != nil {
		return "", err
	}
	return Geometry2D(panels, opts)
}

// MustGeometry2DFigure is [Geometry2DFigure] for notebooks: it panics on error.
func MustGeometry2DFigure(res *toysup.Result, opts GridOptions) string {
	return must.M1(Geometry2DFigure(res, opts))
}

// Geometry2D draws the arrows W_i of each panel (panel.Instance.W `[n][2]`, coloured by
// panel.Instance.Importance `[n]`); see [Geometry2DFigure].
func Geometry2D(panels []Panel, opts GridOptions) (string, error) {
	for k, p := range panels {
		if p.Hidden != 2 {
			return "", fmt.Errorf("figures: Geometry2D needs hidden = 2, panels[%d].Hidden = %d", k, p.Hidden)
		}
	}
	if err := checkPanels(panels, need{w: true, importance: true}); err != nil {
		return "", err
	}
	const (
		left, right, top = 8.0, 100.0, 34.0
		pad              = 14.0
	)
	width, g, err := opts.resolve(len(panels), 150, left+right)
	if err != nil {
		return "", err
	}
	headH := 20 + titleExtra(panels)
	radius, iMin, iMax := 1.15, math.Inf(1), math.Inf(-1)
	for _, p := range panels {
		for i, w := range p.Instance.W {
			radius = math.Max(radius, 1.1*math.Hypot(w[0], w[1]))
			iMin, iMax = math.Min(iMin, p.Instance.Importance[i]), math.Max(iMax, p.Instance.Importance[i])
		}
	}
	impT := func(v float64) float64 {
		if iMax == iMin {
			return 1
		}
		return (v - iMin) / (iMax - iMin)
	}
	pw := (width - left - right) / float64(g.cols)
	side := math.Min(pw-pad, 320)
	ph := headH + side + 10
	height := math.Max(top+float64(g.rows)*ph+4, top+200)

	title := opts.Title
	if title == "" {
		title = "Feature directions W_i in the hidden plane — " + describe(panels)
	}
	s := newSVG(width, height)
	s.text(width/2, 22, titleSize, "middle", title, ` font-weight="bold"`)
	for k, p := range panels {
		col, row := g.pos(k)
		x0 := left + float64(col)*pw + (pw-side)/2
		y0 := top + float64(row)*ph + headH
		cx, cy := x0+side/2, y0+side/2
		px := side / 2 / radius // pixels per unit
		s.panelTitle(cx, y0-6, pw-4, panels, k)
		s.frame(x0, y0, side, side)
		s.line(x0, cy, x0+side, cy, gridColour, 1, "")
		s.line(cx, y0, cx, y0+side, gridColour, 1, "")
		s.raw(`<circle class="ts-unit" cx="%s" cy="%s" r="%s" fill="none" stroke="%s" stroke-width="1" stroke-dasharray="3 3"/>`+"\n",
			num(cx), num(cy), num(px), faintColour)
		order := make([]int, len(p.Instance.W))
		for i := range order {
			order[i] = i
		}
		imp := p.Instance.Importance
		sort.SliceStable(order, func(a, b int) bool { return imp[order[a]] < imp[order[b]] })
		for _, i := range order {
			w := p.Instance.W[i]
			s.arrow(cx, cy, cx+w[0]*px, cy-w[1]*px, ImportanceColour(impT(imp[i])).Hex(), math.Max(1.2, side/150))
		}
		s.raw(`<circle class="ts-origin" cx="%s" cy="%s" r="1.8" fill="%s"/>`+"\n", num(cx), num(cy), axisColour)
	}
	barX := width - right + 22
	if iMax > iMin {
		s.colourBar(barX, top+headH+8, 12, 140, iMin, iMax, func(v float64) RGB { return ImportanceColour(impT(v)) },
			linearTicks(iMin, iMax, 4), "importance")
	} else {
		s.text(barX-8, top+headH+20, tickSize, "start", "importance", "")
		s.text(barX-8, top+headH+33, tickSize, "start", "uniform", "")
	}
	s.text(barX-8, top+headH+180, tickSize-1, "start", "dashed: unit", ` fill="#444"`)
	s.text(barX-8, top+headH+192, tickSize-1, "start", "circle", ` fill="#444"`)
	return s.String(), nil
}

// MustGeometry2D is [Geometry2D] for notebooks: it panics on error.
func MustGeometry2D(panels []Panel, opts GridOptions) string {
	return must.M1(Geometry2D(panels, opts))
}

// arrow draws a line from (x0, y0) to (x1, y1) with a filled head at the end; vectors shorter than the head are
// drawn as a dot.
func (s *svg) arrow(x0, y0, x1, y1 float64, colour string, width float64) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	head := 4 * width
	if l < head {
		s.raw(`<circle cx="%s" cy="%s" r="%s" fill="%s" class="ts-arrow"/>`+"\n", num(x1), num(y1), num(width), colour)
		return
	}
	ux, uy := dx/l, dy/l
	bx, by := x1-ux*head, y1-uy*head // base of the head
	hw := head * 0.45
	s.raw(`<g class="ts-arrow" stroke="%s" fill="%s"><line x1="%s" y1="%s" x2="%s" y2="%s" stroke-width="%s"/>`+
		`<polygon points="%s,%s %s,%s %s,%s" stroke="none"/></g>`+"\n",
		colour, colour, num(x0), num(y0), num(bx), num(by), num(width),
		num(x1), num(y1), num(bx-uy*hw), num(by+ux*hw), num(bx+uy*hw), num(by-ux*hw))
}
