package figures

import (
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// heatmapLevels quantises heatmap values to steps of 1/heatmapLevels (so at most 2·levels+1 colours).
const heatmapLevels = 50

// maxVectorCells is the most heatmap cells a figure draws as vector paths; larger figures embed each heatmap as
// a PNG image (a data: URI), which keeps them to a few hundred kilobytes.
const maxVectorCells = 40_000

// WtWFigure draws the paper's Section 2 figure for every instance of res: the WᵀW heatmap `[n][n]` beside the
// bias column b `[n]`, on [Diverging] colours over −1…1 (values beyond are clamped), one panel per instance
// titled with its 1−S, and a shared colour bar. analyses may be nil (computed from W).
func WtWFigure(res *toysup.Result, analyses []toysup.Analysis, opts GridOptions) (string, error) {
	panels, err := PanelsOf(res, analyses)
	if err != nil {
		return "", err
	}
	return WtW(panels, opts)
}

// MustWtWFigure is [WtWFigure] for notebooks: it panics on error.
func MustWtWFigure(res *toysup.Result, analyses []toysup.Analysis, opts GridOptions) string {
	return must.M1(WtWFigure(res, analyses, opts))
}

// WtW draws WᵀW (panel.Analysis.WtW) and the bias (panel.Instance.B) for each panel; see [WtWFigure].
func WtW(panels []Panel, opts GridOptions) (string, error) {
	if err := checkPanels(panels, need{b: true, wtw: true}); err != nil {
		return "", err
	}
	const (
		left, right, top = 12.0, 78.0, 34.0
		pad, gap         = 14.0, 5.0
		footH            = 22.0
		maxCell          = 24.0
	)
	width, g, err := opts.resolve(len(panels), 150, left+right)
	if err != nil {
		return "", err
	}
	headH := 18 + titleExtra(panels)
	n, cells := 0, 0
	for _, p := range panels {
		n = max(n, len(p.Instance.W))
		cells += len(p.Instance.W) * len(p.Instance.W)
	}
	raster := cells > maxVectorCells
	pw := (width - left - right) / float64(g.cols)
	inner := pw - pad - gap
	biasW := math.Max(6, inner/float64(n+1))
	cell := math.Min(maxCell, (inner-biasW)/float64(n))
	biasW = math.Max(6, math.Min(cell, biasW))
	side := cell * float64(n)
	ph := headH + side + footH
	barH := math.Min(math.Max(side, 90), 220)
	height := math.Max(top+float64(g.rows)*ph+8, top+headH+barH+48)

	title := opts.Title
	if title == "" {
		title = "WᵀW (left) and bias b (right) — " + describe(panels)
	}
	s := newSVG(width, height)
	s.text(width/2, 22, titleSize, "middle", title, ` font-weight="bold"`)
	clamped := false
	for k, p := range panels {
		col, row := g.pos(k)
		x0 := left + float64(col)*pw + pad/2 + (inner-side-biasW)/2
		y0 := top + float64(row)*ph
		nk := len(p.Instance.W)
		cellK := side / float64(nk)
		s.panelTitle(x0+(side+gap+biasW)/2, y0+headH-6, pw-4, panels, k)
		hy := y0 + headH
		colours := make([][]RGB, nk)
		bias := make([][]RGB, nk)
		for i := range nk {
			colours[i] = make([]RGB, nk)
			for j := range nk {
				v := p.Analysis.WtW[i][j]
				clamped = clamped || math.Abs(v) > 1+1e-9
				colours[i][j] = Diverging(quantize(v, heatmapLevels))
			}
			b := p.Instance.B[i]
			clamped = clamped || math.Abs(b) > 1+1e-9
			bias[i] = []RGB{Diverging(quantize(b, heatmapLevels))}
		}
		if raster {
			if err := s.cellImage(x0, hy, cellK, cellK, colours, "ts-wtw"); err != nil {
				return "", err
			}
		} else {
			s.cellPaths(x0, hy, cellK, cellK, colours, "ts-wtw")
		}
		s.frame(x0, hy, side, side)
		bx := x0 + side + gap
		s.cellPaths(bx, hy, biasW, cellK, bias, "ts-bias")
		s.frame(bx, hy, biasW, side)
		s.text(x0+side/2, hy+side+14, tickSize, "middle", "WᵀW", "")
		s.text(bx+biasW/2, hy+side+14, tickSize, "middle", "b", "")
	}
	barX := width - right + 18
	label := "WᵀW, b"
	s.colourBar(barX, top+headH+8, 12, barH, -1, 1, Diverging, linearTicks(-1, 1, 4), label)
	if clamped {
		s.text(barX, top+headH+barH+26, tickSize-1, "start", "clamped", ` fill="#666"`)
		s.text(barX, top+headH+barH+37, tickSize-1, "start", "to ±1", ` fill="#666"`)
	}
	return s.String(), nil
}

// MustWtW is [WtW] for notebooks: it panics on error.
func MustWtW(panels []Panel, opts GridOptions) string { return must.M1(WtW(panels, opts)) }
