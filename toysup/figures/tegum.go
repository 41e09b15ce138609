package figures

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// TegumPanel is one model of [TegumFigure]: its instance and its factors ([theory.TegumFactors]).
type TegumPanel struct {
	Instance toysup.Instance
	D        []float64 // D_i, `[features]`.
	Factors  []theory.TegumFactor
}

// Glyph sizes of [TegumFigure]: a factor's cell, and the largest factor drawn node by node.
const (
	tegumCell     = 40.0
	tegumMaxNodes = 12
	tegumMaxCells = 72
)

// TegumFigure draws Section 4's feature geometry graphs: for each panel (a model of the uniform sweep) its
// represented features as nodes, coloured by D_i, with an edge where |cos θ_ij| > [theory.TegumCos] (red:
// negative, blue: positive, wider: larger), one small glyph per connected component — the tegum factors — and a
// header counting them by polytope. Components of more than 12 features are drawn as one ring with their size.
// Options: Title, Width (880).
func TegumFigure(panels []TegumPanel, opts Options) (string, error) {
	if len(panels) == 0 {
		return "", fmt.Errorf("figures: TegumFigure needs at least one panel")
	}
	o, err := opts.resolve(spec{name: "TegumFigure", width: 880})
	if err != nil {
		return "", err
	}
	W := float64(o.Width)
	const left, right, head = 10.0, 120.0, 34.0
	perRow := max(1, int((W-left-right)/tegumCell))
	y := 40.0
	s := newSVG(W, 0)
	s.title(o.titleOr("Feature geometry graphs: the tegum factors of uniform superposition"))
	for _, p := range panels {
		if len(p.D) != len(p.Instance.W) {
			return "", fmt.Errorf("figures: TegumFigure: %d D_i for %d features", len(p.D), len(p.Instance.W))
		}
		s.fitText(left, y+14, W-left-right, 12, "start", tegumHeader(p), ` font-weight="bold"`)
		cells := min(len(p.Factors), tegumMaxCells)
		for c := 0; c < cells; c++ {
			cx := left + tegumCell*(float64(c%perRow)+0.5)
			cy := y + head + tegumCell*(float64(c/perRow)+0.5)
			tegumGlyph(s, p, p.Factors[c], cx, cy)
		}
		rows := (cells + perRow - 1) / perRow
		if len(p.Factors) > cells {
			s.text(left, y+head+tegumCell*float64(rows)+12, tickSize, "start", fmt.Sprintf("… and %d more factors", len(p.Factors)-cells), "")
			rows++
		}
		y += head + tegumCell*float64(max(rows, 1)) + 10
	}
	s.colourBar(W-right+30, 50, 12, 140, 0, 1, func(v float64) RGB { return Viridis(v) }, linearTicks(0, 1, 4), "D_i")
	s.notes(W-right+14, 215, right-20, "edges: |cos θ| >", fmt.Sprint(theory.TegumCos), "red: cos < 0", "blue: cos > 0")
	s.h = math.Max(y+10, 260)
	return s.String(), nil
}

// tegumHeader is a panel's title: its density, D* and the factors by polytope.
func tegumHeader(p TegumPanel) string {
	counts, matched := theory.TegumCounts(p.Factors)
	var names []string
	for name := range counts {
		names = append(names, name)
	}
	sort.Strings(names)
	var parts []string
	for _, name := range names {
		label := name
		if label == "" {
			label = "unmatched"
		}
		if counts[name] > 1 {
			label += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", counts[name], label))
	}
	learned := 0
	for _, f := range p.Factors {
		learned += len(f.Features)
	}
	return fmt.Sprintf("%s: %d features learned, %d in polytopes — %s", DensityLabel(p.Instance), learned, matched, strings.Join(parts, ", "))
}

// tegumGlyph draws one factor centred at (cx, cy): its nodes on a ring, the edges between them.
func tegumGlyph(s *svg, p TegumPanel, f theory.TegumFactor, cx, cy float64) {
	k := len(f.Features)
	r := tegumCell * 0.36
	if k > tegumMaxNodes {
		s.raw(`<circle cx="%s" cy="%s" r="%s" fill="none" stroke="#888" stroke-width="1.5"/>`+"\n", num(cx), num(cy), num(r))
		s.text(cx, cy+4, tickSize, "middle", fmt.Sprint(k), "")
		return
	}
	xs, ys := make([]float64, k), make([]float64, k)
	for a := range xs {
		t := 2*math.Pi*float64(a)/float64(k) - math.Pi/2
		if k > 1 {
			xs[a], ys[a] = cx+r*math.Cos(t), cy+r*math.Sin(t)
		} else {
			xs[a], ys[a] = cx, cy
		}
	}
	for a := 0; a < k; a++ {
		for b := a + 1; b < k; b++ {
			c := theory.PairCosines(p.Instance.W, f.Features[a], f.Features[b])
			if math.Abs(c) <= theory.TegumCos {
				continue
			}
			colour := "#1f77b4"
			if c < 0 {
				colour = "#d62728"
			}
			s.line(xs[a], ys[a], xs[b], ys[b], colour, 0.4+2*math.Abs(c), ` stroke-opacity="0.8"`)
		}
	}
	for a := range xs {
		s.circle(xs[a], ys[a], 3.2, Viridis(clamp01(f.D[a])).Hex(), ` class="ts-point"`)
	}
}

// MustTegumFigure is [TegumFigure] for notebooks: it panics on error.
func MustTegumFigure(panels []TegumPanel, opts Options) string {
	return must.M1(TegumFigure(panels, opts))
}

// TegumPanelsOf makes the [TegumFigure] panels of the instances `shown` of res, in that order: each instance with
// its D_i from analyses (`[instances]`) and its factors from factors (`[instances]`, [theory.TegumFactors] per
// instance; e.g. paper's Section4Run.Tegum, with Section4Run.TegumShown as `shown`).
func TegumPanelsOf(res *toysup.Result, analyses []toysup.Analysis, factors [][]theory.TegumFactor, shown []int) ([]TegumPanel, error) {
	if res == nil {
		return nil, errors.New("figures: result is nil")
	}
	if len(analyses) != len(res.Instances) || len(factors) != len(res.Instances) {
		return nil, fmt.Errorf("figures: TegumPanelsOf: %d analyses and %d factor lists for %d instances", len(analyses), len(factors), len(res.Instances))
	}
	out := make([]TegumPanel, 0, len(shown))
	for _, k := range shown {
		if k < 0 || k >= len(res.Instances) {
			return nil, fmt.Errorf("figures: TegumPanelsOf: instance %d of %d", k, len(res.Instances))
		}
		out = append(out, TegumPanel{Instance: res.Instances[k], D: analyses[k].FeatureDimensionality, Factors: factors[k]})
	}
	return out, nil
}

// MustTegumPanelsOf is [TegumPanelsOf] for notebooks: it panics on error.
func MustTegumPanelsOf(res *toysup.Result, analyses []toysup.Analysis, factors [][]theory.TegumFactor, shown []int) []TegumPanel {
	return must.M1(TegumPanelsOf(res, analyses, factors, shown))
}
