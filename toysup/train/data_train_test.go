package train

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// With the L1 penalty on the hidden activations, the native engine's loss and gradients equal GoMLX autodiff's
// (same tolerances as TestNativeGradientsMatchGoMLX), for every model kind and kernel family, on unit-norm batches.
func TestNativeL1GradientsMatchGoMLX(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, model := range toysup.ModelKinds {
		for _, nm := range [][2]int{{2, 1}, {6, 3}, {20, 5}, {12, 11}} {
			n, m := nm[0], nm[1]
			cfg := gradCheckConfig(t, model, n, m, func(c *toysup.Config) { c.L1Hidden, c.NormalizeInputs = 0.05, true })
			p := gradCheckParams(cfg, rng)
			x := must.M1(toysup.NewConfigGenerator(cfg, uint64(n*m))).Sample(200)
			compareNativeGradients(t, fmt.Sprintf("%s l1 n=%d m=%d", model, n, m), cfg, p, x)
		}
	}
}

// Normalised generators draw unit-norm samples (the all-zero sample stays zero).
func TestNormalizedSamplesHaveUnitNorm(t *testing.T) {
	cfg := must.M1(toysup.Config{Features: 50, Hidden: 2, FeatureProbability: toysup.Scalar(0.02), NormalizeInputs: true}.Resolve())
	b := must.M1(toysup.NewConfigGenerator(cfg, 3)).Sample(500)
	zeros := 0
	for s := 0; s < b.Size; s++ {
		sq := toysup.Dot(b.Row(s, 0), b.Row(s, 0))
		if sq == 0 {
			zeros++
		} else if math.Abs(sq-1) > 1e-12 {
			t.Fatalf("sample %d: ‖x‖² = %v", s, sq)
		}
	}
	if zeros == 0 || zeros == b.Size {
		t.Fatalf("%d of %d samples are zero: want some", zeros, b.Size)
	}
}

// A fixed training set trains alike on both engines (same set, same initial parameters, full batch and
// minibatches): the training losses on the set agree within 2 % after 300 steps.
func TestFixedDatasetEnginesAgree(t *testing.T) {
	for _, bs := range []int{64, 24} {
		cfg := toysup.Config{Features: 30, Hidden: 2, Instances: 2, FeatureProbability: toysup.Scalar(0.1), DatasetSize: 40,
			BatchSize: bs, NormalizeInputs: true, Steps: 300, LearningRate: 1e-2, WarmupSteps: 30, LRSchedule: "cosine", Seed: 4}
		var losses [2][]float64
		for e, engine := range []toysup.EngineKind{"native", "gomlx"} {
			c := cfg
			c.Engine = engine
			res, err := Train(context.Background(), c, WithProgress(nil))
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range res.Instances {
				if in.TrainLoss == nil || in.TestLoss == nil || len(in.TrainHidden) != 40 {
					t.Fatalf("%s: missing train/test loss or train_hidden", engine)
				}
				losses[e] = append(losses[e], *in.TrainLoss)
			}
		}
		for k := range losses[0] {
			if !closeLoss(losses[0][k], losses[1][k], 0.02, 1e-4) {
				t.Errorf("batch %d instance %d: train loss native %g, gomlx %g", bs, k, losses[0][k], losses[1][k])
			}
		}
	}
}

// Full-batch training on a fixed set is deterministic: from the same initial parameters both engines (hand-written
// update rules; GoMLX's StochasticGradientDescent and Adam with the L2 term (wd/2)‖θ‖² in the graph) follow the same
// path up to float32 rounding, for "sgd" (θ ← θ − lr·(∇L + wd·θ)) and "adam" with weight decay (Adam on ∇L + wd·θ):
// after 300 steps every parameter agrees within 1e-3 (measured: sgd 1.2e-7, adam 5.1e-6), and the weight decay
// shrinks ‖W‖ against wd = 0.
func TestL2OptimizersEnginesAgree(t *testing.T) {
	for _, c := range []struct {
		opt toysup.Optimizer
		lr  float64
	}{{toysup.OptimizerSGD, 0.2}, {toysup.OptimizerAdam, 1e-2}} {
		base := toysup.Config{Features: 30, Hidden: 2, Instances: 2, FeatureProbability: toysup.Scalar(0.1), DatasetSize: 40,
			BatchSize: 40, NormalizeInputs: true, Steps: 300, LearningRate: c.lr, Optimizer: c.opt, Seed: 4}
		run := func(engine toysup.EngineKind, wd float64) *toysup.Result {
			cfg := base
			cfg.Engine, cfg.WeightDecay = engine, &wd
			res, err := Train(context.Background(), cfg, WithProgress(nil))
			if err != nil {
				t.Fatal(err)
			}
			if res.Config.Optimizer != c.opt || res.Config.WeightDecayValue() != wd {
				t.Fatalf("%s: result config %q, weight decay %g", engine, res.Config.Optimizer, res.Config.WeightDecayValue())
			}
			return res
		}
		native, gomlx := run("native", 0.05), run("gomlx", 0.05)
		worst := 0.0
		for k, in := range native.Instances {
			for i := range in.W {
				for j := range in.W[i] {
					worst = max(worst, math.Abs(in.W[i][j]-gomlx.Instances[k].W[i][j]))
				}
				worst = max(worst, math.Abs(in.B[i]-gomlx.Instances[k].B[i]))
			}
		}
		if worst > 1e-3 {
			t.Errorf("%s: native and GoMLX parameters differ by up to %g", c.opt, worst)
		}
		if decayed, free := squaredNormW(native), squaredNormW(run("native", 0)); !(decayed < free) {
			t.Errorf("%s: ‖W‖² with wd 0.05: %g, without: %g: want smaller", c.opt, decayed, free)
		}
		t.Logf("%s: largest parameter difference %.2g", c.opt, worst)
	}
}

// squaredNormW is Σ_k ‖W_k‖²_F over the instances of res.
func squaredNormW(res *toysup.Result) float64 {
	s := 0.0
	for _, in := range res.Instances {
		for _, w := range in.W {
			s += toysup.Dot(w, w)
		}
	}
	return s
}

// An instance's fixed training set depends on (dataset_seed, global instance) only: a shard trains bit-identically
// to its instances in the whole sweep, and another dataset_seed gives another set.
func TestFixedDatasetIndependentOfNeighbours(t *testing.T) {
	cfg := must.M1(toysup.Config{Features: 20, Hidden: 2, Instances: 3, FeatureProbability: toysup.Vector([]float64{0.1, 0.2, 0.3}),
		DatasetSize: 50, BatchSize: 16, L1Hidden: 0.01, Steps: 50, Engine: "native"}.Resolve())
	whole := must.M1(Train(context.Background(), cfg, WithProgress(nil)))
	shard := must.M1(Train(context.Background(), must.M1(cfg.Shard(1, 3)), WithProgress(nil)))
	for k := range shard.Instances {
		a, b := whole.Instances[k+1], shard.Instances[k]
		if fmt.Sprint(a.W, *a.TrainLoss, *a.TestLoss) != fmt.Sprint(b.W, *b.TrainLoss, *b.TestLoss) {
			t.Errorf("instance %d: the shard differs from the whole sweep", k+1)
		}
	}
	other := cfg
	other.DatasetSeed = new(int64(7))
	if fmt.Sprint(cfg.TrainingSet(0).Value) == fmt.Sprint(other.TrainingSet(0).Value) {
		t.Error("dataset_seed does not change the set")
	}
}
