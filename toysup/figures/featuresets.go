package figures

import (
	"fmt"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// FeatureSetGeometryFigure draws an m = 2 result's feature directions coloured by the config's correlated and
// anticorrelated sets ([theory.FeatureSetOf]), one panel per instance titled with its 1−S (a
// [GroupGeometryFigure]). Options: Title, Width, Columns.
func FeatureSetGeometryFigure(res *toysup.Result, opts Options) (string, error) {
	panels, err := PanelsOf(res, nil)
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
	return GroupGeometryFigure(panels, group, labels, opts)
}

// MustFeatureSetGeometryFigure is [FeatureSetGeometryFigure] for notebooks: it panics on error.
func MustFeatureSetGeometryFigure(res *toysup.Result, opts Options) string {
	return must.M1(FeatureSetGeometryFigure(res, opts))
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
