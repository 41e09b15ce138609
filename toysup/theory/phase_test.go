package theory

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// Claim 7: the closed-form boundaries 2p/(4−5p) and 2/p − 2.5 meet at the triple point p = 4/7, r = 1, where
// the three candidates' losses are equal; dense models never superpose.
func TestPhase2TriplePoint(t *testing.T) {
	p, r := TriplePointDensity, TriplePointImportance
	if lo, hi := Phase2LowerBoundary(p), Phase2UpperBoundary(p); math.Abs(lo-1) > 1e-12 || math.Abs(hi-1) > 1e-12 {
		t.Errorf("boundaries at p = 4/7: %v, %v; want both 1", lo, hi)
	}
	l := Phase2ClosedLosses(p, r)
	if math.Abs(l[0]-l[1]) > 1e-15 || math.Abs(l[1]-l[2]) > 1e-15 {
		t.Errorf("losses at the triple point %v, want all equal", l)
	}
	// Just off the triple point each class wins in its own direction.
	for _, tc := range []struct {
		p, r float64
		want int
	}{{0.5, 1, PhaseSuperposition}, {0.6, 0.99, PhaseNotLearned}, {0.6, 1.01, PhaseDedicated},
		{1, 0.5, PhaseNotLearned}, {1, 2, PhaseDedicated}, {1, 1.0001, PhaseDedicated}} {
		if got := Phase2Closed(tc.p, tc.r); got != tc.want {
			t.Errorf("Phase2Closed(%v, %v) = %s, want %s", tc.p, tc.r, Phase2Classes[got], Phase2Classes[tc.want])
		}
	}
}

// Claim 7 without training: on a grid of densities 1…0.01 and relative importances 0.1…10 the exact expected
// losses of the candidates (with the paper's biases) equal the closed forms, and the classifier applied to the
// lowest-loss candidate agrees with the closed-form region. The same for the n=3, m=2 candidates.
func TestPhaseOptimumMatchesClosedForms(t *testing.T) {
	for _, p := range LogGrid(1, 0.01, 23) {
		for _, r := range LogGrid(0.1, 10, 23) {
			cls, l, err := Phase2Optimum(p, r, BiasPaper)
			if err != nil {
				t.Fatal(err)
			}
			closed := Phase2ClosedLosses(p, r)
			for k := range l {
				if math.Abs(l[k]-closed[k]) > 1e-12 {
					t.Errorf("p=%.4g r=%.4g: exact loss of %s = %.15g, closed form %.15g", p, r, Phase2Classes[k], l[k], closed[k])
				}
			}
			if tie(l) {
				continue // on a boundary (r = 1 beyond the triple point): either class is right
			}
			got, err := ClassifyPhase2(Phase2Candidates()[cls].W)
			if err != nil {
				t.Fatal(err)
			}
			if want := Phase2Closed(p, r); got != want {
				t.Errorf("p=%.4g r=%.4g: classifier of the optimum says %s, closed-form region %s", p, r, Phase2Classes[got], Phase2Classes[want])
			}

			cls3, l3, err := Phase3Optimum(p, r, BiasPaper)
			if err != nil {
				t.Fatal(err)
			}
			closed3 := Phase3ClosedLosses(p, r)
			for k := range l3 {
				if math.Abs(l3[k]-closed3[k]) > 1e-12 {
					t.Errorf("n=3 p=%.4g r=%.4g: exact loss of %s = %.15g, closed form %.15g", p, r, Phase3Classes[k], l3[k], closed3[k])
				}
			}
			if tie(l3) {
				continue
			}
			got3, err := ClassifyPhase3(Phase3Candidates()[cls3].W)
			if err != nil {
				t.Fatal(err)
			}
			if want := Phase3Closed(p, r); got3 != want {
				t.Errorf("n=3 p=%.4g r=%.4g: classifier says %s, closed form %s", p, r, Phase3Classes[got3], Phase3Classes[want])
			}
		}
	}
	// The n=3 regions: the extra feature's curve 2p/(4−5p) below r = 1, the vertical line p = 4/7 above it.
	for _, tc := range []struct {
		p, r float64
		want int
	}{{0.9, 0.5, Phase3W001}, {0.2, 0.1, Phase3W001}, {0.2, 0.5, Phase3W011}, {0.5, 2, Phase3W110}, {0.6, 2, Phase3W100}, {0.1, 9, Phase3W110}} {
		if got := Phase3Closed(tc.p, tc.r); got != tc.want {
			t.Errorf("Phase3Closed(%v, %v) = %s, want %s", tc.p, tc.r, Phase3Classes[got], Phase3Classes[tc.want])
		}
	}
}

// tie reports whether the two lowest losses are equal to 1e-12 (a point on a boundary).
func tie(l []float64) bool {
	best := argmin(l)
	for k, v := range l {
		if k != best && v-l[best] < 1e-12 {
			return true
		}
	}
	return false
}

// Phase2Boundaries with the paper's biases recovers the closed forms; optimal biases only widen the
// superposition region (they can only lower the antipodal loss; the one-feature candidates are already optimal).
func TestPhase2Boundaries(t *testing.T) {
	for _, p := range []float64{0.5, 0.3, 0.1, 0.01} {
		lo, hi, ok, err := Phase2Boundaries(p, BiasPaper)
		if err != nil || !ok {
			t.Fatalf("p=%v: ok=%v err=%v", p, ok, err)
		}
		if math.Abs(lo/Phase2LowerBoundary(p)-1) > 1e-9 || math.Abs(hi/Phase2UpperBoundary(p)-1) > 1e-9 {
			t.Errorf("p=%v: boundaries %v, %v; closed forms %v, %v", p, lo, hi, Phase2LowerBoundary(p), Phase2UpperBoundary(p))
		}
		olo, ohi, ok, err := Phase2Boundaries(p, BiasOptimal)
		if err != nil || !ok || olo > lo*(1+1e-9) || ohi < hi*(1-1e-9) {
			t.Errorf("p=%v: optimal-bias region (%v, %v) (ok=%v, err=%v) should contain the paper's (%v, %v)", p, olo, ohi, ok, err, lo, hi)
		}
	}
	if _, _, ok, _ := Phase2Boundaries(0.7, BiasPaper); ok {
		t.Error("p=0.7 is beyond the triple point: no superposition region expected with the paper's biases")
	}
	// The optimal biases move the triple point to a higher density: at p = 4/7 a region remains around r = 1.
	if lo, hi, ok, _ := Phase2Boundaries(TriplePointDensity, BiasOptimal); !ok || !(lo < 0.95 && hi > 1.05) {
		t.Errorf("optimal biases at p = 4/7: region (%v, %v) ok=%v, want it to contain [0.95, 1.05]", lo, hi, ok)
	}
	if _, _, _, err := Phase2Boundaries(0, BiasPaper); err == nil {
		t.Error("p = 0 accepted")
	}
}

// The optimal biases: p/2 for a dropped feature, 0 for a dedicated one, a small positive value for an antipodal
// pair (it recovers part of the interference when both are on); each is a minimum of the exact loss; for the
// linear model b_i = E[x_i − Σ_j G_ij x_j].
func TestOptimalBiases(t *testing.T) {
	p := 0.3
	for _, c := range append(Phase2Candidates(), Phase3Candidates()...) {
		n := len(c.W)
		ps, imp := make([]float64, n), make([]float64, n)
		for i := range ps {
			ps[i], imp[i] = p, 1+0.5*float64(i)
		}
		paper, err := CandidateInstance(c, ps, imp, BiasPaper)
		if err != nil {
			t.Fatal(err)
		}
		opt, err := CandidateInstance(c, ps, imp, BiasOptimal)
		if err != nil {
			t.Fatal(err)
		}
		lp, _ := ExactLoss(toysup.ModelReLUOutput, paper)
		lo, _ := ExactLoss(toysup.ModelReLUOutput, opt)
		if lo > lp+1e-15 {
			t.Errorf("%s: optimal-bias loss %v above the paper's %v", c.Name, lo, lp)
		}
		G := toysup.Gram(c.W)
		for i := range c.W {
			antipodal := false
			for j := range c.W {
				antipodal = antipodal || G[i][j] < 0
			}
			switch {
			case G[i][i] == 0 && math.Abs(opt.B[i]-p/2) > 1e-7:
				t.Errorf("%s: dropped feature %d has optimal bias %v, want p/2 = %v", c.Name, i, opt.B[i], p/2)
			case G[i][i] > 0 && !antipodal && math.Abs(opt.B[i]) > 1e-7:
				t.Errorf("%s: dedicated feature %d has optimal bias %v, want 0", c.Name, i, opt.B[i])
			case antipodal && !(opt.B[i] > 0.01 && opt.B[i] < 0.3):
				t.Errorf("%s: antipodal feature %d has optimal bias %v, want a small positive value", c.Name, i, opt.B[i])
			}
			for _, d := range []float64{-1e-3, 1e-3} {
				moved := opt
				moved.B = append([]float64(nil), opt.B...)
				moved.B[i] += d
				if l, _ := ExactLoss(toysup.ModelReLUOutput, moved); l < lo-1e-15 {
					t.Errorf("%s: moving b_%d by %v lowers the loss from %v to %v", c.Name, i, d, lo, l)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	lin := randomInstance(rng, 4, 2, false)
	b, err := OptimalBiases(toysup.ModelLinear, lin)
	if err != nil {
		t.Fatal(err)
	}
	lin.B = b
	l0, _ := ExactLoss(toysup.ModelLinear, lin)
	for i := range b {
		for _, d := range []float64{-1e-4, 1e-4} {
			moved := lin
			moved.B = append([]float64(nil), b...)
			moved.B[i] += d
			// The loss is quadratic in b_i with curvature 2·I_i: it must rise by exactly I_i·d².
			if l, _ := ExactLoss(toysup.ModelLinear, moved); math.Abs(l-l0-lin.Importance[i]*d*d) > 1e-12 {
				t.Errorf("linear: moving b_%d by %v changes the loss by %v, want I_i·d² = %v", i, d, l-l0, lin.Importance[i]*d*d)
			}
		}
	}
}

// randomInstance draws a random instance: W `[n][m]` (for relu_output with n = 2 every W has one coupling),
// biases in [−0.3, 0.3], densities in [0.05, 1], importances in [0.5, 2].
func randomInstance(rng *rand.Rand, n, m int, small bool) toysup.Instance {
	in := toysup.Instance{W: make([][]float64, n), B: make([]float64, n), FeatureProbability: make([]float64, n), Importance: make([]float64, n)}
	for i := range in.W {
		in.W[i] = make([]float64, m)
		for j := range in.W[i] {
			in.W[i][j] = rng.NormFloat64()
			if small {
				in.W[i][j] *= 0.6
			}
		}
		in.B[i] = 0.6*rng.Float64() - 0.3
		in.FeatureProbability[i] = 0.05 + 0.95*rng.Float64()
		in.Importance[i] = 0.5 + 1.5*rng.Float64()
	}
	return in
}

// sampledLoss returns toysup.EvalLoss's estimate and its standard error (from the per-sample losses of an
// independent draw of the same size).
func sampledLoss(t *testing.T, model toysup.ModelKind, in toysup.Instance, samples int, seed uint64) (mean, se float64) {
	t.Helper()
	cfg := toysup.Config{Model: model, Features: len(in.W), Hidden: len(in.W[0]), FeatureProbability: toysup.Scalar(1), Steps: 1}
	l, err := toysup.EvalLoss(cfg, []toysup.Instance{in}, samples, seed)
	if err != nil {
		t.Fatal(err)
	}
	gen := toysup.MustNewGenerator([][]float64{in.FeatureProbability}, seed+1000)
	b := gen.Sample(samples)
	var s, s2 float64
	for i := 0; i < samples; i++ {
		x := b.Row(i, 0)
		v := toysup.WeightedSquaredError(in.Importance, x, toysup.Forward(model, in, x))
		s += v
		s2 += v * v
	}
	m := s / float64(samples)
	return l[0], math.Sqrt((s2/float64(samples) - m*m) / float64(samples))
}

// The exact losses equal toysup.EvalLoss's sampled losses within 3σ: every candidate (both bias choices) at
// several densities and importances, random n=2 relu_output models (any W has one coupling) and random linear
// models.
func TestExactLossMatchesSampling(t *testing.T) {
	const samples = 60_000
	var cases []toysup.Instance
	var models []toysup.ModelKind
	for _, p := range []float64{0.8, 0.3, 0.1} {
		for _, c := range append(Phase2Candidates(), Phase3Candidates()...) {
			n := len(c.W)
			ps, imp := make([]float64, n), make([]float64, n)
			for i := range ps {
				ps[i], imp[i] = p, 1
			}
			imp[n-1] = 2.5
			for _, bias := range []string{BiasPaper, BiasOptimal} {
				in, err := CandidateInstance(c, ps, imp, bias)
				if err != nil {
					t.Fatal(err)
				}
				cases, models = append(cases, in), append(models, toysup.ModelReLUOutput)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 6; k++ {
		cases, models = append(cases, randomInstance(rng, 2, 1+k%3, true)), append(models, toysup.ModelReLUOutput)
		cases, models = append(cases, randomInstance(rng, 5, 3, true)), append(models, toysup.ModelLinear)
	}
	for k, in := range cases {
		exact, err := ExactLoss(models[k], in)
		if err != nil {
			t.Fatal(err)
		}
		got, se := sampledLoss(t, models[k], in, samples, uint64(10+k))
		if se == 0 {
			if exact != 0 || got != 0 {
				t.Errorf("case %d: zero-variance case, exact %v, sampled %v", k, exact, got)
			}
			continue
		}
		if math.Abs(got-exact) > 3*se {
			t.Errorf("case %d (%s, W=%v, b=%v, p=%v): exact %.6g, sampled %.6g ± %.2g", k, models[k], in.W, in.B, in.FeatureProbability, exact, got, se)
		}
	}
}

func TestExactLossRejects(t *testing.T) {
	good := toysup.Instance{W: [][]float64{{1}, {-1}}, B: []float64{0, 0}, FeatureProbability: []float64{0.5, 0.5}, Importance: []float64{1, 1}}
	three := toysup.Instance{W: [][]float64{{1, 0}, {0.5, 0.5}, {0, 1}}, B: make([]float64, 3), FeatureProbability: []float64{0.5, 0.5, 0.5}, Importance: []float64{1, 1, 1}}
	bad := good
	bad.FeatureProbability = []float64{0.5, 0}
	short := good
	short.B = []float64{0}
	for _, tc := range []struct {
		name, model toysup.ModelKind
		in          toysup.Instance
		field       string
	}{{"abs model", toysup.ModelAbs, good, "model"}, {"row with two couplings", toysup.ModelReLUOutput, three, "W"},
		{"p = 0", toysup.ModelReLUOutput, bad, "feature_probability[1]"}, {"short b", toysup.ModelReLUOutput, short, "b"}} {
		_, err := ExactLoss(tc.model, tc.in)
		if errorNames(err) != tc.field {
			t.Errorf("%s: error %v, want one naming %q", tc.name, err, tc.field)
		}
	}
	if _, err := ExactLoss(toysup.ModelLinear, three); err != nil {
		t.Errorf("linear model with any W: %v", err)
	}
	if _, err := CandidateInstance(Phase2Candidates()[0], []float64{0.5, 0.5}, []float64{1, 1}, "best"); err == nil {
		t.Error("unknown bias choice accepted")
	}
}

func TestClassifyPhase(t *testing.T) {
	s := 1 / math.Sqrt2
	for _, tc := range []struct {
		W    [][]float64
		want int
	}{
		{[][]float64{{1}, {0.1}}, PhaseNotLearned}, {[][]float64{{0.05}, {0.2}}, PhaseNotLearned},
		{[][]float64{{0.2}, {1}}, PhaseDedicated}, {[][]float64{{1.1}, {-0.9}}, PhaseSuperposition},
		{[][]float64{{1, 0}, {0, 1}}, PhaseDedicated}, {[][]float64{{1, 0}, {-s, -s}}, PhaseSuperposition},
	} {
		if got, err := ClassifyPhase2(tc.W); err != nil || got != tc.want {
			t.Errorf("ClassifyPhase2(%v) = %v (%v), want %s", tc.W, got, err, Phase2Classes[tc.want])
		}
	}
	c, d := math.Cos(2*math.Pi/3), math.Sin(2*math.Pi/3)
	for _, tc := range []struct {
		W    [][]float64
		want int
	}{
		{[][]float64{{1, 0}, {0, 1}, {0.1, 0}}, Phase3W001}, {[][]float64{{0, 1}, {0.1, 0}, {1, 0}}, Phase3W100},
		{[][]float64{{0, 0}, {0, 1}, {1, 0}}, Phase3W100}, {[][]float64{{0, 1}, {1, 0}, {-1, 0.1}}, Phase3W011},
		{[][]float64{{1, 0}, {0, 1}, {0, -1}}, Phase3W011}, {[][]float64{{1, 0}, {-1, 0.05}, {0, 1}}, Phase3W110},
		{[][]float64{{1, 0}, {c, d}, {c, -d}}, Phase3Other}, {[][]float64{{1, 0}, {0, 0}, {0, 0}}, Phase3Other},
	} {
		if got, err := ClassifyPhase3(tc.W); err != nil || got != tc.want {
			t.Errorf("ClassifyPhase3(%v) = %v (%v), want %s", tc.W, got, err, Phase3Classes[tc.want])
		}
	}
	if _, err := ClassifyPhase2([][]float64{{1}}); err == nil {
		t.Error("ClassifyPhase2 accepted one feature")
	}
	if _, err := ClassifyPhase3([][]float64{{1}, {0, 1}, {1}}); err == nil {
		t.Error("ClassifyPhase3 accepted ragged W")
	}
}

// SmallModelLoss equals ExactLoss where both apply (n=3 candidates: the set of three non-zero features goes
// through the 32³ midpoint rule, so to 1e-3 of its p³-weighted term) and the sampled loss within 3σ for random
// n=3, m=2 models, whose rows couple every feature to both others.
func TestSmallModelLoss(t *testing.T) {
	for _, p := range []float64{0.9, 0.2} {
		for _, c := range Phase3Candidates() {
			in, err := CandidateInstance(c, []float64{p, p, p}, []float64{1, 1, 2}, BiasOptimal)
			if err != nil {
				t.Fatal(err)
			}
			exact, _ := ExactLoss(toysup.ModelReLUOutput, in)
			small, err := SmallModelLoss(toysup.ModelReLUOutput, in)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(small-exact) > 1e-3*p*p*p+1e-12 {
				t.Errorf("p=%v %s: SmallModelLoss %v, ExactLoss %v", p, c.Name, small, exact)
			}
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for k := 0; k < 5; k++ {
		in := randomInstance(rng, 3, 2, true)
		small, err := SmallModelLoss(toysup.ModelReLUOutput, in)
		if err != nil {
			t.Fatal(err)
		}
		got, se := sampledLoss(t, toysup.ModelReLUOutput, in, 60_000, uint64(100+k))
		if math.Abs(got-small) > 3*se+2e-4*small {
			t.Errorf("random model %d: SmallModelLoss %.6g, sampled %.6g ± %.2g", k, small, got, se)
		}
	}
	if _, err := SmallModelLoss(toysup.ModelReLUOutput, randomInstance(rng, 4, 2, true)); err == nil {
		t.Error("n = 4 accepted")
	}
}

// ClassifyPhaseVote discards each cell's highest-loss seed and takes the majority of the rest, ties going to the
// lowest-loss seed's class; ClassifyPhaseResult keeps the lowest-loss seed.
func TestClassifyPhaseVote(t *testing.T) {
	notLearned, dedicated, antipodal := [][]float64{{1}, {0}}, [][]float64{{0}, {1}}, [][]float64{{0.7}, {-0.7}}
	cell := func(p float64, ws ...[][]float64) []toysup.Instance {
		var out []toysup.Instance
		for _, w := range ws {
			out = append(out, toysup.Instance{FeatureProbability: []float64{p, p}, Importance: []float64{1, 2}, W: w, B: []float64{0, 0}})
		}
		return out
	}
	// Cell A (1−S = 1): losses 1, 2, 3 → classes not learned, dedicated, dedicated; the worst is dropped → a tie,
	// won by the lowest loss. Cell B (1−S = 0.1): losses 1, 2, 2.5, 5 → not learned, antipodal ×2, not learned:
	// drop the last → antipodal wins 2 to 1, though the best seed is not learned.
	ins := append(cell(1, notLearned, dedicated, dedicated), cell(0.1, notLearned, antipodal, antipodal, notLearned)...)
	losses := []float64{1, 2, 3, 1, 2, 2.5, 5}
	res := &toysup.Result{Config: toysup.Config{Features: 2, Hidden: 1, Instances: len(ins)}, Instances: ins}
	vote, err := ClassifyPhaseVote(res, losses)
	if err != nil {
		t.Fatal(err)
	}
	best, err := ClassifyPhaseResult(res, losses)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{"vote": {PhaseNotLearned, PhaseSuperposition}, "best": {PhaseNotLearned, PhaseNotLearned}}
	for name, d := range map[string]PhaseDiagram{"vote": vote, "best": best} {
		if got := [2]int{d.Class[0][0], d.Class[0][1]}; got != want[name] {
			t.Errorf("%s: classes %v, want %v (densities %v)", name, got, want[name], d.Densities)
		}
	}
	if vote.Loss[0][1] != 2 {
		t.Errorf("vote: cell loss %v, want 2 (the best antipodal seed)", vote.Loss[0][1])
	}
}
