package paper

import (
	"math"
	"slices"
	"testing"

	"github.com/toymodels/superposition/toysup"

	"github.com/toymodels/superposition/toysup/theory"
)

// The Section 3 presets: the paper's grid (density 1 → 0.01, importance 0.1 → 10), n=2, m=1 and n=3, m=2,
// K = cells × seeds, the extra feature's importance r and the others 1, quick mode cut to QuickSteps.
func TestSection3Presets(t *testing.T) {
	for _, quick := range []bool{false, true} {
		g := Section3Grid(quick)
		p := Section3(quick)
		exps := p.All()
		if len(p.Grid.Densities) != len(g.Densities) || p.Grid.Seeds != g.Seeds || !exps[0].ExactLoss {
			t.Errorf("quick=%v: grid %+v, ExactLoss %v; want %+v, true", quick, p.Grid, exps[0].ExactLoss, g)
		}
		if len(exps) != 2 {
			t.Fatalf("quick=%v: %d experiments, want 2", quick, len(exps))
		}
		for i, e := range exps {
			cfg := e.Config
			n := 2 + i
			if cfg.Features != n || cfg.Hidden != n-1 || cfg.Model != toysup.ModelReLUOutput {
				t.Errorf("%s: n=%d m=%d model %s, want n=%d m=%d relu_output", e.Name, cfg.Features, cfg.Hidden, cfg.Model, n, n-1)
			}
			if want := len(g.Densities) * len(g.Importances) * g.Seeds; cfg.Instances != want {
				t.Errorf("%s: %d instances, want %d", e.Name, cfg.Instances, want)
			}
			if quick && cfg.Steps != QuickSteps || !quick && cfg.Steps < 2000 {
				t.Errorf("%s (quick=%v): %d steps", e.Name, quick, cfg.Steps)
			}
			if err := cfg.Validate(); err != nil {
				t.Errorf("%s: %v", e.Name, err)
			}
			p, imp := cfg.FeatureProbabilities(), cfg.Importances()
			// Instance order: importance, then density, then seed.
			k := (1*len(g.Densities)+2)*g.Seeds + g.Seeds - 1
			if p[k][0] != g.Densities[2] || p[k][n-1] != g.Densities[2] || imp[k][n-1] != g.Importances[1] || imp[k][0] != 1 {
				t.Errorf("%s: instance %d has p=%v, I=%v; want density %v and r=%v", e.Name, k, p[k], imp[k], g.Densities[2], g.Importances[1])
			}
		}
		if d := g.Densities; math.Abs(d[0]-1) > 1e-12 || math.Abs(d[len(d)-1]-0.01) > 1e-12 {
			t.Errorf("densities %v, want 1 → 0.01", d)
		}
		if r := g.Importances; math.Abs(r[0]-0.1) > 1e-12 || math.Abs(r[len(r)-1]-10) > 1e-12 {
			t.Errorf("importances %v, want 0.1 → 10", r)
		}
	}
	if _, err := (PhaseGrid{Densities: []float64{0.5}, Importances: []float64{1}}).Config(2, 1); err == nil {
		t.Error("a grid with 0 seeds accepted")
	}
}

// A result built from the analytic optimum of every cell (with seeds of higher loss beside it) classifies back
// into the analytic diagram: best-of-K keeps the optimum, the classifier recognises it, cells land where they
// belong.
func TestClassifyPhaseResultRecoversAnalytic(t *testing.T) {
	for _, n := range []int{2, 3} {
		g := PhaseGrid{Densities: theory.LogGrid(1, 0.01, 7), Importances: theory.LogGrid(0.1, 10, 6), Seeds: 2}
		cfg, err := g.Config(n, n-1)
		if err != nil {
			t.Fatal(err)
		}
		cands, optimum := theory.Phase2Candidates(), theory.Phase2Optimum
		if n == 3 {
			cands, optimum = theory.Phase3Candidates(), theory.Phase3Optimum
		}
		res := &toysup.Result{Config: cfg}
		var losses []float64
		p, imp := cfg.FeatureProbabilities(), cfg.Importances()
		for k := 0; k < cfg.Instances; k++ {
			best, l, err := optimum(p[k][0], imp[k][n-1], theory.BiasPaper)
			if err != nil {
				t.Fatal(err)
			}
			c := best
			if k%2 == 1 { // the second seed: the worst candidate
				c = slices.Index(l, slices.Max(l))
			}
			in, err := theory.CandidateInstance(cands[c], p[k], imp[k], theory.BiasPaper)
			if err != nil {
				t.Fatal(err)
			}
			res.Instances = append(res.Instances, in)
			losses = append(losses, l[c])
		}
		d, err := theory.ClassifyPhaseResult(res, losses)
		if err != nil {
			t.Fatal(err)
		}
		a, err := theory.AnalyticPhaseDiagram(n, g.Densities, g.Importances, theory.BiasPaper)
		if err != nil {
			t.Fatal(err)
		}
		if agree, err := d.Agreement(a); err != nil || agree != 1 {
			t.Errorf("n=%d: agreement %v (%v), want 1", n, agree, err)
		}
		sum := 0.0
		for _, f := range d.Fractions() {
			sum += f
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("n=%d: class fractions sum to %v", n, sum)
		}
	}
}

func neg(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = -x
	}
	return out
}

// The boundary curves: with the paper's biases they are the closed forms and meet at (4/7, 1); with optimal
// biases the triple point moves to a higher density; the n=3 curves follow the closed-form regions.
func TestPhaseBoundaryCurves(t *testing.T) {
	curves, err := theory.Phase2BoundaryCurves(theory.BiasPaper, 0.01, 40)
	if err != nil {
		t.Fatal(err)
	}
	lower, upper := curves[0], curves[1]
	for i, p := range lower.Density {
		if math.Abs(lower.Importance[i]-theory.Phase2LowerBoundary(p)) > 1e-9 || math.Abs(upper.Importance[i]-theory.Phase2UpperBoundary(p)) > 1e-9 {
			t.Errorf("p=%v: curves at %v, %v; closed forms %v, %v", p, lower.Importance[i], upper.Importance[i], theory.Phase2LowerBoundary(p), theory.Phase2UpperBoundary(p))
		}
	}
	last := len(lower.Density) - 1
	if math.Abs(lower.Density[last]-4.0/7) > 1e-12 || math.Abs(lower.Importance[last]-1) > 1e-9 || math.Abs(upper.Importance[last]-1) > 1e-9 {
		t.Errorf("curves end at (%v, %v/%v), want the triple point (4/7, 1)", lower.Density[last], lower.Importance[last], upper.Importance[last])
	}
	pt, err := theory.Phase2TriplePoint(theory.BiasOptimal)
	if err != nil {
		t.Fatal(err)
	}
	if !(pt > 4.0/7+0.01 && pt < 0.8) {
		t.Errorf("triple point with optimal biases at p = %v, want a little above 4/7", pt)
	}
	// At the optimal triple point the three candidates tie (to the bisection's precision).
	_, l, _ := theory.Phase2Optimum(pt, 1, theory.BiasOptimal)
	if math.Abs(l[theory.PhaseSuperposition]-l[theory.PhaseNotLearned]) > 1e-9 {
		t.Errorf("losses at the optimal triple point %v, want a tie", l)
	}
	c3, err := theory.Phase3BoundaryCurves(0.01, 10, 30)
	if err != nil {
		t.Fatal(err)
	}
	// Points just either side of each n=3 boundary fall in the classes its label names.
	for _, b := range c3 {
		i := len(b.Density) / 2
		p, r := b.Density[i], b.Importance[i]
		var a, c int
		if b.Density[0] == b.Density[len(b.Density)-1] { // vertical: step in p
			a, c = theory.Phase3Closed(p*0.97, math.Max(r, 1.5)), theory.Phase3Closed(p*1.03, math.Max(r, 1.5))
		} else {
			a, c = theory.Phase3Closed(p, r*0.97), theory.Phase3Closed(p, r*1.03)
		}
		if a == c {
			t.Errorf("%s: the classes either side of (%v, %v) are both %s", b.Label, p, r, theory.Phase3Classes[a])
		}
	}
	if _, err := theory.Phase2BoundaryCurves(theory.BiasPaper, 0, 10); err == nil {
		t.Error("pMin = 0 accepted")
	}
}
