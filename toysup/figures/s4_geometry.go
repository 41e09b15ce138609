package figures

import (
	"errors"
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// GroupGeometry2D draws the feature directions W_i of m = 2 panels like [Geometry2D], but colours each arrow by
// its feature's group (group `[features]`, an index into groupLabels, the same for every panel) with a legend of
// the groups: for correlated and anticorrelated sets, or to single out one feature.
func GroupGeometry2D(panels []Panel, group []int, groupLabels []string, opts GridOptions) (string, error) {
	for k, p := range panels {
		if p.Hidden != 2 {
			return "", fmt.Errorf("figures: GroupGeometry2D needs hidden = 2, panels[%d].Hidden = %d", k, p.Hidden)
		}
		if len(p.Instance.W) != len(group) {
			return "", fmt.Errorf("figures: panels[%d] has %d features, group has %d entries", k, len(p.Instance.W), len(group))
		}
	}
	if err := checkPanels(panels, need{w: true}); err != nil {
		return "", err
	}
	for i, g := range group {
		if g < 0 || g >= len(groupLabels) {
			return "", fmt.Errorf("figures: group[%d] = %d, allowed 0…%d (one per group label)", i, g, len(groupLabels)-1)
		}
	}
	width := float64(opts.Width)
	if opts.Width == 0 {
		width = defaultWidth
	}
	if width < minWidth || width > maxWidth || opts.Columns < 0 {
		return "", fmt.Errorf("figures: Width = %d (allowed %d…%d), Columns = %d (allowed ≥ 0)", opts.Width, minWidth, maxWidth, opts.Columns)
	}
	const left, top, pad, headH = 8.0, 34.0, 14.0, 20.0
	legendW := 40.0
	for _, l := range groupLabels {
		legendW = math.Max(legendW, 40+textWidth(l, tickSize+1))
	}
	legendW = math.Min(legendW, 0.35*width)
	cols := opts.Columns
	if cols == 0 { // panels of at least 150 px, rows as even as possible
		fit := max(1, int((width-left-legendW)/150))
		rows := (len(panels) + fit - 1) / fit
		cols = (len(panels) + rows - 1) / rows
	}
	cols = min(cols, len(panels))
	rows := (len(panels) + cols - 1) / cols
	radius := 1.15
	for _, p := range panels {
		for _, w := range p.Instance.W {
			radius = math.Max(radius, 1.1*math.Hypot(w[0], w[1]))
		}
	}
	pw := (width - left - legendW) / float64(cols)
	side := math.Min(pw-pad, 300)
	ph := headH + side + 10
	height := math.Max(top+float64(rows)*ph+4, top+40+17*float64(len(groupLabels)+2))
	title := orDefault(opts.Title, "Feature directions W_i, coloured by feature set — "+describe(panels))
	s := newSVG(width, height)
	s.fitText(width/2, 22, width-16, titleSize, "middle", title, ` font-weight="bold"`)
	colour := func(gi int) string { return seriesColour(gi, max(len(groupLabels), 2)) }
	for k, p := range panels {
		col, row := k%cols, k/cols
		x0 := left + float64(col)*pw + (pw-side)/2
		y0 := top + float64(row)*ph + headH
		cx, cy := x0+side/2, y0+side/2
		px := side / 2 / radius
		s.fitText(cx, y0-6, pw-4, labelSize, "middle", p.Label, "")
		s.frame(x0, y0, side, side)
		s.line(x0, cy, x0+side, cy, gridColour, 1, "")
		s.line(cx, y0, cx, y0+side, gridColour, 1, "")
		s.raw(`<circle class="ts-unit" cx="%s" cy="%s" r="%s" fill="none" stroke="%s" stroke-width="1" stroke-dasharray="3 3"/>`+"\n",
			num(cx), num(cy), num(px), faintColour)
		for i, w := range p.Instance.W {
			s.arrow(cx, cy, cx+w[0]*px, cy-w[1]*px, colour(group[i]), math.Max(1.2, side/150))
		}
		s.raw(`<circle class="ts-origin" cx="%s" cy="%s" r="1.8" fill="%s"/>`+"\n", num(cx), num(cy), axisColour)
	}
	entries := make([]legendEntry, len(groupLabels))
	for gi, l := range groupLabels {
		entries[gi] = legendEntry{label: l, colour: colour(gi)}
	}
	y := s.legend(width-legendW+8, top+headH+14, entries)
	s.text(width-legendW+8, y+4, tickSize-1, "start", "dashed: unit circle", ` fill="#444"`)
	return s.String(), nil
}

// MustGroupGeometry2D is [GroupGeometry2D] for notebooks: it panics on error.
func MustGroupGeometry2D(panels []Panel, group []int, groupLabels []string, opts GridOptions) string {
	return must.M1(GroupGeometry2D(panels, group, groupLabels, opts))
}

// FeatureSetGeometryFigure draws an m = 2 result's feature directions coloured by the config's correlated and
// anticorrelated sets ([theory.FeatureSetOf]), one panel per instance titled with its 1−S.
func FeatureSetGeometryFigure(res *toysup.Result, opts GridOptions) (string, error) {
	if res == nil {
		return "", errors.New("figures: result is nil")
	}
	panels, err := PanelsOf(res, make([]toysup.Analysis, len(res.Instances)))
	if err != nil {
		return "", err
	}
	sets := theory.FeatureSetOf(res.Config)
	var labels []string
	for i, set := range res.Config.Correlated {
		labels = append(labels, fmt.Sprintf("correlated set %d: features %s", i, joinInts(set)))
	}
	for i, set := range res.Config.Anticorrelated {
		labels = append(labels, fmt.Sprintf("anticorrelated set %d: features %s", i, joinInts(set)))
	}
	group := make([]int, len(sets))
	independent := -1
	for i, s := range sets {
		if s < 0 {
			if independent < 0 {
				independent = len(labels)
				labels = append(labels, "independent features")
			}
			s = independent
		}
		group[i] = s
	}
	return GroupGeometry2D(panels, group, labels, opts)
}

// MustFeatureSetGeometryFigure is [FeatureSetGeometryFigure] for notebooks: it panics on error.
func MustFeatureSetGeometryFigure(res *toysup.Result, opts GridOptions) string {
	return must.M1(FeatureSetGeometryFigure(res, opts))
}

// NonUniformGeometryFigure draws the non-uniform series: an m = 2 result whose instances vary feature 0's
// density, each panel titled with p₀/p (feature 0's density over feature 1's), feature 0 in red and the others
// in blue.
func NonUniformGeometryFigure(res *toysup.Result, opts GridOptions) (string, error) {
	if res == nil {
		return "", errors.New("figures: result is nil")
	}
	panels, err := PanelsOf(res, make([]toysup.Analysis, len(res.Instances)))
	if err != nil {
		return "", err
	}
	group := make([]int, res.Config.Features)
	for i := 1; i < len(group); i++ {
		group[i] = 1
	}
	for k := range panels {
		p := panels[k].Instance.FeatureProbability
		if len(p) < 2 || !(p[1] > 0) {
			return "", fmt.Errorf("figures: instances[%d] needs at least two features with positive probability", k)
		}
		panels[k].Label = "p₀/p = " + compact(p[0]/p[1])
	}
	opts.Title = orDefault(opts.Title, fmt.Sprintf("Non-uniform superposition (n = %d, m = 2): feature 0 at density p₀, the others at p = %s", len(group), compact(res.Instances[0].FeatureProbability[1])))
	return GroupGeometry2D(panels, group, []string{"feature 0 (density p₀)", "features 1…" + fmt.Sprint(len(group)-1)}, opts)
}

// MustNonUniformGeometryFigure is [NonUniformGeometryFigure] for notebooks: it panics on error.
func MustNonUniformGeometryFigure(res *toysup.Result, opts GridOptions) string {
	return must.M1(NonUniformGeometryFigure(res, opts))
}

func joinInts(v []int) string {
	s := ""
	for i, x := range v {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(x)
	}
	return s
}
