package paper

import (
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// pentagonPair is a setting's two seeds: regular pentagons with biases −0.1 − bias and −0.1, whose losses differ by
// about 1 % — less than the noise of independent 10 000-sample estimates, several standard errors on common ones.
func pentagonPair(bias float64) []inst {
	ring := func(b float64) inst {
		W := make([][]float64, 5)
		for i := range W {
			a := 2 * math.Pi * float64(i) / 5
			W[i] = []float64{math.Cos(a), math.Sin(a)}
		}
		return inst{[]float64{0.05}, W, repeat(b, 5)}
	}
	return []inst{ring(-0.1 - bias), ring(-0.1)}
}

// selectBest keeps the lower-loss seed of a setting, evaluating on common samples (raised until the gap is
// resolved), and reports the gap and its error; the first setting's better seed is second, the other's first.
func TestSelectBest(t *testing.T) {
	a, b := pentagonPair(-0.02), pentagonPair(0.02) // a bias nearer 0 lets more interference through: worse
	for i := range b {
		b[i].p = []float64{0.1}
	}
	tr := made(toysup.Config{Model: toysup.ModelReLUOutput}, a[0], a[1], b[0], b[1])
	tr.Experiment.Name = "pair"
	best, err := Runner{Quick: true}.selectBest(tr)
	if err != nil {
		t.Fatal(err)
	}
	if len(best.Selection) != 2 || len(best.Result.Instances) != 2 {
		t.Fatalf("selection %+v, want 2 settings", best.Selection)
	}
	for g, want := range []int{1, 2} {
		s := best.Selection[g]
		t.Logf("setting %d: best %d, gap %.3g ± %.2g on %d samples", g, s.Best, s.Gap, s.SE, s.Samples)
		if s.Best != want || !s.Resolved() || !(s.Gap > 0) || s.Samples < QuickEvalSamples {
			t.Errorf("setting %d: %+v, want instance %d, resolved", g, s, want)
		}
	}
	// With uniform importance, a pentagon and the same with features 0 and 2 swapped have equal expected losses
	// but differ sample by sample: they never separate, so the samples rise tenfold up to the cap (quick and full)
	// and the result says unresolved.
	swapped := inst{a[1].p, append([][]float64(nil), a[1].W...), a[1].b}
	swapped.W[0], swapped.W[2] = swapped.W[2], swapped.W[0]
	twin := made(toysup.Config{Model: toysup.ModelReLUOutput}, a[1], swapped)
	for k := range twin.Result.Instances {
		twin.Result.Instances[k].Importance = repeat(1, 5)
	}
	for _, quick := range []bool{true, false} {
		r := Runner{Quick: quick}
		best, err = r.selectBest(twin)
		if err != nil {
			t.Fatal(err)
		}
		if s := best.Selection[0]; s.Samples != r.SelectSamplesCap() || s.Resolved() {
			t.Errorf("quick=%v: symmetric seeds: %+v, want %d samples and unresolved", quick, s, r.SelectSamplesCap())
		}
	}
	if (Runner{Quick: true}).SelectSamplesCap() >= MaxSelectSamples {
		t.Error("quick mode should cap the selection samples below the full run's")
	}
	// Exact losses rank without sampling.
	tr.Experiment.ExactLoss = true
	for k := range tr.Analyses {
		tr.Analyses[k].EvalLoss = float64(4 - k)
	}
	best, err = Runner{Quick: true}.selectBest(tr)
	if err != nil {
		t.Fatal(err)
	}
	if s := best.Selection[0]; s.Best != 1 || !s.Exact || s.Samples != 0 || s.Gap != 1 {
		t.Errorf("exact: %+v, want instance 1, gap 1", s)
	}
}

// Claim 18 passes on models made of polytopes in orthogonal subspaces and fails when the features overlap.
func TestClaim18(t *testing.T) {
	ps := map[string]theory.Polytope{}
	for _, p := range theory.Polytopes() {
		ps[p.Name] = p
	}
	tegum := func(names ...string) [][]float64 {
		m := 0
		for _, n := range names {
			m += len(ps[n].W[0])
		}
		var W [][]float64
		off := 0
		for _, n := range names {
			for _, v := range ps[n].W {
				row := make([]float64, m)
				copy(row[off:], v)
				W = append(W, row)
			}
			off += len(ps[n].W[0])
		}
		return W
	}
	good := made(toysup.Config{}, inst{[]float64{0.3}, tegum("digon", "digon", "triangle", "pentagon"), nil})
	run := &Section4Run{Uniform: good}
	run.Tegum = [][]theory.TegumFactor{theory.TegumFactors(good.Result.Instances[0].W, good.Analyses[0].FeatureDimensionality, RepresentedNorm)}
	check(t, Claim18(run), true)
	W := tegum("digon", "digon", "triangle", "pentagon")
	for i := range W { // tilt every feature towards one direction: one overlapping component
		W[i][0] += 0.4
	}
	bad := made(toysup.Config{}, inst{[]float64{0.3}, W, nil})
	run = &Section4Run{Uniform: bad, Tegum: [][]theory.TegumFactor{theory.TegumFactors(W, bad.Analyses[0].FeatureDimensionality, RepresentedNorm)}}
	if bad.Analyses[0].DimensionsPerFeature < TegumRange[0] || bad.Analyses[0].DimensionsPerFeature > TegumRange[1] {
		t.Fatalf("bad model's D* %.3f outside the claim's range", bad.Analyses[0].DimensionsPerFeature)
	}
	check(t, Claim18(run), false)
}
