package figures

import (
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup/theory"
)

// MotifPanel is one neuron of [MotifFigure], with its label (e.g. the model's density).
type MotifPanel struct {
	Label string
	Motif theory.Motif
}

// MotifFigure draws asymmetric-superposition neurons of abs models (Section 8, [theory.AsymmetricMotifs]): per
// panel the neuron's input weights W₁ (left pair of bars) and output weights W₂ (right pair) for its strong
// (dark) and weak (light) feature, positive up, on one scale per panel. Options: Title, Width (800), Columns.
func MotifFigure(panels []MotifPanel, opts Options) (string, error) {
	if len(panels) == 0 {
		return "", fmt.Errorf("figures: MotifFigure needs at least one motif")
	}
	o, err := opts.resolve(spec{name: "MotifFigure", width: 800, uses: useColumns})
	if err != nil {
		return "", err
	}
	const left, right, panelH = 10.0, 150.0, 190.0
	g := newGrid(len(panels), o.Columns, float64(o.Width), left+right, 150)
	g.left, g.top, g.cellH = left, 36, panelH
	s := newSVG(float64(o.Width), g.top+g.height()+10)
	s.title(o.titleOr("Asymmetric superposition: two features of opposite sign in one neuron"))
	for k, p := range panels {
		x0, y0 := g.at(k)
		m := p.Motif
		vals := []float64{m.InStrong, m.InWeak, m.OutStrong, m.OutWeak}
		top := 0.0
		for _, v := range vals {
			top = math.Max(top, math.Abs(v))
		}
		if !(top > 0) || math.IsInf(top, 0) {
			return "", fmt.Errorf("figures: MotifFigure: motif %d has weights %v", k, vals)
		}
		s.fitText(x0+g.cellW/2, y0+12, g.cellW-6, labelSize, "middle", p.Label, "")
		s.fitText(x0+g.cellW/2, y0+26, g.cellW-6, tickSize, "middle", fmt.Sprintf("neuron %d: features %d (dark), %d (light)", m.Neuron, m.Strong, m.Weak), "")
		mid, half := y0+34+70, 62.0
		s.line(x0+8, mid, x0+g.cellW-8, mid, "#999", 1, "")
		bw := (g.cellW - 40) / 5
		for i, v := range vals {
			x := x0 + 16 + bw*float64(i) + bw*0.5*float64(i/2)
			h := half * v / top
			colour := []string{"#1f3b73", "#8fb3e8"}[i%2]
			s.rect(x, math.Min(mid, mid-h), bw*0.9, math.Abs(h), colour, ` class="ts-bar"`)
		}
		s.text(x0+16+bw, mid+half+16, tickSize, "middle", "input W₁", "")
		s.text(x0+16+bw*3.5, mid+half+16, tickSize, "middle", "output W₂", "")
	}
	s.notes(s.w-right+10, g.top+20, right-16, "bars: a neuron's", "weights for its", "two features,", "scaled to the", "largest in the", "panel")
	return s.String(), nil
}

// MustMotifFigure is [MotifFigure] for notebooks: it panics on error.
func MustMotifFigure(panels []MotifPanel, opts Options) string {
	return must.M1(MotifFigure(panels, opts))
}
