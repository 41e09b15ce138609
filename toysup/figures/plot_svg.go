package figures

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strconv"
	"strings"
)

// The plot layer, part 1: the SVG document and its primitives (rectangles, lines, text fitted to a width,
// polylines, arrows, heatmap cells as paths or an embedded PNG). The other parts: plot_axis.go (scales, ticks,
// colour bars), plot_area.go (framed x–y plot areas, clipped curves, reference lines), plot_legend.go (legends
// and notes) and plot_grid.go (panel grids).

// Typography and layout shared by all figures, in pixels.
const (
	fontFamily    = "sans-serif"
	titleSize     = 15
	labelSize     = 12
	tickSize      = 10
	axisColour    = "#333"
	gridColour    = "#e5e5e5"
	faintColour   = "#bbb"
	panelTitleGap = 6
)

// svg accumulates the markup of one figure.
type svg struct {
	sb   strings.Builder
	w, h float64
}

func newSVG(w, h float64) *svg { return &svg{w: w, h: h} }

// num formats a coordinate compactly: at most two decimals, no trailing zeros, no "-0".
func num(x float64) string {
	r := math.Round(x*100) / 100
	if r == 0 {
		return "0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// esc escapes text for XML content and attribute values.
func esc(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			sb.WriteString("&amp;")
		case '<':
			sb.WriteString("&lt;")
		case '>':
			sb.WriteString("&gt;")
		case '"':
			sb.WriteString("&quot;")
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func (s *svg) raw(format string, args ...any) { fmt.Fprintf(&s.sb, format, args...) }

func (s *svg) rect(x, y, w, h float64, fill, extra string) {
	s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`+"\n", num(x), num(y), num(w), num(h), fill, extra)
}

func (s *svg) line(x1, y1, x2, y2 float64, stroke string, width float64, extra string) {
	s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`+"\n",
		num(x1), num(y1), num(x2), num(y2), stroke, num(width), extra)
}

// text writes a label; anchor is "start", "middle" or "end".
func (s *svg) text(x, y float64, size int, anchor, content, extra string) {
	s.raw(`<text x="%s" y="%s" font-size="%d" text-anchor="%s"%s>%s</text>`+"\n", num(x), num(y), size, anchor, extra, esc(content))
}

// polyline draws connected points; NaN points break the line into pieces.
func (s *svg) polyline(xs, ys []float64, stroke string, width float64, extra string) {
	var pts []string
	flush := func() {
		if len(pts) > 1 {
			s.raw(`<polyline points="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"%s/>`+"\n",
				strings.Join(pts, " "), stroke, num(width), extra)
		}
		pts = pts[:0]
	}
	for i := range xs {
		if math.IsNaN(xs[i]) || math.IsNaN(ys[i]) {
			flush()
			continue
		}
		pts = append(pts, num(xs[i])+","+num(ys[i]))
	}
	flush()
}

// String closes the document and returns it.
func (s *svg) String() string {
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s" style="max-width:100%%;height:auto">`+"\n",
		num(s.w), num(s.h), num(s.w), num(s.h), fontFamily) +
		`<rect x="0" y="0" width="100%" height="100%" fill="#fff"/>` + "\n" +
		s.sb.String() + "</svg>\n"
}

// cellPaths draws a grid of coloured unit cells (`[rows][cols]`) scaled by cell pixels at (x, y): one <path>
// per colour, horizontal runs of equal colour merged, which keeps structured heatmaps small.
func (s *svg) cellPaths(x, y, cellW, cellH float64, colours [][]RGB, class string) {
	type run struct{ r, c, n int }
	byColour := map[RGB][]run{}
	var order []RGB
	for r, row := range colours {
		for c := 0; c < len(row); {
			n := 1
			for c+n < len(row) && row[c+n] == row[c] {
				n++
			}
			if _, ok := byColour[row[c]]; !ok {
				order = append(order, row[c])
			}
			byColour[row[c]] = append(byColour[row[c]], run{r, c, n})
			c += n
		}
	}
	s.raw(`<g class="%s" transform="translate(%s %s) scale(%s %s)" shape-rendering="crispEdges">`+"\n", class, num(x), num(y),
		strconv.FormatFloat(cellW, 'g', 5, 64), strconv.FormatFloat(cellH, 'g', 5, 64))
	for _, col := range order {
		var d strings.Builder
		for _, rn := range byColour[col] {
			fmt.Fprintf(&d, "M%d %dh%dv1h-%dz", rn.c, rn.r, rn.n, rn.n)
		}
		s.raw(`<path fill="%s" d="%s"/>`+"\n", col.Hex(), d.String())
	}
	s.raw("</g>\n")
}

// maxRasterSide caps the pixel size of an embedded heatmap image.
const maxRasterSide = 1024

// cellImage draws the same grid as [svg.cellPaths] as an embedded PNG (a data: URI, no external resource), each
// cell a block of pixels at least as large as it is on screen, for heatmaps too large for vector cells.
func (s *svg) cellImage(x, y, cellW, cellH float64, colours [][]RGB, class string) error {
	rows, cols := len(colours), len(colours[0])
	// Whole pixels per cell; a viewer that ignores image-rendering smooths less when blocks are big, but below
	// 3 px a cell one pixel keeps the file small.
	block := func(c float64, n int) int {
		if c < 3 {
			return 1
		}
		return max(1, min(int(math.Ceil(c)), maxRasterSide/n))
	}
	bw, bh := block(cellW, cols), block(cellH, rows)
	// A paletted image (heatmap colours are quantised, so there are few) is a third of the size.
	index := map[RGB]uint8{}
	var palette color.Palette
	for _, row := range colours {
		for _, col := range row {
			if _, ok := index[col]; !ok && len(palette) < 256 {
				index[col] = uint8(len(palette))
				palette = append(palette, color.NRGBA{col.R, col.G, col.B, 255})
			}
		}
	}
	var img draw.Image = image.NewNRGBA(image.Rect(0, 0, cols*bw, rows*bh))
	if len(index) < 256 {
		img = image.NewPaletted(image.Rect(0, 0, cols*bw, rows*bh), palette)
	}
	for r, row := range colours {
		for c, col := range row {
			for py := r * bh; py < (r+1)*bh; py++ {
				for px := c * bw; px < (c+1)*bw; px++ {
					img.Set(px, py, color.NRGBA{col.R, col.G, col.B, 255})
				}
			}
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return fmt.Errorf("figures: encoding heatmap: %w", err)
	}
	s.raw(`<image class="%s" x="%s" y="%s" width="%s" height="%s" preserveAspectRatio="none" image-rendering="optimizeSpeed" style="image-rendering:pixelated" href="data:image/png;base64,%s"/>`+"\n",
		class, num(x), num(y), num(cellW*float64(cols)), num(cellH*float64(rows)), base64.StdEncoding.EncodeToString(buf.Bytes()))
	return nil
}

// frame draws a thin border.
func (s *svg) frame(x, y, w, h float64) {
	s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s" stroke-width="0.6"/>`+"\n",
		num(x), num(y), num(w), num(h), faintColour)
}

// textWidth estimates the rendered width of a sans-serif label (0.6 em per character on average).
func textWidth(s string, size int) float64 { return 0.6 * float64(size) * float64(len([]rune(s))) }

// fitText writes a label no wider than maxW, shrinking the font (down to 7 px) when it would not fit.
func (s *svg) fitText(x, y, maxW float64, size int, anchor, content, extra string) {
	for size > 7 && textWidth(content, size) > maxW {
		size--
	}
	s.text(x, y, size, anchor, content, extra)
}

// title writes the figure's bold title centred at the top, shrunk to fit the figure's width.
func (s *svg) title(content string) {
	s.fitText(s.w/2, 23, s.w-16, titleSize, "middle", content, ` font-weight="bold"`)
}

// vtext writes a label rotated to read upwards, centred at (x, y): a y-axis label.
func (s *svg) vtext(x, y float64, content string) {
	s.raw(`<text x="%s" y="%s" font-size="%d" text-anchor="middle" transform="rotate(-90 %s %s)">%s</text>`+"\n",
		num(x), num(y), labelSize, num(x), num(y), esc(content))
}

// circle draws a filled circle; extra adds attributes.
func (s *svg) circle(cx, cy, r float64, fill, extra string) {
	s.raw(`<circle cx="%s" cy="%s" r="%s" fill="%s"%s/>`+"\n", num(cx), num(cy), num(r), fill, extra)
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

// heatmap draws a grid of cells as vector paths, or as an embedded PNG when raster.
func (s *svg) heatmap(x, y, cellW, cellH float64, colours [][]RGB, class string, raster bool) error {
	if raster {
		return s.cellImage(x, y, cellW, cellH, colours, class)
	}
	s.cellPaths(x, y, cellW, cellH, colours, class)
	return nil
}

// halo is the attribute set of a label drawn over data: a white outline keeps it readable.
const halo = ` stroke="#fff" stroke-width="3" paint-order="stroke"`
