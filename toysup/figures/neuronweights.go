package figures

import (
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// NeuronWeightsFigure draws the paper's Sections 7–8 neuron plots: for every instance of res (a "relu_hidden" or
// "abs" result) a panel with one stacked bar per neuron, in the order of analyses[k].Neurons (sorted by
// monosemanticity, from [theory.AnalyzeNeurons]). Each bar stacks the neuron's input weights W[i][j] by
// feature, positive weights upward and negative ones downward from 0, feature 0 nearest the axis, coloured by
// importance (on a log scale over its top 3 decades when it spans more than a factor 10; by feature index when
// it is uniform); weights below Options.SmallWeight × the neuron's largest are lumped into one grey segment per
// sign, outermost. Each row of panels has its own y scale. A marker under each bar gives its class:
// monosemantic, polysemantic or dead. Options: Title, Width, Columns, Scaled, SmallWeight.
func NeuronWeightsFigure(res *toysup.Result, analyses []theory.NeuronAnalysis, opts Options) (string, error) {
	K, n, m, err := neuronShapes(res, analyses)
	if err != nil {
		return "", err
	}
	for k, in := range res.Instances {
		if err := checkVector(fmt.Sprintf("instances[%d].Importance", k), in.Importance, n); err != nil {
			return "", err
		}
	}
	o, err := opts.resolve(spec{name: "NeuronWeightsFigure", width: 800, uses: useColumns | useNeurons})
	if err != nil {
		return "", err
	}
	const left, right, pad, plotH, headH, footH = 56.0, 120.0, 14.0, 150.0, 20.0, 26.0
	g := newGrid(K, o.Columns, float64(o.Width), left+right, math.Max(110, 14*float64(m)+pad))
	g.left, g.top, g.cellH = left, 34, headH+plotH+footH
	rowMax := neuronRowMax(analyses, g, o.Scaled)
	s := newSVG(float64(o.Width), math.Max(g.top+g.height()+8, g.top+headH+8+neuronLegendHeight(res)))
	title := fmt.Sprintf("Neuron input weights per feature — %s, n = %d, m = %d", ModelName(res.Config.Model), n, m)
	ylabel := "input weight W[i][j]"
	if o.Scaled {
		title += " (each neuron scaled to max |W| = 1)"
		ylabel = "W[i][j] / max_i |W[i][j]|"
	}
	s.title(o.titleOr(title))
	s.vtext(14, g.top+g.height()/2, ylabel)
	colour := featureColours(res)
	for k, na := range analyses {
		col, row := g.pos(k)
		x, y := g.at(k)
		yMax := rowMax[row]
		a := newPlotArea(x+pad/2, y+headH, g.cellW-pad, plotH, axis{lo: 0, hi: 1}, axis{lo: -yMax, hi: yMax})
		a.xTicks, a.yTicks, a.noXTicks, a.noYTicks = nil, linearTicks(-yMax, yMax, 6), true, col > 0
		s.fitText(a.left+a.w/2, a.top-6, g.cellW-4, labelSize, "middle", neuronPanelLabel(res.Instances[k], na), "")
		s.drawArea(a)
		slot := a.w / float64(m)
		barW := math.Max(1, 0.8*slot)
		stroke := ""
		if n <= 20 && barW >= 4 {
			stroke = ` stroke="#fff" stroke-width="0.5"`
		}
		for c, nr := range na.Neurons {
			neuronBar(s, a, a.left+float64(c)*slot+(slot-barW)/2, barW, nr, colour, stroke, o)
		}
		s.line(a.left, a.y.at(0), a.left+a.w, a.y.at(0), axisColour, 1, "")
		s.fitText(a.left+a.w/2, a.top+a.h+21, a.w, tickSize, "middle", "neurons, sorted by monosemanticity", ` fill="#444"`)
	}
	neuronWeightsLegend(s, res, s.w-right+18, g.top+headH+8, right, colour, o.SmallWeight)
	return s.String(), nil
}

// MustNeuronWeightsFigure is [NeuronWeightsFigure] for notebooks: it panics on error.
func MustNeuronWeightsFigure(res *toysup.Result, analyses []theory.NeuronAnalysis, opts Options) string {
	return must.M1(NeuronWeightsFigure(res, analyses, opts))
}

// neuronPanelLabel titles a panel: its 1−S and its count of each class.
func neuronPanelLabel(in toysup.Instance, na theory.NeuronAnalysis) string {
	label := fmt.Sprintf("%s: %d mono, %d poly", DensityLabel(in), na.Monosemantic, na.Polysemantic)
	if na.Polysemantic > 0 {
		label += fmt.Sprintf(" (%d features)", na.PolyFeatures)
	}
	if na.Dead > 0 {
		label += fmt.Sprintf(", %d dead", na.Dead)
	}
	return label
}

// neuronRowMax is each row's y range: its tallest positive or negative stack, plus 5 % (1 when all are empty).
func neuronRowMax(analyses []theory.NeuronAnalysis, g grid, scaled bool) []float64 {
	rowMax := make([]float64, g.rows)
	for k, na := range analyses {
		_, row := g.pos(k)
		for _, nr := range na.Neurons {
			up, down := stackExtent(nr, scaled)
			rowMax[row] = math.Max(rowMax[row], math.Max(up, down))
		}
	}
	for r := range rowMax {
		if rowMax[r] == 0 {
			rowMax[r] = 1
		}
		rowMax[r] *= 1.05
	}
	return rowMax
}

// stackExtent returns the heights of a neuron's positive and negative stacks (as positive numbers).
func stackExtent(nr theory.Neuron, scaled bool) (up, down float64) {
	f := 1.0
	if scaled && nr.Scale > 0 {
		f = 1 / nr.Scale
	}
	for _, w := range nr.In {
		if w > 0 {
			up += w * f
		} else {
			down -= w * f
		}
	}
	return up, down
}

// neuronBar draws one neuron's stacked bar at x (width barW) in area a, and its class marker below.
func neuronBar(s *svg, a plotArea, x, barW float64, nr theory.Neuron, colour []string, stroke string, o Options) {
	scaleBy := 1.0
	if o.Scaled && nr.Scale > 0 {
		scaleBy = 1 / nr.Scale
	}
	up, down := 0.0, 0.0
	segment := func(v float64, fill, extra string) {
		end := &up
		if v < 0 {
			end = &down
		}
		ya, yb := a.y.at(*end), a.y.at(*end+v)
		*end += v
		s.rect(x, math.Min(ya, yb), barW, math.Abs(yb-ya), fill, extra)
	}
	s.raw(`<g class="ts-neuron">` + "\n")
	smallUp, smallDown := 0.0, 0.0
	for i, w := range nr.In {
		switch v := w * scaleBy; {
		case v == 0:
		case math.Abs(w) < o.SmallWeight*nr.Scale && v > 0:
			smallUp += v
		case math.Abs(w) < o.SmallWeight*nr.Scale:
			smallDown += v
		default:
			segment(v, colour[i], stroke)
		}
	}
	for _, v := range []float64{smallUp, smallDown} {
		if v != 0 {
			segment(v, smallColour, ` class="ts-small"`)
		}
	}
	s.raw("</g>\n")
	mc, class := polyColour, "ts-poly"
	switch {
	case nr.Dead:
		mc, class = deadColour, "ts-dead"
	case nr.Monosemantic:
		mc, class = monoColour, "ts-mono"
	}
	s.rect(x, a.top+a.h+4, barW, 5, mc, fmt.Sprintf(` class="%s"`, class))
}

// neuronLegendHeight is the height [neuronWeightsLegend] takes.
func neuronLegendHeight(res *toysup.Result) float64 {
	h := 14 + 174.0 // colour bar
	if uniformImportance(res) {
		h = 14 + 16 + 14*float64(min(res.Config.Features, 10))
	}
	return h + 20 + 3*17 + 4*13 + 12 // lumps, classes, note
}

// neuronWeightsLegend draws the feature colours (a swatch per feature, or the importance colour bar), the lumped
// small weights and the neuron classes from (x, y), right pixels wide.
func neuronWeightsLegend(s *svg, res *toysup.Result, x, y, right float64, colour []string, small float64) {
	if n := res.Config.Features; uniformImportance(res) {
		s.text(x-4, y, labelSize, "start", "feature", "")
		for i := 0; i < min(n, 10); i++ {
			s.rect(x, y+8+14*float64(i), 12, 10, colour[i], "")
			s.text(x+18, y+17+14*float64(i), tickSize, "start", fmt.Sprintf("x%d", i), "")
		}
		y += 16 + 14*float64(min(n, 10))
	} else {
		lo, hi, logScale := importanceScale(res)
		ticks, label := linearTicks(lo, hi, 4), "importance"
		if logScale {
			ticks, label = nil, "importance (log)"
			for _, t := range linearTicks(lo, hi, 4) {
				if t.v == math.Trunc(t.v) {
					ticks = append(ticks, tick{t.v, powerOfTen(int(t.v), false)})
				}
			}
		}
		const barH = 140.0
		s.colourBar(x, y+14, 12, barH, lo, hi, func(v float64) RGB { return ImportanceColour((v - lo) / (hi - lo)) }, ticks, label)
		y += barH + 34
	}
	entries := append([]legendEntry{{label: fmt.Sprintf("|w| < %g × max", small), colour: smallColour, kind: legendSwatch}},
		neuronClasses(legendMarker)...)
	y = s.legend(x, y+5, right-22, entries)
	s.notes(x-4, y+6, right-22, "mono: one feature", fmt.Sprintf("has ≥ %g%% of the", 100*theory.MonosemanticShare), "squared activating", "weight")
}
