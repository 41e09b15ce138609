package figures

import (
	"errors"
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// Colours of the neuron classes in [NeuronWeightsFigure] and [NeuronCountsFigure].
const (
	monoColour = "#2ca02c"
	polyColour = "#ff7f0e"
	deadColour = "#bbbbbb"
	// smallColour fills the lumped small weights of a neuron's bar.
	smallColour = "#d9d9d9"
)

// DefaultSmallWeight is the default [NeuronOptions.SmallWeight].
const DefaultSmallWeight = 0.1

// NeuronOptions configures [NeuronWeightsFigure]. The zero value gives the defaults.
type NeuronOptions struct {
	// Title replaces the default title.
	Title string
	// Width in pixels (default 800, allowed 200…4000).
	Width int
	// Columns is the number of panels per row (default: as many as fit, each at least 14 px per neuron).
	Columns int
	// Scaled divides each neuron's weights by its largest |weight|, so every neuron's largest bar segment is 1
	// (the paper's Section 8 plots).
	Scaled bool
	// SmallWeight is the fraction of a neuron's largest |weight| below which a feature's weight is lumped into one
	// grey segment per sign instead of a coloured one (default DefaultSmallWeight = 0.1, allowed 0…1). A model
	// trained on sparse data keeps many such weights — the least important features barely move from their
	// random initial values — and a hundred thin slivers would hide the features that matter.
	SmallWeight float64
}

// neuronShapes checks that res has instances and one neuron analysis each, and returns K, n and m.
func neuronShapes(res *toysup.Result, analyses []theory.NeuronAnalysis) (K, n, m int, err error) {
	if res == nil || len(res.Instances) == 0 {
		return 0, 0, 0, errors.New("figures: result is nil or has no instances")
	}
	K, n, m = len(res.Instances), res.Config.Features, res.Config.Hidden
	if len(analyses) != K {
		return 0, 0, 0, fmt.Errorf("figures: %d instances but %d neuron analyses", K, len(analyses))
	}
	return K, n, m, checkNeurons(analyses, n, m)
}

// NeuronWeightsFigure draws the paper's Sections 7–8 neuron plots: for every instance of res (a "relu_hidden" or
// "abs" result) a panel with one stacked bar per neuron, in the order of analyses[k].Neurons (sorted by
// monosemanticity, from [toysup.Result.AnalyzeNeurons]). Each bar stacks the neuron's input weights W[i][j] by
// feature, positive weights upward and negative ones downward from 0, feature 0 nearest the axis, coloured by
// importance (on a log scale over its top 3 decades when it spans more than a factor 10; by feature index when
// it is uniform); weights below [NeuronOptions.SmallWeight] × the neuron's largest are lumped into one grey
// segment per sign, outermost. Each row of panels has its own y scale. A marker under each bar gives its class:
// monosemantic, polysemantic or dead.
func NeuronWeightsFigure(res *toysup.Result, analyses []theory.NeuronAnalysis, opts NeuronOptions) (string, error) {
	K, n, m, err := neuronShapes(res, analyses)
	if err != nil {
		return "", err
	}
	for k, in := range res.Instances {
		if err := checkVector(fmt.Sprintf("instances[%d].Importance", k), in.Importance, n); err != nil {
			return "", err
		}
	}
	small := opts.SmallWeight
	if small == 0 {
		small = DefaultSmallWeight
	}
	if !(small > 0 && small <= 1) {
		return "", fmt.Errorf("figures: SmallWeight = %v, allowed (0, 1]", opts.SmallWeight)
	}
	const left, right, top, pad = 56.0, 120.0, 34.0, 14.0
	width, g, err := GridOptions{Width: opts.Width, Columns: opts.Columns}.resolve(K, math.Max(110, 14*float64(m)+pad), left+right)
	if err != nil {
		return "", err
	}
	colour := featureColours(res)
	// Each row of panels shares a y range: its tallest positive or negative stack.
	rowMax := make([]float64, g.rows)
	for k, na := range analyses {
		_, row := g.pos(k)
		for _, nr := range na.Neurons {
			up, down := stackExtent(nr, opts.Scaled)
			rowMax[row] = math.Max(rowMax[row], math.Max(up, down))
		}
	}
	for r := range rowMax {
		if rowMax[r] == 0 {
			rowMax[r] = 1
		}
		rowMax[r] *= 1.05
	}
	pw := (width - left - right) / float64(g.cols)
	plotW := pw - pad
	const plotH, headH, footH = 150.0, 20.0, 26.0
	ph := headH + plotH + footH
	legendH := 14 + 174.0 // colour bar
	if uniformImportance(res) {
		legendH = 14 + 16 + 14*float64(min(n, 10))
	}
	legendH += 20 + 3*14 + 4*12 + 12 // lumps, classes, note
	height := math.Max(top+float64(g.rows)*ph+8, top+headH+8+legendH)

	title := opts.Title
	if title == "" {
		title = fmt.Sprintf("Neuron input weights per feature — %s, n = %d, m = %d", ModelName(res.Config.Model), n, m)
		if opts.Scaled {
			title += " (each neuron scaled to max |W| = 1)"
		}
	}
	s := newSVG(width, height)
	s.fitText(width/2, 22, width-8, titleSize, "middle", title, ` font-weight="bold"`)
	ylabel := "input weight W[i][j]"
	if opts.Scaled {
		ylabel = "W[i][j] / max_i |W[i][j]|"
	}
	midY := top + float64(g.rows)*ph/2
	s.raw(`<text x="14" y="%s" font-size="%d" text-anchor="middle" transform="rotate(-90 14 %s)">%s</text>`+"\n",
		num(midY), labelSize, num(midY), esc(ylabel))
	for k, na := range analyses {
		col, row := g.pos(k)
		x0 := left + float64(col)*pw + pad/2
		y0 := top + float64(row)*ph + headH
		yMax := rowMax[row]
		sy := scale{lo: -yMax, hi: yMax, p0: y0 + plotH, p1: y0}
		label := fmt.Sprintf("%s: %d mono, %d poly", DensityLabel(res.Instances[k]), na.Monosemantic, na.Polysemantic)
		if na.Polysemantic > 0 {
			label += fmt.Sprintf(" (%d features)", na.PolyFeatures)
		}
		if na.Dead > 0 {
			label += fmt.Sprintf(", %d dead", na.Dead)
		}
		s.fitText(x0+plotW/2, y0-6, pw-4, labelSize, "middle", label, "")
		for _, t := range linearTicks(-yMax, yMax, 6) {
			y := sy.at(t.v)
			s.line(x0, y, x0+plotW, y, gridColour, 1, "")
			if col == 0 {
				s.line(x0-4, y, x0, y, axisColour, 1, "")
				s.text(x0-7, y+3.5, tickSize, "end", t.label, "")
			}
		}
		slot := plotW / float64(m)
		barW := math.Max(1, 0.8*slot)
		stroke := ""
		if n <= 20 && barW >= 4 {
			stroke = ` stroke="#fff" stroke-width="0.5"`
		}
		for c, nr := range na.Neurons {
			bx := x0 + float64(c)*slot + (slot-barW)/2
			scaleBy := 1.0
			if opts.Scaled && nr.Scale > 0 {
				scaleBy = 1 / nr.Scale
			}
			up, down := 0.0, 0.0
			segment := func(v float64, fill, extra string) {
				var a, b float64
				if v > 0 {
					a, b = up, up+v
					up = b
				} else {
					a, b = down, down+v
					down = b
				}
				ya, yb := sy.at(a), sy.at(b)
				s.rect(bx, math.Min(ya, yb), barW, math.Abs(yb-ya), fill, extra)
			}
			s.raw(`<g class="ts-neuron">` + "\n")
			smallUp, smallDown := 0.0, 0.0
			for i, w := range nr.In {
				switch v := w * scaleBy; {
				case v == 0:
				case math.Abs(w) < small*nr.Scale && v > 0:
					smallUp += v
				case math.Abs(w) < small*nr.Scale:
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
			s.rect(bx, y0+plotH+4, barW, 5, mc, fmt.Sprintf(` class="%s"`, class))
		}
		s.line(x0, sy.at(0), x0+plotW, sy.at(0), axisColour, 1, "")
		s.frame(x0, y0, plotW, plotH)
		s.fitText(x0+plotW/2, y0+plotH+21, plotW, tickSize, "middle", "neurons, sorted by monosemanticity", ` fill="#444"`)
	}
	// Legend: feature colours and neuron classes.
	lx, ly := width-right+18, top+headH+8
	if uniformImportance(res) {
		s.text(lx-4, ly, labelSize, "start", "feature", "")
		for i := 0; i < min(n, 10); i++ {
			s.rect(lx, ly+8+14*float64(i), 12, 10, colour[i], "")
			s.text(lx+18, ly+17+14*float64(i), tickSize, "start", fmt.Sprintf("x%d", i), "")
		}
		ly += 16 + 14*float64(min(n, 10))
	} else {
		lo, hi, logScale := importanceScale(res)
		barH := 140.0
		ticks, label := linearTicks(lo, hi, 4), "importance"
		if logScale {
			ticks, label = nil, "importance (log)"
			for _, t := range linearTicks(lo, hi, 4) {
				if t.v == math.Trunc(t.v) {
					ticks = append(ticks, tick{t.v, powerOfTen(int(t.v), false)})
				}
			}
		}
		s.colourBar(lx, ly+14, 12, barH, lo, hi, func(v float64) RGB { return ImportanceColour((v - lo) / (hi - lo)) },
			ticks, label)
		ly += barH + 34
	}
	s.rect(lx, ly-4, 12, 10, smallColour, "")
	s.fitText(lx+18, ly+5, right-36, tickSize, "start", fmt.Sprintf("|w| < %g × max", small), "")
	ly += 20
	for _, e := range []struct{ label, colour string }{{"monosemantic", monoColour}, {"polysemantic", polyColour}, {"dead", deadColour}} {
		s.rect(lx, ly, 12, 5, e.colour, "")
		s.text(lx+18, ly+6, tickSize, "start", e.label, "")
		ly += 14
	}
	for i, note := range []string{"mono: one feature", fmt.Sprintf("has ≥ %g%% of the", 100*theory.MonosemanticShare), "squared activating", "weight"} {
		s.fitText(lx-4, ly+10+12*float64(i), right-22, tickSize-1, "start", note, ` fill="#444"`)
	}
	return s.String(), nil
}

// MustNeuronWeightsFigure is [NeuronWeightsFigure] for notebooks: it panics on error.
func MustNeuronWeightsFigure(res *toysup.Result, analyses []theory.NeuronAnalysis, opts NeuronOptions) string {
	return must.M1(NeuronWeightsFigure(res, analyses, opts))
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

func checkNeurons(analyses []theory.NeuronAnalysis, n, m int) error {
	for k, na := range analyses {
		if len(na.Neurons) != m {
			return fmt.Errorf("figures: analyses[%d] has %d neurons, want hidden = %d", k, len(na.Neurons), m)
		}
		for j, nr := range na.Neurons {
			if err := checkVector(fmt.Sprintf("analyses[%d].Neurons[%d].In", k, j), nr.In, n); err != nil {
				return err
			}
		}
		if len(na.DedicatedNeurons) != n {
			return fmt.Errorf("figures: analyses[%d].DedicatedNeurons has %d values, want features = %d", k, len(na.DedicatedNeurons), n)
		}
	}
	return nil
}

// uniformImportance reports whether every instance gives every feature the same importance.
func uniformImportance(res *toysup.Result) bool {
	lo, hi := importanceRange(res)
	return lo == hi
}

func importanceRange(res *toysup.Result) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, in := range res.Instances {
		for _, v := range in.Importance {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return lo, hi
}

// importanceScale is the range of the importance colour scale: [min, max] of the importance, or of its log10
// (logScale) when it spans more than a factor of 10, so that a decaying importance such as 0.8^i does not paint
// all but the first few features alike; the log range is cut to the top 3 decades (lower importance saturates).
func importanceScale(res *toysup.Result) (lo, hi float64, logScale bool) {
	lo, hi = importanceRange(res)
	if hi > 10*lo {
		return math.Max(math.Log10(lo), math.Log10(hi)-3), math.Log10(hi), true
	}
	return lo, hi, false
}

// featureColours is each feature's colour: by importance (the first instance's) on [ImportanceColour], linear or
// logarithmic ([importanceScale]), or tab10 (viridis beyond ten features) by index when importance is uniform.
func featureColours(res *toysup.Result) []string {
	n := res.Config.Features
	out := make([]string, n)
	if uniformImportance(res) {
		for i := range out {
			out[i] = seriesColour(i, n)
		}
		return out
	}
	lo, hi, logScale := importanceScale(res)
	for i := range out {
		v := res.Instances[0].Importance[i]
		if logScale {
			v = math.Log10(v)
		}
		out[i] = ImportanceColour(clamp01((v - lo) / (hi - lo))).Hex()
	}
	return out
}

// NeuronCountsFigure draws, per instance of res (one per density), a stacked bar of its monosemantic,
// polysemantic and dead neurons (from analyses, `[instances]`), and below it a strip per density marking which
// features have a dedicated (monosemantic) neuron, features ordered by importance — the paper's Section 8 count
// of monosemantic versus polysemantic neurons.
func NeuronCountsFigure(res *toysup.Result, analyses []theory.NeuronAnalysis, opts ChartOptions) (string, error) {
	K, n, m, err := neuronShapes(res, analyses)
	if err != nil {
		return "", err
	}
	w := opts.Width
	if w == 0 {
		w = defaultWidth
	}
	if w < minWidth || w > maxWidth {
		return "", fmt.Errorf("figures: Width = %d, allowed %d…%d", opts.Width, minWidth, maxWidth)
	}
	const left, right, top, barsH, gapH, rowH = 64.0, 150.0, 44.0, 200.0, 70.0, 16.0
	W := float64(w)
	plotW := W - left - right
	stripTop := top + barsH + gapH
	H := stripTop + rowH*float64(K) + 50
	if opts.Height != 0 {
		if opts.Height < minWidth || opts.Height > maxWidth {
			return "", fmt.Errorf("figures: Height = %d, allowed %d…%d", opts.Height, minWidth, maxWidth)
		}
		H = float64(opts.Height)
	}
	title := opts.Title
	if title == "" {
		title = fmt.Sprintf("Monosemantic and polysemantic neurons by density — %s, n = %d, m = %d", ModelName(res.Config.Model), n, m)
	}
	s := newSVG(W, H)
	s.fitText(W/2, 24, W-8, titleSize, "middle", title, ` font-weight="bold"`)
	sy := scale{lo: 0, hi: float64(m), p0: top + barsH, p1: top}
	for _, t := range linearTicks(0, float64(m), 5) {
		y := sy.at(t.v)
		s.line(left, y, left+plotW, y, gridColour, 1, "")
		s.line(left-4, y, left, y, axisColour, 1, "")
		s.text(left-7, y+3.5, tickSize, "end", t.label, "")
	}
	s.raw(`<text x="20" y="%s" font-size="%d" text-anchor="middle" transform="rotate(-90 20 %s)">neurons</text>`+"\n",
		num(top+barsH/2), labelSize, num(top+barsH/2))
	slot := plotW / float64(K)
	barW := math.Min(60, 0.6*slot)
	for k, na := range analyses {
		bx := left + float64(k)*slot + (slot-barW)/2
		base := 0.0
		for _, part := range []struct {
			count        int
			colour, name string
		}{{na.Monosemantic, monoColour, "ts-mono"}, {na.Polysemantic, polyColour, "ts-poly"}, {na.Dead, deadColour, "ts-dead"}} {
			if part.count == 0 {
				continue
			}
			ya, yb := sy.at(base), sy.at(base+float64(part.count))
			s.rect(bx, yb, barW, ya-yb, part.colour, fmt.Sprintf(` class="%s"`, part.name))
			if ya-yb >= 12 {
				s.text(bx+barW/2, (ya+yb)/2+4, tickSize, "middle", fmt.Sprint(part.count), ` fill="#fff" font-weight="bold"`)
			}
			base += float64(part.count)
		}
		s.text(bx+barW/2, top+barsH+16, tickSize, "middle", compactDensity(res.Instances[k]), "")
	}
	s.frame(left, top, plotW, barsH)
	s.text(left+plotW/2, top+barsH+34, labelSize, "middle", "feature probability 1−S", "")
	// The strip of dedicated neurons.
	s.text(left, stripTop-10, labelSize, "start", "features with a dedicated (monosemantic) neuron, most important first", "")
	cellW := plotW / float64(n)
	for k, na := range analyses {
		y := stripTop + rowH*float64(k)
		s.rect(left, y+1, plotW, rowH-2, "#f4f4f4", "")
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
	for _, t := range linearTicks(0, float64(n-1), 5) {
		if t.v != math.Trunc(t.v) {
			continue
		}
		x := left + (t.v+0.5)*cellW
		y := stripTop + rowH*float64(K)
		s.line(x, y, x, y+4, axisColour, 1, "")
		s.text(x, y+16, tickSize, "middle", t.label, "")
	}
	s.text(left+plotW/2, stripTop+rowH*float64(K)+32, labelSize, "middle", "feature i (importance decreasing →)", "")
	lx, ly := left+plotW+18, top+12
	for _, e := range []struct{ label, colour string }{{"monosemantic", monoColour}, {"polysemantic", polyColour}, {"dead", deadColour}} {
		s.rect(lx, ly-9, 14, 12, e.colour, "")
		s.text(lx+20, ly+1, tickSize+1, "start", e.label, "")
		ly += 18
	}
	for i, note := range []string{"mono: one feature has", fmt.Sprintf("≥ %g%% of the squared", 100*theory.MonosemanticShare), "activating weight;", "dead: weight norm", fmt.Sprintf("< %g × the largest", theory.DeadNeuronFraction)} {
		s.fitText(lx-2, ly+8+13*float64(i), right-24, tickSize-1, "start", note, ` fill="#444"`)
	}
	sl := stripTop + 4
	s.rect(lx, sl, 14, 12, monoColour, "")
	s.text(lx+20, sl+10, tickSize, "start", "1 neuron", "")
	s.rect(lx, sl+18, 14, 12, "#145214", "")
	s.text(lx+20, sl+28, tickSize, "start", "≥ 2 neurons", "")
	return s.String(), nil
}

// MustNeuronCountsFigure is [NeuronCountsFigure] for notebooks: it panics on error.
func MustNeuronCountsFigure(res *toysup.Result, analyses []theory.NeuronAnalysis, opts ChartOptions) string {
	return must.M1(NeuronCountsFigure(res, analyses, opts))
}

// compactDensity is an instance's 1−S as a short label ("0.03"), or its range.
func compactDensity(in toysup.Instance) string {
	l := DensityLabel(in)
	if len(l) > len("1−S = ") {
		return l[len("1−S = "):]
	}
	return l
}
