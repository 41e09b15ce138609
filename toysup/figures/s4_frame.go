package figures

import (
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup/theory"
)

// Shared pieces of the x–y plots of Sections 3–5 (phase diagrams, D* and D_i against sparsity, learning
// dynamics): a framed plot area with ticks, grid and axis labels, curves clipped to it, reference lines and
// legends.

// plotArea is a plot's pixel rectangle and its two scales.
type plotArea struct {
	x, y             scale
	left, top, w, h  float64
	xlabel, ylabel   string
	xTicks, yTicks   []tick
	noGrid, noXLabel bool
}

func newPlotArea(left, top, w, h float64, xlo, xhi float64, xlog bool, ylo, yhi float64, ylog bool) plotArea {
	a := plotArea{left: left, top: top, w: w, h: h,
		x: scale{lo: xlo, hi: xhi, p0: left, p1: left + w, log: xlog},
		y: scale{lo: ylo, hi: yhi, p0: top + h, p1: top, log: ylog}}
	a.xTicks, a.yTicks = a.x.ticks(max(3, int(w/90))), a.y.ticks(max(3, int(h/60)))
	return a
}

// draw writes the grid, the frame, the ticks and the axis labels.
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
	for _, t := range a.yTicks {
		y := a.y.at(t.v)
		s.line(a.left-4, y, a.left, y, axisColour, 1, "")
		s.text(a.left-7, y+3.5, tickSize, "end", t.label, "")
	}
	if !a.noXLabel {
		for _, t := range a.xTicks {
			x := a.x.at(t.v)
			s.line(x, a.top+a.h, x, a.top+a.h+4, axisColour, 1, "")
			s.text(x, a.top+a.h+16, tickSize, "middle", t.label, "")
		}
		if a.xlabel != "" {
			s.text(a.left+a.w/2, a.top+a.h+34, labelSize, "middle", a.xlabel, "")
		}
	}
	if a.ylabel != "" {
		x, y := a.left-44, a.top+a.h/2
		s.raw(`<text x="%s" y="%s" font-size="%d" text-anchor="middle" transform="rotate(-90 %s %s)">%s</text>`+"\n",
			num(x), num(y), labelSize, num(x), num(y), esc(a.ylabel))
	}
}

// curve draws data points (xs, ys) as a polyline clipped to the plot area; points a log scale cannot show are
// gaps.
func (s *svg) curve(a plotArea, xs, ys []float64, stroke string, width float64, extra string) {
	px, py := make([]float64, len(xs)), make([]float64, len(xs))
	for i := range xs {
		px[i], py[i] = a.x.at(xs[i]), a.y.at(ys[i])
	}
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

// legendEntry is one row of a legend: a swatch (filled square), a line (optionally dashed) or a dot.
type legendEntry struct {
	label, colour, dash string
	kind                string // "swatch", "line", "dot"
}

// legend draws entries top-down from (x, y); it returns the y below the last row.
func (s *svg) legend(x, y float64, entries []legendEntry) float64 {
	for _, e := range entries {
		switch e.kind {
		case "swatch":
			s.rect(x, y-9, 14, 12, e.colour, ` stroke="#666" stroke-width="0.5"`)
		case "dot":
			s.raw(`<circle cx="%s" cy="%s" r="3.5" fill="%s"/>`+"\n", num(x+7), num(y-3), e.colour)
		default:
			extra := ""
			if e.dash != "" {
				extra = fmt.Sprintf(` stroke-dasharray="%s"`, e.dash)
			}
			s.line(x, y-3, x+22, y-3, e.colour, 2, extra)
		}
		s.text(x+28, y+1, tickSize+1, "start", e.label, "")
		y += 17
	}
	return y
}

// checkFinite reports the first non-finite value of v, named.
func checkFinite(name string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("figures: %s[%d] = %v, must be finite", name, i, x)
		}
	}
	return nil
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
