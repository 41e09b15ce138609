package figures

import (
	"fmt"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// NonUniformGeometryFigure draws Section 4's non-uniform series: an m = 2 result whose instances vary feature
// 0's density, each panel titled with p₀/p (feature 0's density over feature 1's), feature 0 in one colour and
// the others in another (a [GroupGeometryFigure]). Options: Title, Width, Columns.
func NonUniformGeometryFigure(res *toysup.Result, opts Options) (string, error) {
	panels, err := PanelsOf(res, nil)
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
	opts.Title = opts.titleOr(fmt.Sprintf("Non-uniform superposition (n = %d, m = 2): feature 0 at density p₀, the others at p = %s",
		len(group), compact(res.Instances[0].FeatureProbability[1])))
	return GroupGeometryFigure(panels, group, []string{"feature 0 (density p₀)", "features 1…" + fmt.Sprint(len(group)-1)}, opts)
}

// MustNonUniformGeometryFigure is [NonUniformGeometryFigure] for notebooks: it panics on error.
func MustNonUniformGeometryFigure(res *toysup.Result, opts Options) string {
	return must.M1(NonUniformGeometryFigure(res, opts))
}
