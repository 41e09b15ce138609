package figures

import (
	"math"

	"github.com/janpfeifer/must"
)

// heatmapLevels quantises heatmap values to steps of 1/heatmapLevels (so at most 2·levels+1 colours).
const heatmapLevels = 50

// maxVectorCells is the most heatmap cells a figure draws as vector paths; larger figures embed each heatmap as
// a PNG image (a data: URI), which keeps them to a few hundred kilobytes.
const maxVectorCells = 40_000

// WtWFigure draws the paper's Section 2 figure: for each panel the WᵀW heatmap (panel.Analysis.WtW `[n][n]`)
// beside the bias column (panel.Instance.B `[n]`), on [Diverging] colours over −1…1 (values beyond are clamped),
// titled with the panel's label, and a shared colour bar. Options: Title, Width, Columns.
func WtWFigure(panels []Panel, opts Options) (string, error) {
	if err := checkPanels(panels, need{b: true, wtw: true}); err != nil {
		return "", err
	}
	o, err := opts.resolve(spec{name: "WtWFigure", width: 800, uses: useColumns})
	if err != nil {
		return "", err
	}
	l := newWtWLayout(panels, o)
	s := newSVG(float64(o.Width), l.height)
	s.title(o.titleOr("WᵀW (left) and bias b (right) — " + describe(panels)))
	clamped := false
	for k := range panels {
		c, err := l.panel(s, panels, k)
		if err != nil {
			return "", err
		}
		clamped = clamped || c
	}
	barX := s.w - l.right + 18
	s.colourBar(barX, l.g.top+l.headH+8, 12, l.barH, -1, 1, Diverging, linearTicks(-1, 1, 4), "WᵀW, b")
	if clamped {
		s.notes(barX, l.g.top+l.headH+l.barH+26, l.right-20, "clamped", "to ±1")
	}
	return s.String(), nil
}

// MustWtWFigure is [WtWFigure] for notebooks: it panics on error.
func MustWtWFigure(panels []Panel, opts Options) string { return must.M1(WtWFigure(panels, opts)) }

// wtwLayout places the heatmaps of [WtWFigure].
type wtwLayout struct {
	g                   grid
	left, right, pad    float64
	headH, side, biasW  float64
	barH, height, inner float64
	raster              bool
}

func newWtWLayout(panels []Panel, o Options) wtwLayout {
	const gap, footH, maxCell = 5.0, 22.0, 24.0
	l := wtwLayout{left: 12, right: 78, pad: 14, headH: 18 + titleExtra(panels)}
	l.g = newGrid(len(panels), o.Columns, float64(o.Width), l.left+l.right, 150)
	n, cells := 0, 0
	for _, p := range panels {
		n = max(n, len(p.Instance.W))
		cells += len(p.Instance.W) * len(p.Instance.W)
	}
	l.raster = cells > maxVectorCells
	l.inner = l.g.cellW - l.pad - gap
	biasW := math.Max(6, l.inner/float64(n+1))
	cell := math.Min(maxCell, (l.inner-biasW)/float64(n))
	l.biasW = math.Max(6, math.Min(cell, biasW))
	l.side = cell * float64(n)
	l.g.left, l.g.top, l.g.cellH = l.left, 34, l.headH+l.side+footH
	l.barH = math.Min(math.Max(l.side, 90), 220)
	l.height = math.Max(l.g.top+l.g.height()+8, l.g.top+l.headH+l.barH+48)
	return l
}

// panel draws panel k's heatmap and bias column; it reports whether any value was clamped to ±1.
func (l wtwLayout) panel(s *svg, panels []Panel, k int) (clamped bool, err error) {
	const gap = 5.0
	p := panels[k]
	cx, cy := l.g.at(k)
	x0 := cx + l.pad/2 + (l.inner-l.side-l.biasW)/2
	nk := len(p.Instance.W)
	cellK := l.side / float64(nk)
	s.panelTitle(x0+(l.side+gap+l.biasW)/2, cy+l.headH-6, l.g.cellW-4, panels, k)
	hy := cy + l.headH
	colour := func(v float64) RGB {
		clamped = clamped || math.Abs(v) > 1+1e-9
		return Diverging(quantize(v, heatmapLevels))
	}
	heat, bias := make([][]RGB, nk), make([][]RGB, nk)
	for i := range nk {
		heat[i] = make([]RGB, nk)
		for j := range nk {
			heat[i][j] = colour(p.Analysis.WtW[i][j])
		}
		bias[i] = []RGB{colour(p.Instance.B[i])}
	}
	if err := s.heatmap(x0, hy, cellK, cellK, heat, "ts-wtw", l.raster); err != nil {
		return false, err
	}
	s.frame(x0, hy, l.side, l.side)
	bx := x0 + l.side + gap
	s.cellPaths(bx, hy, l.biasW, cellK, bias, "ts-bias")
	s.frame(bx, hy, l.biasW, l.side)
	s.text(x0+l.side/2, hy+l.side+14, tickSize, "middle", "WᵀW", "")
	s.text(bx+l.biasW/2, hy+l.side+14, tickSize, "middle", "b", "")
	return clamped, nil
}
