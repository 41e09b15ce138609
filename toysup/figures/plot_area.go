package figures

import (
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup/theory"
)

// The plot layer, part 3: a framed x–y plot area with its two scales, ticks, grid and axis labels; curves
// clipped to it (thinned when longer than the area is wide), markers and reference lines.

// axis describes one axis of a plot area: its data range, scale and label.
type axis struct {
	lo, hi float64
	log    bool
	label  string
}

// plotArea is a plot's pixel rectangle and its two scales.
type plotArea struct {
	x, y            scale
	left, top, w, h float64
	xlabel, ylabel  string
	xTicks, yTicks  []tick
	// noGrid leaves out the grid lines, noXTicks the x ticks and label (for a plot stacked above another on
	// the same x axis), noYTicks the y tick labels (for panels right of the first in a row).
	noGrid, noXTicks, noYTicks bool
}

func newPlotArea(left, top, w, h float64, x, y axis) plotArea {
	a := plotArea{left: left, top: top, w: w, h: h, xlabel: x.label, ylabel: y.label,
		x: scale{lo: x.lo, hi: x.hi, p0: left, p1: left + w, log: x.log},
		y: scale{lo: y.lo, hi: y.hi, p0: top + h, p1: top, log: y.log}}
	a.xTicks, a.yTicks = a.x.ticks(max(3, int(w/90))), a.y.ticks(max(3, int(h/60)))
	return a
}

// drawArea writes the grid, the frame, the ticks and the axis labels.
func (s *svg) drawArea(a plotArea) {
	if !a.noGrid {
		for _, t := range a.yTicks {
			y := a.y.at(t.v)
			s.line(a.left, y, a.left+a.w, y, gridColour, 1, "")
		}
		for _, t := range a.xTicks {
			x := a.x.at(t.v)
			s.line(x, a.top, x, a.top+a.h, gridColour, 1, "")
		}
	}
	s.drawTicks(a)
}

// drawTicks writes the frame, ticks and labels (no grid), for plots whose content covers the area.
func (s *svg) drawTicks(a plotArea) {
	s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s" stroke-width="1"/>`+"\n",
		num(a.left), num(a.top), num(a.w), num(a.h), axisColour)
	if !a.noYTicks {
		for _, t := range a.yTicks {
			y := a.y.at(t.v)
			s.line(a.left-4, y, a.left, y, axisColour, 1, "")
			s.text(a.left-7, y+3.5, tickSize, "end", t.label, "")
		}
	}
	if !a.noXTicks {
		for _, t := range a.xTicks {
			x := a.x.at(t.v)
			s.line(x, a.top+a.h, x, a.top+a.h+4, axisColour, 1, "")
			s.text(x, a.top+a.h+16, tickSize, "middle", t.label, "")
		}
		if a.xlabel != "" {
			s.fitText(a.left+a.w/2, a.top+a.h+34, a.w+40, labelSize, "middle", a.xlabel, "")
		}
	}
	if a.ylabel != "" {
		s.vtext(a.left-44, a.top+a.h/2, a.ylabel)
	}
}

// markers draws a dot at each data point (xs, ys) inside the area.
func (s *svg) markers(a plotArea, xs, ys []float64, r float64, fill, extra string) {
	for i := range xs {
		px, py := a.x.at(xs[i]), a.y.at(ys[i])
		if !math.IsNaN(px) && !math.IsNaN(py) {
			s.circle(px, py, r, fill, extra)
		}
	}
}

// curve draws data points (xs, ys) as a polyline clipped to the plot area, thinned to about two points per
// pixel of width by [envelope]; points a log scale cannot show are gaps.
func (s *svg) curve(a plotArea, xs, ys []float64, stroke string, width float64, extra string) {
	px, py := make([]float64, len(xs)), make([]float64, len(xs))
	for i := range xs {
		px[i], py[i] = a.x.at(xs[i]), a.y.at(ys[i])
	}
	px, py = envelope(px, py, int(2*a.w))
	for _, seg := range clipPolyline(px, py, a.left, a.top, a.left+a.w, a.top+a.h) {
		s.polyline(seg[0], seg[1], stroke, width, extra)
	}
}

// hline draws a horizontal reference line at data value y across the area, with an optional label at the right.
func (s *svg) hline(a plotArea, y float64, stroke, dash, label string) {
	py := a.y.at(y)
	if math.IsNaN(py) || py < a.top-0.01 || py > a.top+a.h+0.01 {
		return
	}
	extra := ""
	if dash != "" {
		extra = fmt.Sprintf(` stroke-dasharray="%s"`, dash)
	}
	s.line(a.left, py, a.left+a.w, py, stroke, 1, extra)
	if label != "" {
		s.text(a.left+a.w+4, py+3.5, tickSize, "start", label, fmt.Sprintf(` fill="%s"`, stroke))
	}
}

// clipPolyline clips a pixel polyline to the rectangle [x0, x1] × [y0, y1] (Liang–Barsky per segment), returning
// the visible pieces as pairs of coordinate lists; NaN points break the line.
func clipPolyline(xs, ys []float64, x0, y0, x1, y1 float64) [][2][]float64 {
	var out [][2][]float64
	var cx, cy []float64
	flush := func() {
		if len(cx) > 1 {
			out = append(out, [2][]float64{cx, cy})
		}
		cx, cy = nil, nil
	}
	for i := 0; i+1 < len(xs); i++ {
		ax, ay, bx, by := xs[i], ys[i], xs[i+1], ys[i+1]
		if math.IsNaN(ax + ay + bx + by) {
			flush()
			continue
		}
		t0, t1 := 0.0, 1.0
		dx, dy := bx-ax, by-ay
		visible := true
		for _, e := range [4][2]float64{{-dx, ax - x0}, {dx, x1 - ax}, {-dy, ay - y0}, {dy, y1 - ay}} {
			p, q := e[0], e[1]
			if p == 0 {
				if q < 0 {
					visible = false
				}
				continue
			}
			r := q / p
			if p < 0 {
				t0 = math.Max(t0, r)
			} else {
				t1 = math.Min(t1, r)
			}
		}
		if !visible || t0 > t1 {
			flush()
			continue
		}
		sx, sy, ex, ey := ax+t0*dx, ay+t0*dy, ax+t1*dx, ay+t1*dy
		if len(cx) == 0 || math.Abs(cx[len(cx)-1]-sx) > 1e-9 || math.Abs(cy[len(cy)-1]-sy) > 1e-9 {
			flush()
			cx, cy = []float64{sx}, []float64{sy}
		}
		cx, cy = append(cx, ex), append(cy, ey)
		if t1 < 1 {
			flush()
		}
	}
	flush()
	return out
}

// polytopeLines draws dashed reference lines at the fractions of [theory.Polytopes] across the area, labelled at
// the right with the fraction (and the polytope's name when named), labels pushed apart so they never overlap.
func (s *svg) polytopeLines(a plotArea, named bool) {
	lastY := math.Inf(-1)
	for _, p := range theory.Polytopes() { // in order of decreasing fraction: increasing pixel y
		py := a.y.at(p.Fraction)
		if math.IsNaN(py) || py < a.top-0.01 || py > a.top+a.h+0.01 {
			continue
		}
		s.line(a.left, py, a.left+a.w, py, "#999", 1, ` stroke-dasharray="3 3"`)
		label := p.Label
		if named {
			label += "  " + p.Name
		}
		ly := math.Max(py+3.5, lastY+11)
		lastY = ly
		s.text(a.left+a.w+4, ly, tickSize, "start", label, ` fill="#777"`)
	}
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
