package cpu

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// replayBatch rebuilds the batch Step(step) draws, `[B][K][n]`, by replaying each instance's slice streams in the
// order runChunk and runInstance use them.
func replayBatch(t *Trainer, step int) []float64 {
	x := make([]float64, t.b*t.k*t.n)
	blk := newBlock(blockCapacity(t.n), t.n)
	capacity := len(blk.nzOff) - 1
	for c, ch := range t.chunks {
		for k := ch.k0; k < ch.k1; k++ {
			rng := newStream(t.cfg.Seed, step, t.cfg.FirstInstance+k, c%t.slices)
			for done := ch.s0; done < ch.s1; done += capacity {
				cnt := min(capacity, ch.s1-done)
				t.inst[k].gen(&rng, blk, cnt)
				for s := 0; s < cnt; s++ {
					for i := 0; i < t.n; i++ {
						x[((done+s)*t.k+k)*t.n+i] = float64(blk.x[s*t.n+i])
					}
				}
			}
		}
	}
	return x
}

// TestStepIsOneAdamWStepOnItsBatch checks a whole fused step — data, loss, gradient, slice reduction, AdamW —
// against the float64 reference on the replayed batch. Adam's first step moves every parameter by
// −lr·(g/(|g| + ε) + wd·p), i.e. by lr against the sign of its gradient; we check that where |g| > 1e-5 (so ε/|g|
// ≤ 1e-3) to 2e-3·lr, and the step's loss to relative 1e-5. The configurations cover the three kernel families and
// both ways of cutting a step (batch slices for few instances, instance groups for many).
func TestStepIsOneAdamWStepOnItsBatch(t *testing.T) {
	for _, name := range []string{"a", "b", "c", "d"} {
		c, W, b := benchConfig(name)
		if name == "c" {
			c.BatchSize = 128 // keep the float64 reference quick
		}
		c.Workers = 2
		tr := newTrainer(t, c, W, b)
		const lr = 1e-3
		step := 0
		x := replayBatch(tr, step)
		want, dW, db, err := LossGrad64(c.Model, W, b, floored(c), x, c.BatchSize)
		if err != nil {
			t.Fatal(err)
		}
		loss := make([]float64, c.Instances)
		if err := tr.Step(step, lr, loss); err != nil {
			t.Fatal(err)
		}
		for k := range loss {
			if math.Abs(loss[k]-want[k]) > 1e-5*want[k] {
				t.Errorf("%s: instance %d: step loss %g, reference %g", name, k, loss[k], want[k])
			}
		}
		W1, b1 := tr.Params()
		checked := 0
		expect := func(where string, p0, p1, g float64) {
			if math.Abs(g) <= 1e-5 {
				return
			}
			p0 = float64(float32(p0))
			step := -lr * (math.Copysign(1, g) + c.WeightDecay*p0)
			if math.Abs((p1-p0)-step) > 2e-3*lr {
				t.Errorf("%s %s: moved by %g, want %g (gradient %g)", name, where, p1-p0, step, g)
			}
			checked++
		}
		for k := range W {
			for i := range W[k] {
				for j := range W[k][i] {
					expect("W", W[k][i][j], W1[k][i][j], dW[k][i][j])
				}
				expect("b", b[k][i], b1[k][i], db[k][i])
			}
		}
		if total := c.Instances * (c.Features*c.Hidden + c.Features); checked < total/2 {
			t.Errorf("%s: only %d of %d parameters had a gradient above 1e-5", name, checked, total)
		}
	}
}

// TestSGDStepIsGradientDescent checks one fused step with SGD against the float64 reference on the replayed
// batch: every parameter moves by exactly −lr·(g + wd·p), to float32 rounding of the gradient (relative 1e-4 of
// the largest step, measured ≤ 1e-6), for the three kernel families; the moments stay untouched.
func TestSGDStepIsGradientDescent(t *testing.T) {
	for _, name := range []string{"a", "b", "c", "d"} {
		const lr, wd = 0.05, 0.3
		var want, got []float64
		tr := firstStep(t, name, SGD, lr, wd, func(p0, p1, g float64) {
			want, got = append(want, -lr*(g+wd*p0)), append(got, p1-p0)
		})
		scale := 0.0
		for _, w := range want {
			scale = max(scale, math.Abs(w))
		}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-4*scale {
				t.Fatalf("%s: parameter %d moved by %g, want %g (largest step %g)", name, i, got[i], want[i], scale)
			}
		}
		if slices.ContainsFunc(tr.mo, func(v float32) bool { return v != 0 }) || slices.ContainsFunc(tr.ve, func(v float32) bool { return v != 0 }) {
			t.Errorf("%s: SGD wrote Adam's moments", name)
		}
	}
}

// TestAdamL2StepMovesAgainstTheRegularisedGradient: with the L2 rule Adam's first step moves every parameter by
// −lr·sign(g + wd·p) — the weight decay joins the gradient before the moments, so no separate decay term — checked
// where |g + wd·p| > 1e-5 (ε/|·| ≤ 1e-3) to 2e-3·lr, for the three kernel families.
func TestAdamL2StepMovesAgainstTheRegularisedGradient(t *testing.T) {
	for _, name := range []string{"a", "b", "c", "d"} {
		const lr, wd = 1e-3, 0.5
		flipped := 0
		firstStep(t, name, AdamL2, lr, wd, func(p0, p1, g float64) {
			if math.Abs(g+wd*p0) <= 1e-5 {
				return
			}
			if want := -lr * math.Copysign(1, g+wd*p0); math.Abs((p1-p0)-want) > 2e-3*lr {
				t.Fatalf("%s: moved by %g, want %g (regularised gradient %g)", name, p1-p0, want, g+wd*p0)
			}
			if math.Signbit(g) != math.Signbit(g+wd*p0) {
				flipped++
			}
		})
		if flipped == 0 {
			t.Errorf("%s: the L2 term never changed a step's sign: the check cannot tell it from Adam", name)
		}
	}
}

// firstStep trains bench config name (batch 128 for "c") one step with rule at lr and weight decay wd, and calls
// check for every parameter with its value before (rounded to float32) and after the step and its float64
// reference gradient on the replayed batch.
func firstStep(t *testing.T, name string, rule Rule, lr, wd float64, check func(p0, p1, g float64)) *Trainer {
	t.Helper()
	c, W, b := benchConfig(name)
	if name == "c" {
		c.BatchSize = 128
	}
	c.Workers, c.Rule, c.WeightDecay = 2, rule, wd
	tr := newTrainer(t, c, W, b)
	x := replayBatch(tr, 0)
	_, dW, db, err := LossGrad64(c.Model, W, b, floored(c), x, c.BatchSize)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Step(0, lr, make([]float64, c.Instances)); err != nil {
		t.Fatal(err)
	}
	W1, b1 := tr.Params()
	for k := range W {
		for i := range W[k] {
			for j := range W[k][i] {
				check(float64(float32(W[k][i][j])), W1[k][i][j], dW[k][i][j])
			}
			check(float64(float32(b[k][i])), b1[k][i], db[k][i])
		}
	}
	return tr
}

// floored returns cfg's importance with the floor applied, as the engine trains with.
func floored(c Config) [][]float64 {
	return fill(c.Instances, c.Features, func(k, i int) float64 { return max(c.Importance[k][i], c.ImportanceFloor) })
}

// TestSameResultForAnyWorkerCount trains each configuration with 1, 2 and 3 workers: the parameters and losses
// must be bit-identical (the chunk plan, the streams and the reduction order depend on the config only), and a
// different seed must change them.
func TestSameResultForAnyWorkerCount(t *testing.T) {
	for _, name := range []string{"a", "b", "c", "d"} {
		run := func(workers int, seed int64) ([]float32, []float64) {
			c, W, b := benchConfig(name)
			c.Workers, c.Seed = workers, seed
			c.BatchSize = 256
			tr := newTrainer(t, c, W, b)
			loss := make([]float64, c.Instances)
			for s := 0; s < 30; s++ {
				if err := tr.Step(s, 1e-2, loss); err != nil {
					t.Fatal(err)
				}
			}
			p, _ := tr.RawParams()
			return slices.Clone(p), loss
		}
		p1, l1 := run(1, 5)
		for _, w := range []int{2, 3} {
			p, l := run(w, 5)
			if !slices.Equal(p, p1) || !slices.Equal(l, l1) {
				t.Errorf("%s: %d workers gave different parameters or losses than 1 worker", name, w)
			}
		}
		if p, _ := run(2, 6); slices.Equal(p, p1) {
			t.Errorf("%s: seeds 5 and 6 gave the same parameters", name)
		}
	}
}

// TestGenDistribution checks the data of one instance against its law: feature i is non-zero with probability
// p_i and then Uniform[0, 1), so the non-zero fraction is p ± 5σ (σ² = p(1−p)/N) and the mean of the non-zero
// values is 1/2 ± 5·√(1/12/N_nz); values lie in [0, 1); and the non-zero lists match x.
func TestGenDistribution(t *testing.T) {
	ps := []float64{1, 0.3, 0.05, 0.003, 0.5}
	c := Config{Model: ReLUOutput, Features: len(ps), Hidden: 1, Instances: 1, BatchSize: 1,
		FeatureProbability: [][]float64{ps}, Importance: fill(1, len(ps), func(int, int) float64 { return 1 })}
	tr := newTrainer(t, c, [][][]float64{{{0}, {0}, {0}, {0}, {0}}}, [][]float64{make([]float64, len(ps))})
	d := &tr.inst[0]
	n := len(ps)
	blk := newBlock(blockCapacity(n), n)
	rng := newStream(1, 0, 0, 0)
	const N = 200_000
	nonzero := make([]float64, n)
	sum := make([]float64, n)
	for done := 0; done < N; done += blk.size {
		d.gen(&rng, blk, min(len(blk.nzOff)-1, N-done))
		for s := 0; s < blk.size; s++ {
			x := blk.x[s*n : s*n+n]
			var want []int32
			for i, v := range x {
				if v < 0 || v >= 1 {
					t.Fatalf("x[%d] = %v outside [0, 1)", i, v)
				}
				if v != 0 {
					want = append(want, int32(i))
					nonzero[i]++
					sum[i] += float64(v)
				}
			}
			if got := blk.nz[blk.nzOff[s]:blk.nzOff[s+1]]; !slices.Equal(got, want) {
				t.Fatalf("non-zero list %v, x has %v", got, want)
			}
		}
	}
	for i, p := range ps {
		frac := nonzero[i] / N
		if sigma := math.Sqrt(p * (1 - p) / N); math.Abs(frac-p) > 5*sigma+1e-12 {
			t.Errorf("feature %d: non-zero fraction %g, want %g ± %g", i, frac, p, 5*sigma)
		}
		mean := sum[i] / nonzero[i]
		if tol := 5 * math.Sqrt(1.0/12/nonzero[i]); math.Abs(mean-0.5) > tol {
			t.Errorf("feature %d: mean non-zero value %g, want 0.5 ± %g", i, mean, tol)
		}
	}
}

// TestAdamMatchesFloat64 runs AdamW's update for 50 steps on random gradients in float32 and in float64 (the
// textbook formula): parameters agree to 1e-5 (float32 rounding over 50 steps of size 1e-2).
func TestAdamMatchesFloat64(t *testing.T) {
	const n, lr, wd = 7, 1e-2, 0.1
	p32, m32, v32, g32 := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	p64, m64, v64 := make([]float64, n), make([]float64, n), make([]float64, n)
	rng := newStream(9, 9, 9, 0)
	for i := range p32 {
		p64[i] = float64(int64(rng.next()>>40)-1<<23) / (1 << 23)
		p32[i] = float32(p64[i])
		p64[i] = float64(p32[i])
	}
	for step := 0; step < 50; step++ {
		a := newOptStep(step, lr, wd, AdamW)
		for i := range g32 {
			g32[i] = float32(int64(rng.next()>>40)-1<<23) / (1 << 20)
		}
		a.update(p32, m32, v32, g32)
		t1 := float64(step + 1)
		for i := range p64 {
			g := float64(g32[i])
			m64[i] = Beta1*m64[i] + (1-Beta1)*g
			v64[i] = Beta2*v64[i] + (1-Beta2)*g*g
			mhat, vhat := m64[i]/(1-math.Pow(Beta1, t1)), v64[i]/(1-math.Pow(Beta2, t1))
			p64[i] -= lr * (mhat/(math.Sqrt(vhat)+Epsilon) + wd*p64[i])
		}
	}
	for i := range p64 {
		if math.Abs(float64(p32[i])-p64[i]) > 1e-5 {
			t.Errorf("parameter %d: float32 %g, float64 %g", i, p32[i], p64[i])
		}
	}
}

// TestPlanCoversTheBatch checks that every plan covers each (instance, sample) exactly once and gives at least 2
// chunks when there is work for 2 workers.
func TestPlanCoversTheBatch(t *testing.T) {
	for _, c := range [][4]int{{1, 20, 5, 1024}, {7, 20, 5, 1024}, {1, 400, 30, 1024}, {400, 2, 1, 1024}, {10_000, 2, 1, 1024}, {3, 5, 2, 7}, {1, 1, 1, 1}, {17, 3, 3, 100}} {
		k, n, m, b := c[0], c[1], c[2], c[3]
		chunks, slices := plan(k, n, m, b)
		seen := make([]int, k*b)
		for _, ch := range chunks {
			if slices > 1 && ch.k1-ch.k0 != 1 {
				t.Errorf("%v: a batch-slice chunk covers %d instances", c, ch.k1-ch.k0)
			}
			for i := ch.k0; i < ch.k1; i++ {
				for s := ch.s0; s < ch.s1; s++ {
					seen[i*b+s]++
				}
			}
		}
		for i, v := range seen {
			if v != 1 {
				t.Fatalf("%v: instance %d sample %d covered %d times", c, i/b, i%b, v)
			}
		}
		if k*b*n*m >= 1<<20 && len(chunks) < 2 {
			t.Errorf("%v: %d chunks", c, len(chunks))
		}
	}
}

// TestConfigErrors checks that bad configs name their field.
func TestConfigErrors(t *testing.T) {
	good, W, b := benchConfig("a")
	cases := map[string]func(c *Config){
		"features":            func(c *Config) { c.Features = 0 },
		"feature_probability": func(c *Config) { c.FeatureProbability[0][3] = 1.5 },
		"importance":          func(c *Config) { c.Importance[0][0] = -1 },
		"weight_decay":        func(c *Config) { c.WeightDecay = 2 },
		"model":               func(c *Config) { c.Model = 99 },
	}
	for field, mutate := range cases {
		c := good
		c.FeatureProbability = fill(1, 20, func(int, int) float64 { return 0.1 })
		c.Importance = fill(1, 20, func(int, int) float64 { return 1 })
		mutate(&c)
		_, err := NewTrainer(c, W, b)
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("%s: error %v does not name the field", field, err)
		}
	}
}

// TestNonFiniteWeightsReachTheLoss puts a NaN (x86's default NaN, sign bit set) or an infinity into one weight:
// for every kernel family and both models, the affected instance's step loss must be non-finite (a ReLU must not
// hide a NaN pre-activation), so that the caller's finiteness check stops training.
func TestNonFiniteWeightsReachTheLoss(t *testing.T) {
	defaultNaN := float64(math.Float32frombits(0xffc00000))
	for _, bad := range []float64{defaultNaN, math.NaN(), math.Inf(1), math.Inf(-1)} {
		for _, model := range []Model{Linear, ReLUOutput} {
			for _, nm := range [][2]int{{3, 1}, {20, 5}, {40, 30}} {
				n, m := nm[0], nm[1]
				c := Config{Model: model, Features: n, Hidden: m, Instances: 2, BatchSize: 64,
					FeatureProbability: fill(2, n, func(int, int) float64 { return 1 }),
					Importance:         fill(2, n, func(int, int) float64 { return 1 }), Workers: 1}
				W, b := randomParams(newRand(), 2, n, m, 0.3, 0)
				W[1][0][0] = bad
				tr := newTrainer(t, c, W, b)
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
