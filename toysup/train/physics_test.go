package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"

	"github.com/toymodels/superposition/toysup/theory"
)

// trainOn trains cfg on the named engine, failing the test on error.
func trainOn(t *testing.T, engine toysup.EngineKind, cfg toysup.Config) *toysup.Result {
	t.Helper()
	cfg.Engine = engine
	res, err := Train(context.Background(), cfg, WithProgress(nil))
	if err != nil {
		t.Fatalf("%s engine: %v", engine, err)
	}
	return res
}

// engineNames lists the engines.
func engineNames() []toysup.EngineKind {
	return []toysup.EngineKind{toysup.EngineNative, toysup.EngineGoMLX}
}

// Section 2, claims 1–2: the dense linear model keeps the m = 5 most important features, orthogonal
// (WᵀW ≈ diag(1,1,1,1,1,0,…)), its loss is within 5 % of the optimum Σ_{i≥m} I_i·Var(x_i) = 0.04646, and the
// biases of the dropped features are E[x_i] = p/2.
func TestLinearModelKeepsTopFeatures(t *testing.T) {
	decay := 0.7
	cfg := toysup.Config{Model: toysup.ModelLinear, Features: 20, Hidden: 5, ImportanceDecay: &decay, FeatureProbability: toysup.Scalar(1),
		Steps: 3000, LearningRate: 0.01, Seed: 1}
	rc := must.M1(cfg.Resolve())
	optimum := theory.OptimalLinearLoss(toysup.Instance{FeatureProbability: rc.FeatureProbabilities()[0], Importance: rc.Importances()[0]}, 5)
	if math.Abs(optimum-0.04646) > 5e-6 {
		t.Fatalf("closed-form optimum %v, the paper's claims list says 0.04646", optimum)
	}
	for _, eng := range engineNames() {
		res := trainOn(t, eng, cfg)
		a := res.MustAnalyze(200_000, 99)[0]
		for i := range a.WtW {
			for j := range a.WtW {
				want := 0.0
				if i == j && i < 5 {
					want = 1
				}
				if math.Abs(a.WtW[i][j]-want) > 0.06 {
					t.Errorf("%s: WᵀW[%d][%d] = %.3f, want %v ± 0.06", eng, i, j, a.WtW[i][j], want)
				}
			}
		}
		if a.EvalLoss > 1.05*optimum || a.EvalLoss < 0.97*optimum {
			t.Errorf("%s: evaluated loss %.5f, want within 5%% of the optimum %.5f", eng, a.EvalLoss, optimum)
		}
		for i := 5; i < 20; i++ {
			if b := res.Instances[0].B[i]; math.Abs(b-0.5) > 0.03 {
				t.Errorf("%s: bias of dropped feature %d = %.3f, want p/2 = 0.5 ± 0.03", eng, i, b)
			}
		}
	}
}

// Section 2, claims 3–5: a dense ReLU-output model behaves like the linear one (top 5, orthogonal); at
// 1−S = 0.001 more than 5 features are represented, in superposition, with negative biases.
func TestReLUModelSuperposesWhenSparse(t *testing.T) {
	decay := 0.7
	cfg := toysup.Config{Model: toysup.ModelReLUOutput, Features: 20, Hidden: 5, Instances: 2, ImportanceDecay: &decay,
		FeatureProbability: toysup.Vector([]float64{1, 0.001}), Steps: 4000, LearningRate: 0.01, Seed: 2}
	for _, eng := range engineNames() {
		res := trainOn(t, eng, cfg)
		an := res.MustAnalyze(100_000, 7)
		dense, sparse := an[0], an[1]
		for i := 0; i < 20; i++ {
			want := 0.0
			if i < 5 {
				want = 1
			}
			// Superposition is only meaningful for represented features (Ŵ_i of a near-zero W_i is any direction).
			if math.Abs(dense.Norms[i]-want) > 0.1 || (i < 5 && dense.Superposition[i] > 0.05) {
				t.Errorf("%s dense: ‖W_%d‖ = %.3f (want %v ± 0.1), superposition %.3f (want < 0.05)", eng, i, dense.Norms[i], want, dense.Superposition[i])
			}
		}
		if sparse.Represented <= 5 {
			t.Errorf("%s 1−S=0.001: %d features represented, want more than m = 5", eng, sparse.Represented)
		}
		negative, sum := 0, 0.0
		for i, norm := range sparse.Norms {
			if norm > toysup.RepresentedThreshold {
				sum += res.Instances[1].B[i]
				if res.Instances[1].B[i] < 0 {
					negative++
				}
			}
		}
		if negative < sparse.Represented*4/5 || sum >= 0 {
			t.Errorf("%s 1−S=0.001: %d of %d represented features have negative bias (sum %.3f); want ≥ 80%% and a negative sum", eng, negative, sparse.Represented, sum)
		}
		if sparse.DimensionsPerFeature >= 0.5 {
			t.Errorf("%s 1−S=0.001: D* = %.3f, want < 1/2 (features share dimensions)", eng, sparse.DimensionsPerFeature)
		}
	}
}

// The same seed and engine give the same weights, bit for bit; another seed does not.
func TestTrainingRepeatsPerSeed(t *testing.T) {
	cfg := toysup.Config{Features: 6, Hidden: 2, Instances: 2, FeatureProbability: toysup.Vector([]float64{0.5, 0.05}), Steps: 50, Seed: 11}
	for _, eng := range engineNames() {
		a, b := trainOn(t, eng, cfg), trainOn(t, eng, cfg)
		cfg2 := cfg
		cfg2.Seed = 12
		c := trainOn(t, eng, cfg2)
		same, differs := true, false
		for k := range a.Instances {
			for i := range a.Instances[k].W {
				for j := range a.Instances[k].W[i] {
					same = same && a.Instances[k].W[i][j] == b.Instances[k].W[i][j]
					differs = differs || a.Instances[k].W[i][j] != c.Instances[k].W[i][j]
				}
			}
		}
		if !same || !differs {
			t.Errorf("%s: same seed repeats: %v (want true), other seed differs: %v (want true)", eng, same, differs)
		}
		if len(a.LossHistory.Step) != len(a.LossHistory.Loss) || a.LossHistory.Step[len(a.LossHistory.Step)-1] != 49 {
			t.Errorf("%s: loss history steps %v do not end at the last step", eng, a.LossHistory.Step)
		}
	}
}

// nanStepper is a stepper whose loss turns NaN at step nanAt.
type nanStepper struct{ k, nanAt int }

func (s nanStepper) Step(step int, lr float64, loss []float64) error {
	for i := range loss {
		loss[i] = 1
		if step >= s.nanAt {
			loss[i] = math.NaN()
		}
	}
	return nil
}
func (s nanStepper) Params() (toysup.Params, error) { return toysup.Params{}, nil }
func (s nanStepper) Close()                         {}

// A loss that blows up stops training with ErrNonFinite and returns no weights; cancellation stops it too.
// (Configs whose float32 arithmetic would overflow are refused by validation, so the blow-up comes from a stepper
// here.)
func TestNonFiniteLossAndCancellation(t *testing.T) {
	cfg := must.M1(toysup.Config{Model: toysup.ModelLinear, Features: 4, Hidden: 2, Steps: 200, Seed: 1}.Resolve())
	res, err := run(context.Background(), cfg, nanStepper{k: 1, nanAt: 7}, options{})
	if !errors.Is(err, ErrNonFinite) || res != nil || !strings.Contains(err.Error(), "step 7") {
		t.Errorf("NaN loss at step 7: got (%v, %v), want no result and ErrNonFinite at step 7", res != nil, err)
	}
	for _, eng := range engineNames() {
		cfg.Engine = eng
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := Train(ctx, cfg, WithProgress(nil)); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: cancelled context: %v, want context.Canceled", eng, err)
		}
	}
}

// Snapshots arrive after 0, every, 2·every, … steps and after the last step; the last equals the result's weights.
func TestSnapshots(t *testing.T) {
	cfg := toysup.Config{Features: 5, Hidden: 2, Steps: 25, Seed: 1}
	for _, eng := range engineNames() {
		cfg.Engine = eng
		var steps []int
		var lastW [][][]float64
		res, err := Train(context.Background(), cfg, WithProgress(nil), WithSnapshots(10, func(step int, p toysup.Params) {
			steps = append(steps, step)
			lastW = p.W
		}))
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(steps) != "[0 10 20 25]" {
			t.Errorf("%s: snapshots at %v, want [0 10 20 25]", eng, steps)
		}
		if lastW == nil || lastW[0][3][1] != res.Instances[0].W[3][1] {
			t.Errorf("%s: last snapshot differs from the result's W", eng)
		}
	}
}
