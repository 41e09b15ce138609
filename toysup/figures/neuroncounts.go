package figures

import (
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// NeuronCountsFigure draws, per instance of res (one per density), a stacked bar of its monosemantic,
// polysemantic and dead neurons (from analyses, `[instances]`, from [theory.AnalyzeNeurons]), and below it a
// strip per density marking which features have a dedicated (monosemantic) neuron, features ordered by
// importance — the paper's Section 8 count of monosemantic versus polysemantic neurons. Options: Title, Width
// (800), Height (fitted to the content by default).
func NeuronCountsFigure(res *toysup.Result, analyses []theory.NeuronAnalysis, opts Options) (string, error) {
	K, n, m, err := neuronShapes(res, analyses)
	if err != nil {
		return "", err
	}
	o, err := opts.resolve(spec{name: "NeuronCountsFigure", width: 800, uses: useHeight})
	if err != nil {
		return "", err
	}
	const left, right, top, barsH, gapH, rowH = 64.0, 150.0, 44.0, 200.0, 70.0, 16.0
	W := float64(o.Width)
	stripTop := top + barsH + gapH
	H := stripTop + rowH*float64(K) + 50
	if o.Height != 0 {
		H = float64(o.Height)
	}
	s := newSVG(W, H)
	s.title(o.titleOr(fmt.Sprintf("Monosemantic and polysemantic neurons by density — %s, n = %d, m = %d", ModelName(res.Config.Model), n, m)))
	a := newPlotArea(left, top, W-left-right, barsH, axis{lo: 0, hi: 1, label: "feature probability 1−S"}, axis{lo: 0, hi: float64(m), label: "neurons"})
	a.xTicks, a.yTicks = nil, linearTicks(0, float64(m), 5)
	s.drawArea(a)
	slot := a.w / float64(K)
	barW := math.Min(60, 0.6*slot)
	for k, na := range analyses {
		bx := left + float64(k)*slot + (slot-barW)/2
		countBar(s, a, bx, barW, na)
		s.text(bx+barW/2, top+barsH+16, tickSize, "middle", compactDensity(res.Instances[k]), "")
	}
	dedicatedStrip(s, res, analyses, left, stripTop, a.w, rowH)
	lx := left + a.w + 18
	y := s.legend(lx, top+13, right-22, neuronClasses(legendSwatch))
	s.notes(lx-2, y+5, right-24, "mono: one feature has", fmt.Sprintf("≥ %g%% of the squared", 100*theory.MonosemanticShare),
		"activating weight;", "dead: weight norm", fmt.Sprintf("< %g × the largest", theory.DeadNeuronFraction))
	s.legend(lx, stripTop+14, right-22, []legendEntry{{label: "1 neuron", colour: monoColour, kind: legendSwatch},
		{label: "≥ 2 neurons", colour: "#145214", kind: legendSwatch}})
	return s.String(), nil
}

// MustNeuronCountsFigure is [NeuronCountsFigure] for notebooks: it panics on error.
func MustNeuronCountsFigure(res *toysup.Result, analyses []theory.NeuronAnalysis, opts Options) string {
	return must.M1(NeuronCountsFigure(res, analyses, opts))
}

// countBar draws one instance's stacked bar of mono-, polysemantic and dead neurons, labelled with the counts
// where they fit.
func countBar(s *svg, a plotArea, bx, barW float64, na theory.NeuronAnalysis) {
	base := 0.0
	for _, part := range []struct {
		count        int
		colour, name string
	}{{na.Monosemantic, monoColour, "ts-mono"}, {na.Polysemantic, polyColour, "ts-poly"}, {na.Dead, deadColour, "ts-dead"}} {
		if part.count == 0 {
			continue
		}
		ya, yb := a.y.at(base), a.y.at(base+float64(part.count))
		s.rect(bx, yb, barW, ya-yb, part.colour, fmt.Sprintf(` class="%s"`, part.name))
		if ya-yb >= 12 {
			s.text(bx+barW/2, (ya+yb)/2+4, tickSize, "middle", fmt.Sprint(part.count), ` fill="#fff" font-weight="bold"`)
		}
		base += float64(part.count)
	}
}

// dedicatedStrip draws, per instance, a row of cells marking the features with a dedicated neuron.
func dedicatedStrip(s *svg, res *toysup.Result, analyses []theory.NeuronAnalysis, left, top, w, rowH float64) {
	n, K := res.Config.Features, len(analyses)
	s.fitText(left, top-10, w, labelSize, "start", "features with a dedicated (monosemantic) neuron, most important first", "")
	cellW := w / float64(n)
	for k, na := range analyses {
		y := top + rowH*float64(k)
		s.rect(left, y+1, w, rowH-2, "#f4f4f4", "")
		for i, c := range na.DedicatedNeurons {
			if c == 0 {
				continue
			}
			col := monoColour
			if c > 1 {
				col = "#145214"
			}
			s.rect(left+float64(i)*cellW, y+1, math.Max(cellW, 1), rowH-2, col, ` class="ts-dedicated"`)
		}
		s.text(left-7, y+rowH/2+4, tickSize, "end", compactDensity(res.Instances[k]), "")
	}
	bottom := top + rowH*float64(K)
	for _, t := range linearTicks(0, float64(n-1), 5) {
		if t.v != math.Trunc(t.v) {
			continue
		}
		x := left + (t.v+0.5)*cellW
		s.line(x, bottom, x, bottom+4, axisColour, 1, "")
		s.text(x, bottom+16, tickSize, "middle", t.label, "")
	}
	s.text(left+w/2, bottom+32, labelSize, "middle", "feature i (importance decreasing →)", "")
}
