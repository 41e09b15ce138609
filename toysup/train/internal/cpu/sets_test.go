package cpu

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// setsFixture is 8 features in 4 sets: a correlated pair {0, 1}, an anticorrelated triple {2, 3, 4} in the
// "paper" definition (member j: [p·j/3, p·(j+1)/3), so the set is active with probability p), an anticorrelated
// pair {5, 6} in the "arena" definition (member j: [p·j, p·(j+1)), each member with density p) and an independent
// feature 7, for two instances with the sets' probabilities ps[k].
var setsFixture = struct {
	set        []int
	correlated []bool
	ps         [][4]float64
}{[]int{0, 0, 1, 1, 1, 2, 2, 3}, []bool{true, false, false, false}, [][4]float64{{0.2, 0.3, 0.25, 0.05}, {0.6, 0.9, 0.5, 1}}}

// fixtureSets returns the fixture's FeatureSets with the intervals of each definition.
func fixtureSets() *FeatureSets {
	f := setsFixture
	fs := &FeatureSets{Set: slices.Clone(f.set), Correlated: slices.Clone(f.correlated)}
	for _, p := range f.ps {
		lo, hi := make([]float64, 8), make([]float64, 8)
		hi[0], hi[1], hi[7] = p[0], p[0], p[3]
		for j := 0; j < 3; j++ {
			lo[2+j], hi[2+j] = p[1]*float64(j)/3, p[1]*float64(j+1)/3
		}
		for j := 0; j < 2; j++ {
			lo[5+j], hi[5+j] = p[2]*float64(j), p[2]*float64(j+1)
		}
		fs.Lo, fs.Hi = append(fs.Lo, lo), append(fs.Hi, hi)
	}
	return fs
}

// sampleCounts draws N samples of instance k and counts, per feature, the active samples (in the non-zero list),
// the sum of their values, and per pair of features the samples where both are active; it checks each value's
// range and that the non-zero list covers the non-zero x.
func sampleCounts(t *testing.T, tr *Trainer, k, N int, lo, hi float32) (active, sum []float64, both [][]float64, equal01 int) {
	t.Helper()
	d, s, n := &tr.inst[k], tr.scr[0], tr.n
	blk := s.blk
	rng := newStream(3, 0, k, 0)
	active, sum = make([]float64, n), make([]float64, n)
	both = make([][]float64, n)
	for i := range both {
		both[i] = make([]float64, n)
	}
	on := make([]bool, n)
	for done := 0; done < N; done += blk.size {
		d.draw(&rng, blk, min(len(blk.nzOff)-1, N-done), s)
		for smp := 0; smp < blk.size; smp++ {
			x := blk.x[smp*n : smp*n+n]
			clear(on)
			for _, i := range blk.nz[blk.nzOff[smp]:blk.nzOff[smp+1]] {
				on[i] = true
			}
			for i, v := range x {
				if v != 0 && !on[i] || on[i] && (v < lo || v >= hi) {
					t.Fatalf("instance %d feature %d: value %v, listed %v, want in [%v, %v) where listed", k, i, v, on[i], lo, hi)
				}
				if !on[i] {
					continue
				}
				active[i]++
				sum[i] += float64(v)
				for j := range x {
					if on[j] {
						both[i][j]++
					}
				}
			}
			if on[0] && on[1] && x[0] == x[1] {
				equal01++
			}
		}
	}
	return active, sum, both, equal01
}

// within reports an error unless got (a frequency over N samples) is within 5 binomial standard errors of want.
func within(t *testing.T, what string, got, want float64, N int) {
	t.Helper()
	if sd := math.Sqrt(want * (1 - want) / float64(N)); math.Abs(got-want) > 5*sd+1e-12 {
		t.Errorf("%s: frequency %.5f, want %.5f ± %.5f (5σ)", what, got, want, 5*sd)
	}
}

// TestGenSetsDistribution checks the feature-set sampler against the definitions, for the tied and the abs
// (signed) models, with 200 000 samples per instance and 5σ binomial tolerances: each member's density is hi − lo
// (correlated and arena members p, paper members p/3); correlated members are active together exactly (their
// co-occurrence equals their density) with separately drawn values (at most 2 equal pairs: on the 24-bit grid an
// equal pair has probability 2^-24); anticorrelated members never co-occur and the set's marginal density is p
// (paper) or 2p (arena pair); different sets are independent (P(x0 and x2) = p₀·p₁/3); the mean non-zero value
// is 1/2 (0 for abs, values in [−1, 1)) within 5 standard errors.
func TestGenSetsDistribution(t *testing.T) {
	const N = 200_000
	for _, model := range []Model{ReLUOutput, Abs} {
		c := Config{Model: model, Features: 8, Hidden: 2, Instances: 2, BatchSize: 64, Sets: fixtureSets(),
			Importance: fill(2, 8, func(int, int) float64 { return 1 }), Workers: 1}
		W, b := randomParams(newRand(), 2, 8, 2, 0.3, 0)
		var WOut [][][]float64
		lo, hi, mean, variance := float32(0), float32(1), 0.5, 1.0/12
		if model == Abs {
			WOut, _ = randomParams(newRand(), 2, 8, 2, 0.3, 0)
			lo, mean, variance = -1, 0, 1.0/3
		}
		tr, err := NewUntiedTrainer(c, W, WOut, b)
		if err != nil {
			t.Fatal(err)
		}
		defer tr.Close()
		for k, p := range setsFixture.ps {
			name := func(what string) string { return fmt.Sprintf("%v instance %d: %s", model, k, what) }
			active, sum, both, equal := sampleCounts(t, tr, k, N, lo, hi)
			f := func(v float64) float64 { return v / N }
			density := []float64{p[0], p[0], p[1] / 3, p[1] / 3, p[1] / 3, p[2], p[2], p[3]}
			for i, want := range density {
				within(t, name(fmt.Sprintf("P(x%d ≠ 0)", i)), f(active[i]), want, N)
				if tol := 5 * math.Sqrt(variance/active[i]); math.Abs(sum[i]/active[i]-mean) > tol {
					t.Errorf("%s: mean non-zero value %.4f, want %.4f ± %.4f", name(fmt.Sprint("x", i)), sum[i]/active[i], mean, tol)
				}
			}
			if both[0][1] != active[0] || both[0][1] != active[1] {
				t.Errorf("%s: correlated members active %v and %v times, together %v", name("x0, x1"), active[0], active[1], both[0][1])
			}
			if equal > 2 {
				t.Errorf("%s: %d samples with x0 = x1 ≠ 0, want separate draws", name("x0, x1"), equal)
			}
			for _, pair := range [][2]int{{2, 3}, {2, 4}, {3, 4}, {5, 6}} {
				if v := both[pair[0]][pair[1]]; v != 0 {
					t.Errorf("%s: anticorrelated members co-occur in %v samples", name(fmt.Sprint(pair)), v)
				}
			}
			within(t, name("paper set active"), f(active[2]+active[3]+active[4]), p[1], N)
			within(t, name("arena set active"), f(active[5]+active[6]), 2*p[2], N)
			within(t, name("P(x0 and x2)"), f(both[0][2]), p[0]*p[1]/3, N)
			within(t, name("P(x5 and x7)"), f(both[5][7]), p[2]*p[3], N)
		}
	}
}

// TestAbsIndependentInputsAreSigned: with independent features the abs model's inputs are non-zero with
// probability p (5σ) and then Uniform[−1, 1): mean 0 ± 5·√(1/3/N_nz).
func TestAbsIndependentInputsAreSigned(t *testing.T) {
	const N = 200_000
	ps := []float64{1, 0.3, 0.05}
	c := Config{Model: Abs, Features: 3, Hidden: 2, Instances: 1, BatchSize: 64, FeatureProbability: [][]float64{ps},
		Importance: fill(1, 3, func(int, int) float64 { return 1 }), Workers: 1}
	W, b := randomParams(newRand(), 1, 3, 2, 0.3, 0)
	tr, err := NewUntiedTrainer(c, W, W, b)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	active, sum, _, _ := sampleCounts(t, tr, 0, N, -1, 1)
	for i, p := range ps {
		within(t, fmt.Sprintf("P(x%d ≠ 0)", i), active[i]/N, p, N)
		if tol := 5 * math.Sqrt(1.0/3/active[i]); math.Abs(sum[i]/active[i]) > tol {
			t.Errorf("x%d: mean non-zero value %.4f, want 0 ± %.4f", i, sum[i]/active[i], tol)
		}
	}
}

// modelConfig returns a training config of each new model kind and feature sampling for the determinism and
// allocation tests, with initial parameters: the fixture's sets on n = 8 features (or independent features),
// m = 3, 5 or 12 (unrolled and tiled kernels), K instances; batch 2048 for K < 16 (so that steps are cut into batch
// slices), else 256.
func modelConfig(model Model, sets bool, m, k int) (Config, [][][]float64, [][][]float64, [][]float64) {
	n := 8
	c := Config{Model: model, Features: n, Hidden: m, Instances: k, BatchSize: batchFor(k), WeightDecay: 0.01, ImportanceFloor: 1e-20, Seed: 1,
		Importance: fill(k, n, func(_, i int) float64 { return math.Pow(0.8, float64(i)) })}
	if sets {
		fs := fixtureSets()
		fs.Lo, fs.Hi = fill(k, n, func(a, i int) float64 { return fs.Lo[a%2][i] }), fill(k, n, func(a, i int) float64 { return fs.Hi[a%2][i] })
		c.Sets = fs
	} else {
		c.FeatureProbability = fill(k, n, func(a, _ int) float64 { return []float64{1, 0.3, 0.1, 0.03}[a%4] })
	}
	rng := newRand()
	W, b := randomParams(rng, k, n, m, 1/math.Sqrt(float64(m)), 0.1)
	var WOut [][][]float64
	if model == Abs {
		WOut, _ = randomParams(rng, k, n, m, 1/math.Sqrt(float64(m)), 0)
	}
	return c, W, WOut, b
}

// modelCases are the determinism and allocation tests' configurations: every model with feature sets, the new
// models with independent features, over the unrolled and tiled kernels and both ways of cutting a step (2
// instances: batch slices; 40: instance groups).
func modelCases() []modelCase {
	var out []modelCase
	for _, model := range []Model{Linear, ReLUOutput, ReLUHidden, Abs} {
		for _, sets := range []bool{false, true} {
			if !sets && (model == Linear || model == ReLUOutput) {
				continue // TestSameResultForAnyWorkerCount
			}
			for _, mk := range [][2]int{{3, 2}, {12, 2}, {5, 40}} {
				_, slices := plan(mk[1], 8, mk[0], batchFor(mk[1]))
				out = append(out, modelCase{model, sets, mk[0], mk[1], slices > 1})
			}
		}
	}
	return out
}

func batchFor(k int) int {
	if k < 16 {
		return 2048
	}
	return 256
}

type modelCase struct {
	model   Model
	sets    bool
	m, k    int
	slicing bool
}

// TestNewModelsSameResultForAnyWorkerCount extends TestSameResultForAnyWorkerCount to the relu_hidden and abs
// models and to feature sets: 1, 2 and 3 workers give bit-identical parameters and losses after 20 steps, and
// another seed changes them.
func TestNewModelsSameResultForAnyWorkerCount(t *testing.T) {
	cut := map[bool]int{}
	for _, tc := range modelCases() {
		cut[tc.slicing]++
		run := func(workers int, seed int64) ([]float32, []float64) {
			c, W, WOut, b := modelConfig(tc.model, tc.sets, tc.m, tc.k)
			c.Workers, c.Seed = workers, seed
			tr, err := NewUntiedTrainer(c, W, WOut, b)
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Close()
			loss := make([]float64, c.Instances)
			for s := 0; s < 20; s++ {
				if err := tr.Step(s, 1e-2, loss); err != nil {
					t.Fatal(err)
				}
			}
			p, _ := tr.RawParams()
			return slices.Clone(p), loss
		}
		name := fmt.Sprintf("%v sets=%v m=%d K=%d (batch slices: %v)", tc.model, tc.sets, tc.m, tc.k, tc.slicing)
		p1, l1 := run(1, 5)
		for _, w := range []int{2, 3} {
			if p, l := run(w, 5); !slices.Equal(p, p1) || !slices.Equal(l, l1) {
				t.Errorf("%s: %d workers gave different parameters or losses than 1 worker", name, w)
			}
		}
		if p, _ := run(2, 6); slices.Equal(p, p1) {
			t.Errorf("%s: seeds 5 and 6 gave the same parameters", name)
		}
		for _, v := range l1 {
			if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
				t.Errorf("%s: loss %v", name, l1)
				break
			}
		}
	}
	if cut[true] == 0 || cut[false] == 0 {
		t.Errorf("cases cut into batch slices: %d, into instance groups: %d; want both", cut[true], cut[false])
	}
}

// TestNewModelsStepDoesNotAllocate: a step of the new models and of feature sets allocates nothing.
func TestNewModelsStepDoesNotAllocate(t *testing.T) {
	for _, tc := range modelCases() {
		c, W, WOut, b := modelConfig(tc.model, tc.sets, tc.m, tc.k)
		c.Workers = 2
		tr, err := NewUntiedTrainer(c, W, WOut, b)
		if err != nil {
			t.Fatal(err)
		}
		loss := make([]float64, c.Instances)
		step := 0
		if allocs := testing.AllocsPerRun(5, func() { _ = tr.Step(step, 1e-3, loss); step++ }); allocs != 0 {
			t.Errorf("%v sets=%v m=%d K=%d: %v allocations per step, want 0", tc.model, tc.sets, tc.m, tc.k, allocs)
		}
		tr.Close()
	}
}

// TestNewModelsNonFiniteWeightsReachTheLoss: a NaN or infinity in W (or, for abs, in WOut) makes the affected
// instance's step loss non-finite in every relu_hidden and abs kernel family, with dense inputs (the hidden ReLU
// must not hide a NaN, and ±Inf·0 is NaN), while the other instance stays finite.
func TestNewModelsNonFiniteWeightsReachTheLoss(t *testing.T) {
	defaultNaN := float64(math.Float32frombits(0xffc00000))
	for _, bad := range []float64{defaultNaN, math.NaN(), math.Inf(1), math.Inf(-1)} {
		for _, model := range []Model{ReLUHidden, Abs} {
			for _, nm := range [][2]int{{3, 1}, {20, 5}, {40, 30}} {
				n, m := nm[0], nm[1]
				c := Config{Model: model, Features: n, Hidden: m, Instances: 2, BatchSize: 64,
					FeatureProbability: fill(2, n, func(int, int) float64 { return 1 }),
					Importance:         fill(2, n, func(int, int) float64 { return 1 }), Workers: 1}
				W, b := randomParams(newRand(), 2, n, m, 0.3, 0)
				var WOut [][][]float64
				if model == Abs {
					WOut, _ = randomParams(newRand(), 2, n, m, 0.3, 0)
				}
				W[1][0][0] = bad
				tr := newUntied(t, c, W, WOut, b)
				loss := make([]float64, 2)
				if err := tr.Step(0, 1e-3, loss); err != nil {
					t.Fatal(err)
				}
				if math.IsNaN(loss[0]) || math.IsInf(loss[0], 0) || !(math.IsNaN(loss[1]) || math.IsInf(loss[1], 0)) {
					t.Errorf("%v n=%d m=%d, W = %v: losses %v, want instance 1 non-finite and instance 0 finite", model, n, m, bad, loss)
				}
			}
		}
	}
}

func newUntied(tb testing.TB, c Config, W, WOut [][][]float64, b [][]float64) *Trainer {
	tb.Helper()
	tr, err := NewUntiedTrainer(c, W, WOut, b)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(tr.Close)
	return tr
}

// TestSetsConfigErrors: bad feature sets and a missing or unexpected WOut are rejected, naming what is wrong.
func TestSetsConfigErrors(t *testing.T) {
	cases := map[string]func(c *Config, WOut *[][][]float64){
		"set has":       func(c *Config, _ *[][][]float64) { c.Sets.Set = c.Sets.Set[:3] },
		"set[2] = 9":    func(c *Config, _ *[][][]float64) { c.Sets.Set[2] = 9 },
		"no features":   func(c *Config, _ *[][][]float64) { c.Sets.Correlated = append(c.Sets.Correlated, false) },
		"sets.hi[1][4]": func(c *Config, _ *[][][]float64) { c.Sets.Hi[1][4] = 1.5 },
		"lo = 0.3":      func(c *Config, _ *[][][]float64) { c.Sets.Lo[0][0] = 0.3 },
		"WOut given":    func(_ *Config, WOut *[][][]float64) { *WOut = nil },
	}
	for want, mutate := range cases {
		c, W, WOut, b := modelConfig(Abs, true, 3, 2)
		mutate(&c, &WOut)
		if _, err := NewUntiedTrainer(c, W, WOut, b); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v", want, err)
		}
	}
	c, W, WOut, b := modelConfig(ReLUHidden, false, 3, 2)
	if _, err := NewUntiedTrainer(c, W, W, b); err == nil || !strings.Contains(err.Error(), "WOut") || WOut != nil {
		t.Errorf("relu_hidden with WOut: error %v", err)
	}
}
