package toysup

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/janpfeifer/must"
)

// The native engine's float32 gradients equal GoMLX autodiff's (float64) on random small models and batches,
// for every model kind, each feature sampling (independent, correlated, anticorrelated "paper" and "arena") and
// each kernel family (m = 1, the unrolled m ≤ 8, the tiled m > 8): |native − GoMLX| ≤ 2e-5·(largest |gradient| of
// the instance) and the losses agree to relative 1e-5.
func TestNativeGradientsMatchGoMLX(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	sizes := [][2]int{{2, 1}, {6, 3}, {20, 5}, {12, 11}}
	for _, model := range []string{ModelLinear, ModelReLUOutput} {
		for _, nm := range sizes {
			n, m := nm[0], nm[1]
			cfg := gradCheckConfig(t, model, n, m, nil)
			p := gradCheckParams(cfg, rng)
			x := MustNewGenerator(cfg.FeatureProbabilities(), uint64(n*m)).Sample(200)
			compareNativeGradients(t, fmt.Sprintf("%s n=%d m=%d", model, n, m), cfg, p, x)
		}
	}
	for _, sampling := range []string{"independent", "correlated", "paper", "arena"} {
		for _, model := range ModelKinds {
			if sampling == "independent" && (model == ModelLinear || model == ModelReLUOutput) {
				continue // above
			}
			for _, nm := range sizes {
				n, m := nm[0], nm[1]
				cfg := gradCheckConfig(t, model, n, m, featureSetsFor(sampling, n))
				p := gradCheckParams(cfg, rng)
				x := must.M1(NewConfigGenerator(cfg, uint64(n*m))).Sample(200)
				compareNativeGradients(t, fmt.Sprintf("%s %s n=%d m=%d", model, sampling, n, m), cfg, p, x)
			}
		}
	}
}

// featureSetsFor sets the feature sets of a sampling kind on cfg (nil for independent features): pairs and, for
// n ≥ 5, a triple; with probabilities whose "arena" sets fit (p·size ≤ 1).
func featureSetsFor(sampling string, n int) func(c *Config) {
	sets := [][]int{{0, 1}}
	if n >= 5 {
		sets = append(sets, []int{2, 3, 4})
	}
	switch sampling {
	case "correlated":
		return func(c *Config) { c.Correlated = sets }
	case "paper":
		return func(c *Config) { c.Anticorrelated, c.AnticorrelatedMode = sets, AnticorrelatedPaper }
	case "arena":
		return func(c *Config) {
			c.Anticorrelated, c.AnticorrelatedMode = sets, AnticorrelatedARENA
			c.FeatureProbability = Vector([]float64{0.3, 0.2, 0.05})
		}
	}
	return nil
}

// gradCheckConfig is a resolved 3-instance config for the gradient checks (1−S ∈ {1, 0.3, 0.05}, I = 0.8^i).
func gradCheckConfig(t *testing.T, model string, n, m int, sets func(c *Config)) Config {
	t.Helper()
	decay := 0.8
	cfg := Config{Model: model, Features: n, Hidden: m, Instances: 3, ImportanceDecay: &decay,
		FeatureProbability: Vector([]float64{1, 0.3, 0.05}), Steps: 1, Seed: int64(n + m), Engine: "native"}
	if sets != nil {
		sets(&cfg)
	}
	cfg, err := cfg.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// gradCheckParams is cfg's initial parameters with a random bias ~ N(0, 0.3²).
func gradCheckParams(cfg Config, rng *rand.Rand) Params {
	p := InitParams(cfg)
	for k := range p.B {
		for i := range p.B[k] {
			p.B[k][i] = 0.3 * rng.NormFloat64()
		}
	}
	return p
}

// compareNativeGradients checks the native engine's loss and gradients on batch x against GoMLX autodiff's.
func compareNativeGradients(t *testing.T, name string, cfg Config, p Params, x Batch) {
	t.Helper()
	lossN, gN, err := nativeGradients(cfg, p, x)
	if err != nil {
		t.Fatal(err)
	}
	lossG, gG, err := GoMLXGradients(cfg, p, x)
	if err != nil {
		t.Fatal(err)
	}
	if (gG.WOut == nil) != (gN.WOut == nil) || (gG.WOut == nil) != (cfg.Model != ModelAbs) {
		t.Fatalf("%s: WOut gradient native %v, GoMLX %v", name, gN.WOut != nil, gG.WOut != nil)
	}
	for k := range lossN {
		if math.Abs(lossN[k]-lossG[k]) > 1e-5*lossG[k] {
			t.Errorf("%s instance %d: native loss %g, GoMLX %g", name, k, lossN[k], lossG[k])
		}
		matrices := map[string][2][][]float64{"dW": {gN.W[k], gG.W[k]}}
		if gG.WOut != nil {
			matrices["dWOut"] = [2][][]float64{gN.WOut[k], gG.WOut[k]}
		}
		scale := 1e-6
		for i := range gG.B[k] {
			scale = max(scale, math.Abs(gG.B[k][i]))
			for _, M := range matrices {
				for _, v := range M[1][i] {
					scale = max(scale, math.Abs(v))
				}
			}
		}
		for i := range gG.B[k] {
			if math.Abs(gN.B[k][i]-gG.B[k][i]) > 2e-5*scale {
				t.Errorf("%s: db[%d][%d] native %g, GoMLX %g", name, k, i, gN.B[k][i], gG.B[k][i])
			}
			for what, M := range matrices {
				for j := range M[1][i] {
					if math.Abs(M[0][i][j]-M[1][i][j]) > 2e-5*scale {
						t.Errorf("%s: %s[%d][%d][%d] native %g, GoMLX %g", name, what, k, i, j, M[0][i][j], M[1][i][j])
					}
				}
			}
		}
	}
}

// Both engines trained on the Section 2 sweep (n=20, m=5, I=0.7^i, 1−S from 1 to 0.001; batch 256, lr 0.01 with
// cosine decay, 2000 steps, to keep the test short) reach the same solution on the dense instances (1−S ≥ 0.1):
// the same represented features and evaluated losses within 2 % (measured: within 0.2 % on seeds 1–3). On the
// sparse instances the engines draw different data and settle in different local optima (losses differ by up to
// 10×), so we only require the same qualitative solution: more than m = 5 features represented, and for
// 1−S ≤ 0.01 in superposition (D* < 1/2; at 1−S = 0.03 both engines sit at the transition, D* ≈ 0.50).
func TestNativeAndGoMLXAgreeOnSection2Sweep(t *testing.T) {
	decay := 0.7
	cfg := Config{Model: ModelReLUOutput, Features: 20, Hidden: 5, Instances: 7, ImportanceDecay: &decay,
		FeatureProbability: Vector([]float64{1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001}), Steps: 2000, BatchSize: 256,
		LearningRate: 0.01, LRSchedule: "cosine", Seed: 1}
	native, gomlx := trainOn(t, "native", cfg), trainOn(t, "gomlx", cfg)
	if native.Run.Engine != "native" || gomlx.Run.Engine != "gomlx" {
		t.Fatalf("engines ran: %q, %q", native.Run.Engine, gomlx.Run.Engine)
	}
	aN, aG := native.MustAnalyze(100_000, 5), gomlx.MustAnalyze(100_000, 5)
	represented := func(a Analysis) []int {
		var out []int
		for i, norm := range a.Norms {
			if norm > RepresentedThreshold {
				out = append(out, i)
			}
		}
		return out
	}
	for k := range aN {
		p := cfg.FeatureProbabilities()[k][0]
		if p >= 0.1 {
			if rN, rG := represented(aN[k]), represented(aG[k]); !slices.Equal(rN, rG) {
				t.Errorf("1−S=%g: native represents features %v, GoMLX %v", p, rN, rG)
			}
			if d := math.Abs(aN[k].EvalLoss/aG[k].EvalLoss - 1); d > 0.02 {
				t.Errorf("1−S=%g: evaluated loss native %.5g, GoMLX %.5g (%.1f%% apart, want ≤ 2%%)", p, aN[k].EvalLoss, aG[k].EvalLoss, 100*d)
			}
			continue
		}
		for _, e := range []struct {
			name string
			a    Analysis
		}{{"native", aN[k]}, {"gomlx", aG[k]}} {
			if e.a.Represented <= 5 || p <= 0.01 && e.a.DimensionsPerFeature >= 0.5 {
				t.Errorf("1−S=%g: %s represents %d features with D* = %.3f; want > 5 (and D* < 0.5 for 1−S ≤ 0.01)", p, e.name, e.a.Represented, e.a.DimensionsPerFeature)
			}
		}
	}
}

// The native engine trains every model kind and feature sampling on the CPU and declines GoMLX backends with a
// reason; "auto" picks it for every config on the default backend.
func TestNativeSupportsAndAutoSelection(t *testing.T) {
	base := Config{Features: 4, Hidden: 2, Steps: 10}
	cases := []struct {
		mutate  func(c *Config)
		native  string // "" when supported, else a word of the reason
		autoPks string // engine "auto" picks
	}{
		{func(c *Config) { c.Model = ModelReLUOutput }, "", "native"},
		{func(c *Config) { c.Model = ModelLinear }, "", "native"},
		{func(c *Config) { c.Model = ModelReLUHidden }, "", "native"},
		{func(c *Config) { c.Model = ModelAbs }, "", "native"},
		{func(c *Config) { c.Correlated = [][]int{{0, 1}} }, "", "native"},
		{func(c *Config) { c.Anticorrelated = [][]int{{0, 1}, {2, 3}} }, "", "native"},
		{func(c *Config) {
			c.Model, c.Anticorrelated, c.AnticorrelatedMode = ModelAbs, [][]int{{0, 1}}, AnticorrelatedARENA
			c.FeatureProbability = Scalar(0.5)
		}, "", "native"},
		{func(c *Config) { c.Backend = "xla:cpu" }, "backend", ""},
	}
	for _, tc := range cases {
		cfg := base
		tc.mutate(&cfg)
		resolved, err := cfg.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		err = nativeEngine{}.Supports(resolved)
		if tc.native == "" && err != nil || tc.native != "" && (err == nil || !strings.Contains(err.Error(), tc.native)) {
			t.Errorf("%+v: Supports = %v, want reason mentioning %q", resolved.Model, err, tc.native)
		}
		if tc.autoPks == "" {
			continue
		}
		e, err := SelectEngine(resolved)
		if err != nil || e.Name() != tc.autoPks {
			t.Errorf("model %s: auto picked %v (%v), want %s", resolved.Model, e, err, tc.autoPks)
		}
	}
}

// The native engine's result does not depend on how many cores it runs on: GOMAXPROCS 1 and 2 give the same
// weights and loss history, bit for bit (fixed chunks, per-chunk random streams, fixed reduction order).
func TestNativeSameResultOnAnyCoreCount(t *testing.T) {
	decay := 0.7
	cfg := Config{Features: 20, Hidden: 5, Instances: 3, ImportanceDecay: &decay, FeatureProbability: Vector([]float64{1, 0.1, 0.01}),
		Steps: 40, BatchSize: 512, Seed: 3}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var results []*Result
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		results = append(results, trainOn(t, "native", cfg))
	}
	a, b := results[0], results[1]
	for k := range a.Instances {
		for i := range a.Instances[k].W {
			if !slices.Equal(a.Instances[k].W[i], b.Instances[k].W[i]) {
				t.Fatalf("instance %d row %d: GOMAXPROCS 1 gives %v, 2 gives %v", k, i, a.Instances[k].W[i], b.Instances[k].W[i])
			}
		}
	}
	for s := range a.LossHistory.Loss {
		if !slices.Equal(a.LossHistory.Loss[s], b.LossHistory.Loss[s]) {
			t.Fatalf("loss history differs at step %d", a.LossHistory.Step[s])
		}
	}
}
