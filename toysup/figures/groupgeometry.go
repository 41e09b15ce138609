package figures

import (
	"fmt"
	"math"

	"github.com/janpfeifer/must"
)

// GroupGeometryFigure draws the feature directions W_i of m = 2 panels like [Geometry2DFigure], but colours each
// arrow by its feature's group (group `[features]`, an index into groupLabels, the same for every panel) with a
// legend of the groups: for correlated and anticorrelated sets, or to single out one feature. Options: Title,
// Width, Columns.
func GroupGeometryFigure(panels []Panel, group []int, groupLabels []string, opts Options) (string, error) {
	if err := checkPlanar(panels, "GroupGeometryFigure", need{w: true}); err != nil {
		return "", err
	}
	for k, p := range panels {
		if len(p.Instance.W) != len(group) {
			return "", fmt.Errorf("figures: panels[%d] has %d features, group has %d entries", k, len(p.Instance.W), len(group))
		}
	}
	for i, g := range group {
		if g < 0 || g >= len(groupLabels) {
			return "", fmt.Errorf("figures: group[%d] = %d, allowed 0…%d (one per group label)", i, g, len(groupLabels)-1)
		}
	}
	o, err := opts.resolve(spec{name: "GroupGeometryFigure", width: 800, uses: useColumns})
	if err != nil {
		return "", err
	}
	legendW := 40.0
	for _, l := range groupLabels {
		legendW = math.Max(legendW, 40+textWidth(l, tickSize+1))
	}
	legendW = math.Min(legendW, 0.35*float64(o.Width))
	l := newPlanarLayout(panels, o, legendW, 300)
	s := newSVG(float64(o.Width), math.Max(l.g.top+l.g.height()+4, l.g.top+40+17*float64(len(groupLabels)+2)))
	s.title(o.titleOr("Feature directions W_i, coloured by feature set — " + describe(panels)))
	colour := func(gi int) string { return seriesColour(gi, max(len(groupLabels), 2)) }
	for k, p := range panels {
		order := make([]int, len(p.Instance.W))
		for i := range order {
			order[i] = i
		}
		l.panel(s, panels, k, order, func(i int) string { return colour(group[i]) })
	}
	entries := make([]legendEntry, len(groupLabels))
	for gi, lb := range groupLabels {
		entries[gi] = legendEntry{label: lb, colour: colour(gi)}
	}
	y := s.legend(s.w-legendW+8, l.g.top+l.headH+14, legendW-12, entries)
	s.notes(s.w-legendW+8, y+4, legendW-12, "dashed: unit circle")
	return s.String(), nil
}

// MustGroupGeometryFigure is [GroupGeometryFigure] for notebooks: it panics on error.
func MustGroupGeometryFigure(panels []Panel, group []int, groupLabels []string, opts Options) string {
	return must.M1(GroupGeometryFigure(panels, group, groupLabels, opts))
}
