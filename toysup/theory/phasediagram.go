package theory

import (
	"fmt"
	"math"
	"sort"

	"github.com/toymodels/superposition/toysup"
)

// Phase2ClassLabels and Phase3ClassLabels describe the classes of the n=2 and n=3 diagrams for legends.
var (
	Phase2ClassLabels = []string{"not learned: W = [1, 0]", "dedicated dimension: W = [0, 1]", "superposition: W = [1, −1] (antipodal)"}
	Phase3ClassLabels = []string{
		"W⊥[0,0,1]: the extra feature is not learned",
		"W⊥[1,0,0]: the extra feature and one other get dimensions, the third is dropped",
		"W⊥[0,1,1]: the extra feature is antipodal with another, the third is dedicated",
		"W⊥[1,1,0]: the extra feature is dedicated, the other two are antipodal",
		"other geometry (e.g. three features at 120°)",
	}
)

// PhaseDiagram is a classified grid: Class[iy][ix] is the class (an index into Classes) of the cell at
// Importances[iy] and Densities[ix], −1 where no instance was trained.
type PhaseDiagram struct {
	Densities   []float64 `json:"densities"`
	Importances []float64 `json:"importances"`
	Classes     []string  `json:"classes"`
	Class       [][]int   `json:"class"`
	// Loss is the evaluated (or exact) loss of the cell's kept instance, `[ny][nx]` (0 where none).
	Loss [][]float64 `json:"loss"`
}

func newPhaseDiagram(densities, importances []float64, classes []string) PhaseDiagram {
	d := PhaseDiagram{Densities: densities, Importances: importances, Classes: classes,
		Class: make([][]int, len(importances)), Loss: make([][]float64, len(importances))}
	for iy := range d.Class {
		d.Class[iy] = make([]int, len(densities))
		d.Loss[iy] = make([]float64, len(densities))
		for ix := range d.Class[iy] {
			d.Class[iy][ix] = -1
		}
	}
	return d
}

// Fractions returns the share of classified cells in each class, `[classes]`.
func (d PhaseDiagram) Fractions() []float64 {
	out := make([]float64, len(d.Classes))
	total := 0
	for _, row := range d.Class {
		for _, c := range row {
			if c >= 0 {
				out[c]++
				total++
			}
		}
	}
	for i := range out {
		if total > 0 {
			out[i] /= float64(total)
		}
	}
	return out
}

// ClassifyPhaseResult turns a trained phase grid (n=2, m=1 or n=3, m=2, as from [PhaseGrid.Config]) into a
// [PhaseDiagram]: per cell it keeps the instance of lowest loss (`losses` `[instances]`, e.g. the evaluated losses
// from [Result.Analyze]) and classifies it with [ClassifyPhase2] or [ClassifyPhase3]. Cells are read from each
// instance's feature probability and last feature's importance.
func ClassifyPhaseResult(res *toysup.Result, losses []float64) (PhaseDiagram, error) {
	return classifyCells(res, losses, func(ks []int, classOf func(int) (int, error)) (int, float64, error) {
		best := ks[0]
		for _, k := range ks[1:] {
			if losses[k] < losses[best] || math.IsNaN(losses[best]) {
				best = k
			}
		}
		c, err := classOf(best)
		return c, losses[best], err
	})
}

// ClassifyPhaseVote is [ClassifyPhaseResult] the paper's way: per cell of K ≥ 2 seeds it discards the seed of
// highest loss, classifies the other K − 1 and takes the majority class (a tie goes to the class of the
// lowest-loss seed among the tied); the cell's loss is the lowest among the seeds of that class.
func ClassifyPhaseVote(res *toysup.Result, losses []float64) (PhaseDiagram, error) {
	return classifyCells(res, losses, func(ks []int, classOf func(int) (int, error)) (int, float64, error) {
		order := append([]int(nil), ks...)
		sort.SliceStable(order, func(a, b int) bool { return less(losses[order[a]], losses[order[b]]) })
		if len(order) > 1 {
			order = order[:len(order)-1]
		}
		votes := map[int]int{}
		first := map[int]int{} // each class's lowest-loss seed (order is by loss).
		for _, k := range order {
			c, err := classOf(k)
			if err != nil {
				return 0, 0, err
			}
			if _, ok := first[c]; !ok {
				first[c] = k
			}
			votes[c]++
		}
		win := -1
		for c, v := range votes {
			if win < 0 || v > votes[win] || (v == votes[win] && less(losses[first[c]], losses[first[win]])) {
				win = c
			}
		}
		return win, losses[first[win]], nil
	})
}

// less orders losses ascending with NaN last.
func less(a, b float64) bool { return a < b || (!math.IsNaN(a) && math.IsNaN(b)) }

// classifyCells groups the instances of a phase grid by cell and classifies each cell with pick, which gets the
// cell's instances and the classifier.
func classifyCells(res *toysup.Result, losses []float64, pick func(ks []int, classOf func(int) (int, error)) (int, float64, error)) (PhaseDiagram, error) {
	if res == nil || len(res.Instances) == 0 {
		return PhaseDiagram{}, toysup.ArgErrorf("instances", "the result has no instances")
	}
	if len(losses) != len(res.Instances) {
		return PhaseDiagram{}, toysup.ArgErrorf("losses", "got %d, want instances = %d", len(losses), len(res.Instances))
	}
	n := res.Config.Features
	classify, classes := ClassifyPhase2, Phase2Classes
	switch n {
	case 2:
	case 3:
		classify, classes = ClassifyPhase3, Phase3Classes
	default:
		return PhaseDiagram{}, toysup.ArgErrorf("features", "got %d, phase diagrams need 2 or 3", n)
	}
	var ds, rs []float64
	for _, in := range res.Instances {
		ds, rs = addSorted(ds, in.FeatureProbability[0]), addSorted(rs, in.Importance[n-1]/in.Importance[0])
	}
	// Densities from dense to sparse as in the presets; importances from low to high.
	for i, j := 0, len(ds)-1; i < j; i, j = i+1, j-1 {
		ds[i], ds[j] = ds[j], ds[i]
	}
	cells := map[[2]int][]int{}
	for k, in := range res.Instances {
		at := [2]int{indexOf(rs, in.Importance[n-1]/in.Importance[0]), indexOf(ds, in.FeatureProbability[0])}
		if first := cells[at]; len(first) > 0 && SettingKey(res.Instances[first[0]].FeatureProbability, res.Instances[first[0]].Importance) != SettingKey(in.FeatureProbability, in.Importance) {
			return PhaseDiagram{}, toysup.ArgErrorf("instances", "instance %d: two settings share the cell (1−S = %v, r = %v)", k, ds[at[1]], rs[at[0]])
		}
		cells[at] = append(cells[at], k)
	}
	classOf := func(k int) (int, error) {
		c, err := classify(res.Instances[k].W)
		if err != nil {
			return 0, fmt.Errorf("instance %d: %w", k, err)
		}
		return c, nil
	}
	d := newPhaseDiagram(ds, rs, classes)
	for at, ks := range cells {
		c, l, err := pick(ks, classOf)
		if err != nil {
			return PhaseDiagram{}, err
		}
		d.Class[at[0]][at[1]], d.Loss[at[0]][at[1]] = c, l
	}
	return d, nil
}

// AnalyticPhaseDiagram classifies every cell of the grid by the lowest exact loss among the candidates
// ([Phase2Optimum] for n = 2, [Phase3Optimum] for n = 3) with biases by bias ([BiasPaper] or [BiasOptimal]).
func AnalyticPhaseDiagram(n int, densities, importances []float64, bias string) (PhaseDiagram, error) {
	optimum, classes := Phase2Optimum, Phase2Classes
	switch n {
	case 2:
	case 3:
		optimum, classes = Phase3Optimum, Phase3Classes
	default:
		return PhaseDiagram{}, toysup.ArgErrorf("features", "got %d, phase diagrams need 2 or 3", n)
	}
	d := newPhaseDiagram(densities, importances, classes)
	for iy, r := range importances {
		for ix, p := range densities {
			c, l, err := optimum(p, r, bias)
			if err != nil {
				return PhaseDiagram{}, err
			}
			d.Class[iy][ix], d.Loss[iy][ix] = c, l[c]
		}
	}
	return d, nil
}

// Agreement is the share of cells classified in both diagrams (same grid) where they agree.
func (d PhaseDiagram) Agreement(other PhaseDiagram) (float64, error) {
	if len(d.Class) != len(other.Class) || len(d.Densities) != len(other.Densities) {
		return 0, toysup.ArgErrorf("class", "the diagrams' grids differ: %d×%d and %d×%d", len(d.Class), len(d.Densities), len(other.Class), len(other.Densities))
	}
	same, total := 0, 0
	for iy := range d.Class {
		for ix, c := range d.Class[iy] {
			if o := other.Class[iy][ix]; c >= 0 && o >= 0 {
				total++
				if c == o {
					same++
				}
			}
		}
	}
	if total == 0 {
		return 0, toysup.ArgErrorf("class", "no cell is classified in both diagrams")
	}
	return float64(same) / float64(total), nil
}

// addSorted inserts v into the ascending list xs unless an equal value (relative 1e-9) is present.
func addSorted(xs []float64, v float64) []float64 {
	if indexOf(xs, v) >= 0 {
		return xs
	}
	i := 0
	for i < len(xs) && xs[i] < v {
		i++
	}
	xs = append(xs, 0)
	copy(xs[i+1:], xs[i:])
	xs[i] = v
	return xs
}

func indexOf(xs []float64, v float64) int {
	for i, x := range xs {
		if math.Abs(x-v) <= 1e-9*math.Abs(v) {
			return i
		}
	}
	return -1
}

// PhaseBoundary is a boundary curve of a phase diagram in (density, relative importance) coordinates, `[points]`
// each.
type PhaseBoundary struct {
	Label      string    `json:"label"`
	Density    []float64 `json:"density"`
	Importance []float64 `json:"importance"`
}

// Phase2TriplePoint returns the density of the n=2, m=1 triple point with the given bias choice: 4/7 for
// [BiasPaper]; for [BiasOptimal] the density where the antipodal loss at r = 1 (the minimum of its gap to the
// one-feature solutions) equals the one-feature loss, found by bisection. The triple point's importance is 1.
func Phase2TriplePoint(bias string) (float64, error) {
	if bias == BiasPaper {
		return TriplePointDensity, nil
	}
	gap := func(p float64) (float64, error) {
		_, l, err := Phase2Optimum(p, 1, bias)
		if err != nil {
			return 0, err
		}
		return l[PhaseSuperposition] - l[PhaseNotLearned], nil
	}
	lo, hi := 0.01, 1.0 // superposition wins at lo, loses at hi
	for _, end := range []struct {
		p    float64
		want bool
	}{{lo, true}, {hi, false}} {
		g, err := gap(end.p)
		if err != nil {
			return 0, err
		}
		if (g < 0) != end.want {
			return 0, fmt.Errorf("phase: no triple point between p = 0.01 and 1 with bias %q", bias)
		}
	}
	for it := 0; it < 50; it++ {
		mid := (lo + hi) / 2
		g, err := gap(mid)
		if err != nil {
			return 0, err
		}
		if g < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2, nil
}

// Phase2BoundaryCurves returns the n=2, m=1 boundaries for densities pMin…1 with the given bias choice, each
// sampled at `points` log-spaced densities: the lower and upper edges of the superposition region up to the
// triple point (for [BiasPaper] the closed forms 2p/(4 − 5p) and 2/p − 2.5) and r = 1 beyond it.
func Phase2BoundaryCurves(bias string, pMin float64, points int) ([]PhaseBoundary, error) {
	if !(pMin > 0 && pMin < 1) {
		return nil, toysup.ArgErrorf("feature_probability", "pMin: got %v, allowed (0, 1)", pMin)
	}
	if points < 2 {
		return nil, toysup.ArgErrorf("points", "got %d, allowed ≥ 2", points)
	}
	pt, err := Phase2TriplePoint(bias)
	if err != nil {
		return nil, err
	}
	lower := PhaseBoundary{Label: "superposition / not learned"}
	upper := PhaseBoundary{Label: "superposition / dedicated"}
	for _, p := range LogGrid(pMin, pt, points) {
		lo, hi := 1.0, 1.0
		if p < pt*(1-1e-9) {
			var ok bool
			if bias == BiasPaper {
				lo, hi, ok = Phase2LowerBoundary(p), Phase2UpperBoundary(p), true
			} else if lo, hi, ok, err = Phase2Boundaries(p, bias); err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		lower.Density, lower.Importance = append(lower.Density, p), append(lower.Importance, lo)
		upper.Density, upper.Importance = append(upper.Density, p), append(upper.Importance, hi)
	}
	flat := PhaseBoundary{Label: "not learned / dedicated", Density: []float64{pt, 1}, Importance: []float64{1, 1}}
	return []PhaseBoundary{lower, upper, flat}, nil
}

// Phase3BoundaryCurves returns the closed-form n=3, m=2 boundaries for densities pMin…1 (`points` samples on
// the curve): r = 2p/(4 − 5p) between W⊥[0,0,1] and W⊥[0,1,1] up to p = 4/7, r = 1 between W⊥[0,1,1] and
// W⊥[1,1,0] up to p = 4/7, the vertical p = 4/7 above r = 1 between W⊥[1,1,0] and W⊥[1,0,0], and r = 1 beyond
// p = 4/7 between W⊥[0,0,1] and W⊥[1,0,0]. rMax is the top of the vertical line.
func Phase3BoundaryCurves(pMin, rMax float64, points int) ([]PhaseBoundary, error) {
	if !(pMin > 0 && pMin < TriplePointDensity) {
		return nil, toysup.ArgErrorf("feature_probability", "pMin: got %v, allowed (0, 4/7)", pMin)
	}
	if points < 2 || !(rMax > 1) {
		return nil, toysup.ArgErrorf("points", "need points ≥ 2 (got %d) and rMax > 1 (got %v)", points, rMax)
	}
	pt := TriplePointDensity
	curve := PhaseBoundary{Label: "W⊥[0,0,1] / W⊥[0,1,1]"}
	for _, p := range LogGrid(pMin, pt, points) {
		curve.Density, curve.Importance = append(curve.Density, p), append(curve.Importance, Phase2LowerBoundary(math.Min(p, pt*(1-1e-12))))
	}
	return []PhaseBoundary{
		curve,
		{Label: "W⊥[0,1,1] / W⊥[1,1,0]", Density: []float64{pMin, pt}, Importance: []float64{1, 1}},
		{Label: "W⊥[1,1,0] / W⊥[1,0,0]", Density: []float64{pt, pt}, Importance: []float64{1, rMax}},
		{Label: "W⊥[0,0,1] / W⊥[1,0,0]", Density: []float64{pt, 1}, Importance: []float64{1, 1}},
	}, nil
}

// PhaseLosses returns each instance's [SmallModelLoss], `[instances]`: the exact-up-to-quadrature losses that rank
// the seeds of a phase-diagram cell (sampled losses at 1−S = 0.01 rest on a handful of samples).
func PhaseLosses(res *toysup.Result) ([]float64, error) {
	if res == nil {
		return nil, toysup.ArgErrorf("instances", "the result is nil")
	}
	out := make([]float64, len(res.Instances))
	for k, in := range res.Instances {
		l, err := SmallModelLoss(res.Config.Model, in)
		if err != nil {
			return nil, fmt.Errorf("instance %d: %w", k, err)
		}
		out[k] = l
	}
	return out, nil
}
