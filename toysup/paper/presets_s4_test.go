package paper

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"

	"github.com/toymodels/superposition/toysup/theory"
	"github.com/toymodels/superposition/toysup/train"
)

// The Section 4 presets: names, shapes, valid feature sets, the non-uniform series' densities, quick steps.
func TestSection4Presets(t *testing.T) {
	for _, quick := range []bool{false, true} {
		exps := Section4(quick).All()
		names := map[string]Experiment{}
		for _, e := range exps {
			names[e.Name] = e
			if _, err := e.Config.Resolve(); err != nil {
				t.Errorf("%s: %v", e.Name, err)
			}
			if quick && e.Config.Steps != QuickSteps {
				t.Errorf("%s: quick mode has %d steps, want %d", e.Name, e.Config.Steps, QuickSteps)
			}
		}
		for _, tc := range []struct {
			name string
			n, m int
		}{{"s4_uniform", 400, 30}, {"s4_nonuniform", 5, 2}, {"s4_correlated", 4, 2}, {"s4_anticorrelated", 4, 2},
			{"s4_correlated_triple", 6, 2}, {"s4_local_bases", 20, 10}} {
			e, ok := names[tc.name]
			if !ok {
				t.Fatalf("no preset %q", tc.name)
			}
			if e.Config.Features != tc.n || e.Config.Hidden != tc.m {
				t.Errorf("%s: n=%d m=%d, want n=%d m=%d", tc.name, e.Config.Features, e.Config.Hidden, tc.n, tc.m)
			}
		}
		u := names["s4_uniform"].Config
		p := u.FeatureProbabilities()
		if p[0][0] != 1 || math.Abs(p[u.Instances-1][0]-0.01) > 1e-12 || u.ImportanceDecay != nil || u.Importance != nil {
			t.Errorf("s4_uniform: densities %v…%v, want 1 → 0.01 with uniform importance", p[0][0], p[u.Instances-1][0])
		}
		nu := names["s4_nonuniform"].Config
		np := nu.FeatureProbabilities()
		factors := NonUniformFactors(quick)
		if nu.Instances != NonUniformSeeds*len(factors) {
			t.Errorf("s4_nonuniform: %d instances, want %d seeds × %d factors", nu.Instances, NonUniformSeeds, len(factors))
		}
		for k, row := range np {
			f := factors[k/NonUniformSeeds]
			if math.Abs(row[0]-f*NonUniformBase) > 1e-12 || row[1] != NonUniformBase || row[4] != NonUniformBase {
				t.Errorf("s4_nonuniform instance %d: p = %v, want feature 0 at %v×%v", k, row, f, NonUniformBase)
			}
		}
		if fs := theory.FeatureSetOf(names["s4_local_bases"].Config); fs[0] != 0 || fs[9] != 0 || fs[10] != 1 || fs[19] != 1 {
			t.Errorf("s4_local_bases sets %v, want features 0–9 in set 0 and 10–19 in set 1", fs)
		}
		if fs := theory.FeatureSetOf(names["s4_anticorrelated"].Config); fs[0] != 0 || fs[1] != 0 || fs[2] != 1 || fs[3] != 1 ||
			names["s4_anticorrelated"].Config.AnticorrelatedMode != "" && names["s4_anticorrelated"].Config.AnticorrelatedMode != toysup.AnticorrelatedPaper {
			t.Errorf("s4_anticorrelated sets %v, want pairs {0,1}, {2,3} with the paper's definition", fs)
		}
		if !strings.Contains(names["s4_correlated_triple"].Title, "Three correlated pairs") {
			t.Errorf("s4_correlated_triple title %q", names["s4_correlated_triple"].Title)
		}
	}
	if fs := theory.FeatureSetOf(toysup.Config{Features: 3, Correlated: [][]int{{0, 2}}}); fs[0] != 0 || fs[1] != -1 || fs[2] != 0 {
		t.Errorf("FeatureSetOf = %v, want [0 -1 0]", fs)
	}
}

// Claim 11: anticorrelated pairs come out antipodal (n=4, m=2, the paper's definition; best of 2 seeds), and the
// two pairs orthogonal to each other.
func TestAnticorrelatedPairsTrainAntipodal(t *testing.T) {
	cfg := toysup.Config{Features: 4, Hidden: 2, Instances: 2, FeatureProbability: toysup.Scalar(0.1), Anticorrelated: [][]int{{0, 1}, {2, 3}},
		Steps: 1500, LearningRate: 0.01, Seed: 7}
	res, err := train.Train(context.Background(), cfg, train.WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	an := res.MustAnalyze(20_000, 3)
	best := theory.BestOfK(res, []float64{an[0].EvalLoss, an[1].EvalLoss})[0]
	a, W := an[best], res.Instances[best].W
	for _, pair := range [][2]int{{0, 1}, {2, 3}} {
		i, j := pair[0], pair[1]
		if c := theory.PairCosines(W, i, j); a.Norms[i] < 0.5 || a.Norms[j] < 0.5 || c > -0.95 {
			t.Errorf("anticorrelated pair %v: norms %.2f, %.2f, cos %.3f; want both represented and antipodal (cos < −0.95)", pair, a.Norms[i], a.Norms[j], c)
		}
	}
	if c := theory.PairCosines(W, 0, 2); math.Abs(c) > 0.2 {
		t.Errorf("the two pairs: cos %.3f, want orthogonal (|cos| < 0.2)", c)
	}
}
