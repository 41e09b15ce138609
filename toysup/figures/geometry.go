package figures

import (
	"fmt"
	"math"
	"sort"

	"github.com/janpfeifer/must"
)

// Geometry2DFigure draws the feature directions of m = 2 panels: an arrow from the origin to W_i (row i of
// panel.Instance.W `[n][2]`) per feature, coloured by importance (panel.Instance.Importance `[n]`; dark = most
// important, with a colour bar), over a faint unit circle, one square panel per instance titled with its label —
// the paper's introduction figure. It returns an error if a panel has m ≠ 2. Options: Title, Width, Columns.
func Geometry2DFigure(panels []Panel, opts Options) (string, error) {
	if err := checkPlanar(panels, "Geometry2DFigure", need{w: true, importance: true}); err != nil {
		return "", err
	}
	o, err := opts.resolve(spec{name: "Geometry2DFigure", width: 800, uses: useColumns})
	if err != nil {
		return "", err
	}
	const right = 100.0
	iMin, iMax := math.Inf(1), math.Inf(-1)
	for _, p := range panels {
		iMin, iMax = math.Min(iMin, minOf(p.Instance.Importance)), math.Max(iMax, maxOf(p.Instance.Importance))
	}
	impT := func(v float64) float64 {
		if iMax == iMin {
			return 1
		}
		return (v - iMin) / (iMax - iMin)
	}
	l := newPlanarLayout(panels, o, right, 320)
	s := newSVG(float64(o.Width), math.Max(l.g.top+l.g.height()+4, l.g.top+200))
	s.title(o.titleOr("Feature directions W_i in the hidden plane — " + describe(panels)))
	for k, p := range panels {
		imp := p.Instance.Importance
		order := make([]int, len(imp)) // least important first, so the most important arrows are on top
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return imp[order[a]] < imp[order[b]] })
		l.panel(s, panels, k, order, func(i int) string { return ImportanceColour(impT(imp[i])).Hex() })
	}
	barX, barY := s.w-right+22, l.g.top+l.headH+8
	if iMax > iMin {
		s.colourBar(barX, barY, 12, 140, iMin, iMax, func(v float64) RGB { return ImportanceColour(impT(v)) },
			linearTicks(iMin, iMax, 4), "importance")
	} else {
		s.text(barX-8, barY+12, tickSize, "start", "importance", "")
		s.text(barX-8, barY+25, tickSize, "start", "uniform", "")
	}
	s.notes(barX-8, barY+172, right-16, "dashed: unit", "circle")
	return s.String(), nil
}

// MustGeometry2DFigure is [Geometry2DFigure] for notebooks: it panics on error.
func MustGeometry2DFigure(panels []Panel, opts Options) string {
	return must.M1(Geometry2DFigure(panels, opts))
}

// checkPlanar checks that every panel has m = 2, and what the figure reads.
func checkPlanar(panels []Panel, figure string, nd need) error {
	for k, p := range panels {
		if p.Hidden != 2 {
			return fmt.Errorf("figures: %s needs hidden = 2, panels[%d] has hidden = %d", figure, k, p.Hidden)
		}
	}
	return checkPanels(panels, nd)
}

// planarLayout places the square panels of the m = 2 geometry figures.
type planarLayout struct {
	g           grid
	headH, side float64
	radius      float64
}

// newPlanarLayout lays out the panels left of a legend right pixels wide, each square at most maxSide, all on
// one scale: the longest W_i (or the unit circle) fills its panel.
func newPlanarLayout(panels []Panel, o Options, right, maxSide float64) planarLayout {
	const left, pad = 8.0, 14.0
	l := planarLayout{headH: 20 + titleExtra(panels), radius: 1.15}
	for _, p := range panels {
		for _, w := range p.Instance.W {
			l.radius = math.Max(l.radius, 1.1*math.Hypot(w[0], w[1]))
		}
	}
	l.g = newGrid(len(panels), o.Columns, float64(o.Width), left+right, 150)
	l.side = math.Min(l.g.cellW-pad, maxSide)
	l.g.left, l.g.top, l.g.cellH = left, 34, l.headH+l.side+10
	return l
}

// panel draws panel k: the frame, axes, unit circle and the arrows W_i in the given order and colours.
func (l planarLayout) panel(s *svg, panels []Panel, k int, order []int, colour func(i int) string) {
	x0, y0 := l.corner(k)
	cx, cy, px := l.centre(k)
	s.panelTitle(cx, y0-6, l.g.cellW-4, panels, k)
	s.frame(x0, y0, l.side, l.side)
	s.line(x0, cy, x0+l.side, cy, gridColour, 1, "")
	s.line(cx, y0, cx, y0+l.side, gridColour, 1, "")
	s.raw(`<circle class="ts-unit" cx="%s" cy="%s" r="%s" fill="none" stroke="%s" stroke-width="1" stroke-dasharray="3 3"/>`+"\n",
		num(cx), num(cy), num(px), faintColour)
	for _, i := range order {
		w := panels[k].Instance.W[i]
		s.arrow(cx, cy, cx+w[0]*px, cy-w[1]*px, colour(i), math.Max(1.2, l.side/150))
	}
	s.raw(`<circle class="ts-origin" cx="%s" cy="%s" r="1.8" fill="%s"/>`+"\n", num(cx), num(cy), axisColour)
}

// corner is the top-left corner of panel k's square.
func (l planarLayout) corner(k int) (x0, y0 float64) {
	cx0, cy0 := l.g.at(k)
	return cx0 + (l.g.cellW-l.side)/2, cy0 + l.headH
}

// centre is the pixel position of panel k's origin and the pixels per unit of its plane.
func (l planarLayout) centre(k int) (cx, cy, px float64) {
	x0, y0 := l.corner(k)
	return x0 + l.side/2, y0 + l.side/2, l.side / 2 / l.radius
}
