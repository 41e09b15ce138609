package theory

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"

	"github.com/toymodels/superposition/toysup/train"
)

// sphereGrid calls f with unit vectors of R³ on a (θ, φ) grid of the given resolution (about 2·res² points,
// angular spacing π/res).
func sphereGrid(res int, f func(u []float64)) {
	for a := 0; a <= res; a++ {
		th := math.Pi * float64(a) / float64(res)
		for b := 0; b < 2*res; b++ {
			ph := math.Pi * float64(b) / float64(res)
			f([]float64{math.Sin(th) * math.Cos(ph), math.Sin(th) * math.Sin(ph), math.Cos(th)})
		}
	}
}

func addScaled(x, u []float64, eps float64) []float64 {
	out := make([]float64, len(x))
	for i := range x {
		out[i] = x[i] + eps*u[i]
	}
	return out
}

// The grid's angular spacing is π/600 ≈ 0.0052; the nearest grid direction to the optimum is within half a
// diagonal step, so a quantity depending on the direction through cos(angle) is reached within 1 − cos(0.0037)
// ≈ 7e-6 relative, quadratic ones within twice that. The tolerance below leaves room for both.
const gridRes, gridRelTol = 600, 1e-4

// Claim (exact, Cauchy–Schwarz): on a ReLU-output model with n = 3, m = 2, feature i's analytic attack of size ε
// raises output i by more than any other direction of the same size (brute force over ~720 000 directions never
// beats it by more than 1e-12), and the best direction found comes within gridRelTol of it.
func TestAttackDirectionMaximisesOutput(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	in := toysup.Instance{W: make([][]float64, 3), B: []float64{0.1, -0.05, 0.02}}
	for i := range in.W {
		in.W[i] = []float64{rng.NormFloat64(), rng.NormFloat64()}
	}
	x := []float64{0.6, 0.3, 0.8}
	const eps = 0.15
	clean := toysup.Forward(toysup.ModelReLUOutput, in, x)
	dirs := AttackDirections(in.W)
	for i := range 3 {
		analytic := toysup.Forward(toysup.ModelReLUOutput, in, addScaled(x, dirs[i], eps))[i]
		if analytic <= clean[i] {
			t.Fatalf("feature %d: the attack did not raise the output (%v → %v)", i, clean[i], analytic)
		}
		best := math.Inf(-1)
		sphereGrid(gridRes, func(u []float64) {
			best = max(best, toysup.Forward(toysup.ModelReLUOutput, in, addScaled(x, u, eps))[i])
		})
		if best > analytic+1e-12 {
			t.Errorf("feature %d: a grid direction raises output to %.12f, above the analytic attack's %.12f", i, best, analytic)
		}
		if gain, bestGain := analytic-clean[i], best-clean[i]; bestGain < gain*(1-gridRelTol) {
			t.Errorf("feature %d: best grid gain %.9f, analytic gain %.9f: the grid should come within %.0e", i, bestGain, gain, gridRelTol)
		}
		// The gain is ε‖(WᵀW)_i‖ while the output stays positive.
		g := toysup.Gram(in.W)[i]
		if want := eps * math.Sqrt(toysup.Dot(g, g)); math.Abs(analytic-clean[i]-want) > 1e-12 {
			t.Errorf("feature %d: gain %.12f, want ε‖(WᵀW)_i‖ = %.12f", i, analytic-clean[i], want)
		}
	}
}

// lossIncrease is Σ_a I_a[(y_a − x'_a(x+δ))² − (y_a − x'_a(x))²] through the host model.
func lossIncrease(model toysup.ModelKind, in toysup.Instance, x, delta []float64) float64 {
	xd := addScaled(x, delta, 1)
	y := toysup.Target(model, x)
	return toysup.WeightedSquaredError(in.Importance, y, toysup.Forward(model, in, xd)) - toysup.WeightedSquaredError(in.Importance, y, toysup.Forward(model, in, x))
}

// Claim (exact): on the no-superposition reference (n = 3, m = 2, I = 1, 0.7, 0.49), the most important feature's
// attack is the loss-optimal L2 attack, with increase I_max ε²: brute force over directions never exceeds it and
// reaches it within gridRelTol.
func TestAttackIsOptimalOnReference(t *testing.T) {
	ref := NoSuperpositionReference([]float64{1, 0.7, 0.49}, 2)
	if ref.W[0][0] != 1 || ref.W[1][1] != 1 || ref.W[2][0] != 0 || ref.W[2][1] != 0 {
		t.Fatalf("reference W = %v, want rows e_0, e_1, 0", ref.W)
	}
	x := []float64{0.6, 0.3, 0.8}
	const eps = 0.2
	want := 1.0 * eps * eps
	dirs := AttackDirections(ref.W)
	if dirs[2] != nil {
		t.Errorf("the dropped feature has an attack direction %v, want none", dirs[2])
	}
	for i, wantI := range []float64{1 * eps * eps, 0.7 * eps * eps} {
		d := make([]float64, 3)
		for j := range d {
			d[j] = eps * dirs[i][j]
		}
		if got := lossIncrease(toysup.ModelReLUOutput, ref, x, d); math.Abs(got-wantI) > 1e-12 {
			t.Errorf("feature %d's attack raises the loss by %.12f, want I_i ε² = %.12f", i, got, wantI)
		}
	}
	best := math.Inf(-1)
	sphereGrid(gridRes, func(u []float64) {
		d := []float64{eps * u[0], eps * u[1], eps * u[2]}
		best = max(best, lossIncrease(toysup.ModelReLUOutput, ref, x, d))
	})
	if best > want+1e-12 || best < want*(1-gridRelTol) {
		t.Errorf("best grid loss increase %.12f, want I_max ε² = %.12f (never above, within %.0e below)", best, want, gridRelTol)
	}
}

// Claim (exact): for a linear model whose W is a tight frame (three unit vectors at 120° in 2-D, WWᵀ = (3/2)·1,
// so 1/D* = 3/2), uniform importance and zero residual at x, every feature's analytic attack is loss-optimal, with
// increase (1/D*)² ε² = 9/4 ε²: brute force over directions never exceeds it and reaches it within gridRelTol.
func TestAttackIsOptimalOnTightFrame(t *testing.T) {
	in := toysup.Instance{Importance: []float64{1, 1, 1}, W: make([][]float64, 3), B: make([]float64, 3)}
	for i := range in.W {
		a := 2 * math.Pi * float64(i) / 3
		in.W[i] = []float64{math.Cos(a), math.Sin(a)}
	}
	if d := toysup.AnalyzeWeights(in.W).DimensionsPerFeature; math.Abs(d-2.0/3) > 1e-12 {
		t.Fatalf("D* = %v, want 2/3", d)
	}
	x := []float64{0.6, 0.3, 0.8}
	g := toysup.Gram(in.W)
	for a := range in.B { // zero residual at x: b = x − WᵀW x.
		in.B[a] = x[a] - toysup.Dot(g[a], x)
	}
	const eps = 0.1
	want := 9.0 / 4 * eps * eps
	for i, u := range AttackDirections(in.W) {
		d := []float64{eps * u[0], eps * u[1], eps * u[2]}
		if got := lossIncrease(toysup.ModelLinear, in, x, d); math.Abs(got-want) > 1e-12 {
			t.Errorf("feature %d's attack raises the loss by %.12f, want 9/4 ε² = %.12f", i, got, want)
		}
	}
	best := math.Inf(-1)
	sphereGrid(gridRes, func(u []float64) {
		best = max(best, lossIncrease(toysup.ModelLinear, in, x, []float64{eps * u[0], eps * u[1], eps * u[2]}))
	})
	if best > want+1e-12 || best < want*(1-gridRelTol) {
		t.Errorf("best grid loss increase %.12f, want 9/4 ε² = %.12f (never above, within %.0e below)", best, want, gridRelTol)
	}
}

// The report's per-feature loss increases (computed from precomputed pre-activation shifts) equal the mean of the
// brute-force host-model loss increases at x + ε(x)u_i, for both scalings and both tied models.
func TestAttackMatchesHostModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n, m = 5, 3
	in := toysup.Instance{W: make([][]float64, n), B: make([]float64, n), Importance: make([]float64, n), FeatureProbability: make([]float64, n)}
	for i := range n {
		in.W[i] = []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		in.B[i] = 0.2 * rng.NormFloat64()
		in.Importance[i] = math.Pow(0.8, float64(i))
		in.FeatureProbability[i] = 0.4
	}
	gen := toysup.MustNewGenerator([][]float64{in.FeatureProbability}, 9)
	batch := gen.Sample(300)
	for _, model := range []toysup.ModelKind{toysup.ModelReLUOutput, toysup.ModelLinear} {
		for _, scaling := range AttackScalings {
			opts := must.M1(AttackOptions{Scaling: scaling, Samples: batch.Size}.resolve())
			rep := attack(model, in, batch, opts)
			dirs := AttackDirections(in.W)
			meanNorm, epsSq := 0.0, 0.0
			for s := range batch.Size {
				x := batch.Row(s, 0)
				meanNorm += math.Sqrt(toysup.Dot(x, x)) / float64(batch.Size)
			}
			want := make([]float64, n)
			for s := range batch.Size {
				x := batch.Row(s, 0)
				eps := 0.1 * meanNorm
				if scaling == AttackRelative {
					eps = 0.1 * math.Sqrt(toysup.Dot(x, x))
				}
				epsSq += eps * eps / float64(batch.Size)
				for i, u := range dirs {
					d := make([]float64, n)
					for j := range d {
						d[j] = eps * u[j]
					}
					want[i] += lossIncrease(model, in, x, d) / float64(batch.Size)
				}
			}
			worst := 0
			for i := range want {
				if math.Abs(rep.LossIncrease[i]-want[i]) > 1e-12 {
					t.Errorf("%s/%s feature %d: loss increase %.15f, host model %.15f", model, scaling, i, rep.LossIncrease[i], want[i])
				}
				if want[i] > want[worst] {
					worst = i
				}
			}
			if rep.Worst != worst || math.Abs(rep.MeanInputNorm-meanNorm) > 1e-12 || math.Abs(rep.Epsilon-0.1*meanNorm) > 1e-12 {
				t.Errorf("%s/%s: worst %d (want %d), mean norm %v (want %v), ε %v", model, scaling, rep.Worst, worst, rep.MeanInputNorm, meanNorm, rep.Epsilon)
			}
			if wantRef := 1.0 * epsSq; math.Abs(rep.ReferenceIncrease-wantRef) > 1e-12 {
				t.Errorf("%s/%s: reference increase %v, want I_max E[ε²] = %v", model, scaling, rep.ReferenceIncrease, wantRef)
			}
			if math.Abs(rep.Vulnerability-want[worst]/epsSq) > 1e-9 {
				t.Errorf("%s/%s: vulnerability %v, want %v", model, scaling, rep.Vulnerability, want[worst]/epsSq)
			}
		}
	}
}

// The reference model attacked through AttackInstance has vulnerability exactly 1 (its loss rises by I_max ε(x)²
// on every input), whatever the sparsity and scaling.
func TestAttackReferenceVulnerabilityIsOne(t *testing.T) {
	imp := []float64{1, 0.7, 0.49, 0.343}
	for _, p := range []float64{1, 0.1} {
		for _, scaling := range AttackScalings {
			ref := NoSuperpositionReference(imp, 2)
			ref.FeatureProbability = []float64{p, p, p, p}
			cfg := toysup.Config{Model: toysup.ModelReLUOutput, Features: 4, Hidden: 2}
			rep, err := AttackInstance(cfg, ref, AttackOptions{Scaling: scaling, Samples: 2000, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Worst != 0 || math.Abs(rep.Vulnerability-1) > 1e-9 {
				t.Errorf("p=%v %s: worst feature %d, vulnerability %v; want 0 and 1", p, scaling, rep.Worst, rep.Vulnerability)
			}
			if !math.IsNaN(rep.LossIncrease[2]) {
				t.Errorf("p=%v %s: dropped feature has loss increase %v, want NaN (no attack)", p, scaling, rep.LossIncrease[2])
			}
		}
	}
}

func TestAttackOptionErrors(t *testing.T) {
	in := NoSuperpositionReference([]float64{1, 1}, 1)
	in.FeatureProbability = []float64{1, 1}
	for _, tc := range []struct {
		model toysup.ModelKind
		opts  AttackOptions
		field string
	}{
		{toysup.ModelAbs, AttackOptions{}, "model"},
		{toysup.ModelReLUHidden, AttackOptions{}, "model"},
		{toysup.ModelReLUOutput, AttackOptions{Fraction: -0.1}, "AttackOptions.Fraction"},
		{toysup.ModelReLUOutput, AttackOptions{Scaling: "l2"}, "AttackOptions.Scaling"},
		{toysup.ModelReLUOutput, AttackOptions{Samples: -5}, "AttackOptions.Samples"},
	} {
		cfg := toysup.Config{Model: tc.model, Features: 2, Hidden: 1}
		_, err := AttackInstance(cfg, in, tc.opts)
		if errorNames(err) != tc.field {
			t.Errorf("%s %+v: error %v, want an error naming %q", tc.model, tc.opts, err, tc.field)
		}
	}
}

// Claim 15 in small: a dense ReLU-output model (n=20, m=5, I=1) keeps 5 orthogonal features and has vulnerability
// ≈ 1 (within 0.1); at 1−S = 0.1 its features are in superposition (1/D* > 2.5) and the attack hurts more than
// twice as much, within a factor 1.5 of 1/D*. (Trained 3000 steps, about 2 s on 2 cores.)
func TestVulnerabilityTracksSuperposition(t *testing.T) {
	cfg := toysup.Config{Model: toysup.ModelReLUOutput, Features: 20, Hidden: 5, Instances: 2, Steps: 3000,
		FeatureProbability: toysup.Vector([]float64{1, 0.1}), Seed: 1}
	res, err := train.Train(context.Background(), cfg, train.WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	reps, err := Attack(res, AttackOptions{Samples: 20_000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	dense, sparse := reps[0].Vulnerability, reps[1].Vulnerability
	invD := 1 / toysup.AnalyzeWeights(res.Instances[1].W).DimensionsPerFeature
	t.Logf("vulnerability dense %.3f, 1−S=0.1 %.3f (1/D* = %.3f)", dense, sparse, invD)
	if math.Abs(dense-1) > 0.1 {
		t.Errorf("dense vulnerability %.3f, want 1 ± 0.1", dense)
	}
	if invD < 2.5 || sparse < 2 || sparse > 1.5*invD || sparse < invD/1.5 {
		t.Errorf("1−S=0.1: vulnerability %.3f, 1/D* %.3f; want 1/D* > 2.5, vulnerability > 2 and within ×1.5 of 1/D*", sparse, invD)
	}
}

// Reports survive a JSON round trip, NaN (a feature without attack) as null.
func TestAttackReportJSON(t *testing.T) {
	in := AttackReport{Scaling: AttackRelative, Fraction: 0.1, Epsilon: 0.02, LossIncrease: []float64{0.5, math.NaN()},
		Worst: 0, Increase: 0.5, ReferenceIncrease: 0.25, Vulnerability: 2}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"loss_increase":[0.5,null]`) {
		t.Errorf("JSON %s does not write the NaN as null", data)
	}
	var out AttackReport
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if out.Vulnerability != 2 || out.LossIncrease[0] != 0.5 || !math.IsNaN(out.LossIncrease[1]) || out.Scaling != AttackRelative {
		t.Errorf("round trip gave %+v", out)
	}
}
