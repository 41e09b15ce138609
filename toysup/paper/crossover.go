package paper

import (
	"math"
	"sort"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// CrossoverPoint is one relative density p₀/p of the non-uniform series: the lowest loss among its seeds that
// found five features (the pentagon, deformed or not) and among those that found two digons with feature 0
// dropped (NaN where no seed did), on common fresh samples.
type CrossoverPoint struct {
	Ratio            float64 `json:"ratio"`
	Pentagon, Digons float64 `json:"-"` // NaN where not found; see PentagonLoss and DigonsLoss for JSON.
	// PentagonSeeds and DigonsSeeds count the seeds that found each.
	PentagonSeeds, DigonsSeeds int
	// SE is the standard error of Digons − Pentagon (0 when either is missing).
	SE      float64 `json:"se"`
	Samples int     `json:"samples"`
}

// Difference is the digons' loss relative to the pentagon's, (L_digons − L_pentagon)/L_pentagon: positive where
// the pentagon wins (NaN where either is missing).
func (p CrossoverPoint) Difference() float64 { return (p.Digons - p.Pentagon) / p.Pentagon }

// crossover evaluates every seed of the non-uniform series t (all seeds, before selection) on 10× the run's
// evaluation samples, common to the seeds of a setting, and keeps each geometry's best per density, by increasing
// p₀/p.
func (r Runner) crossover(t *Trained) ([]CrossoverPoint, error) {
	samples := 10 * r.evalSamples()
	var out []CrossoverPoint
	for _, ks := range theory.SettingGroups(t.Result) {
		mean, se, err := pairedLosses(t.Result, ks, samples, EvalSeed(t.Result.Config)+2)
		if err != nil {
			return nil, err
		}
		p := t.Result.Instances[ks[0]].FeatureProbability
		pt := CrossoverPoint{Ratio: p[0] / p[1], Pentagon: math.NaN(), Digons: math.NaN(), Samples: samples}
		var sePent, seDig float64
		for i, k := range ks {
			g := Geometry(t, k)
			switch {
			case len(g.Represented) == 5 && !g.Antipodal:
				pt.PentagonSeeds++
				if !(mean[i] >= pt.Pentagon) {
					pt.Pentagon, sePent = mean[i], se[i]
				}
			case g.Antipodal && ints(g.Represented) == "1 2 3 4":
				pt.DigonsSeeds++
				if !(mean[i] >= pt.Digons) {
					pt.Digons, seDig = mean[i], se[i]
				}
			}
		}
		if !math.IsNaN(pt.Pentagon) && !math.IsNaN(pt.Digons) {
			// One of the two is the setting's best (se 0) unless another geometry beat both; the other's se is
			// then the difference's. Otherwise the larger bounds it.
			pt.SE = math.Max(sePent, seDig)
		}
		out = append(out, pt)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ratio < out[j].Ratio })
	return out, nil
}

// CrossoverRatio is where the digons' and the pentagon's best losses cross, interpolated in log p₀/p between the
// last density (from sparse to dense) where the digons win and the next where the pentagon does: the first-order
// phase change. It returns 0 when no such sign change is seen.
func CrossoverRatio(pts []CrossoverPoint) float64 {
	for i := len(pts) - 2; i >= 0; i-- {
		a, b := pts[i].Difference(), pts[i+1].Difference()
		if a < 0 && b > 0 {
			la, lb := math.Log(pts[i].Ratio), math.Log(pts[i+1].Ratio)
			return math.Exp(la + (lb-la)*(-a)/(b-a))
		}
	}
	return 0
}

// CrossoverCurve is the crossover as [figures.CrossoverFigure] draws it: the relative densities and the digons'
// loss relative to the pentagon's, in percent.
func CrossoverCurve(pts []CrossoverPoint) (ratio, diffPercent []float64) {
	for _, pt := range pts {
		ratio, diffPercent = append(ratio, pt.Ratio), append(diffPercent, 100*pt.Difference())
	}
	return ratio, diffPercent
}

// Canonical2D returns res with every 2-D solution in one frame ([theory.Canonical2D] with anchor feature 0 and
// [RepresentedNorm]): rotated so that feature 0 (or, when it is not learned, the first learned feature) points up
// and reflected so that the next learned feature lies on its left — the non-uniform series' pentagons side by
// side, as [figures.NonUniformGeometryFigure] shows them. res itself is left unchanged.
func Canonical2D(res *toysup.Result) *toysup.Result {
	out := *res
	out.Instances = append([]toysup.Instance(nil), res.Instances...)
	for k := range out.Instances {
		out.Instances[k].W = theory.Canonical2D(res.Instances[k].W, 0, RepresentedNorm)
	}
	return &out
}
