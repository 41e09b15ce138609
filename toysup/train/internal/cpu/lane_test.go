package cpu

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestLaneArgsLayout checks the laneArgs field offsets that lane_amd64.h gives the assembly.
func TestLaneArgsLayout(t *testing.T) {
	f, err := os.Open("lane_amd64.h")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	typ := reflect.TypeFor[laneArgs]()
	seen := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 || fs[0] != "#define" || !strings.HasPrefix(fs[1], "lane_") {
			continue
		}
		off, err := strconv.Atoi(fs[2])
		if err != nil {
			continue
		}
		fld, ok := typ.FieldByName(strings.TrimPrefix(fs[1], "lane_"))
		if !ok || int(fld.Offset) != off || fld.Type.Size() != 8 {
			t.Errorf("lane_amd64.h: %s = %d; laneArgs has %v at offset %d", fs[1], off, fld.Type, fld.Offset)
		}
		seen++
	}
	if seen != typ.NumField() {
		t.Errorf("lane_amd64.h defines %d offsets, laneArgs has %d fields", seen, typ.NumField())
	}
}

// laneModels are the model kinds with lane kernels.
var laneModels = []Model{Linear, ReLUOutput, ReLUHidden, Abs}

// laneInstance returns a one-instance trainer of the model on path l (its instance data and scratch are what
// the block kernels need) with random parameters (biases of both signs, so that ReLU rows are both active and
// inactive) and importances.
func laneInstance(t testing.TB, l simdLevel, model Model, n, m, batch int, seed uint64) *Trainer {
	t.Helper()
	old := kernelLevel
	kernelLevel = l
	defer func() { kernelLevel = old }()
	rng := rand.New(rand.NewPCG(seed, 99))
	W, b := randomParams(rng, 1, n, m, 1/math.Sqrt(float64(m)), 0.3)
	var WOut [][][]float64
	if model == Abs {
		WOut, _ = randomParams(rng, 1, n, m, 1/math.Sqrt(float64(m)), 0)
	}
	c := Config{Model: model, Features: n, Hidden: m, Instances: 1, BatchSize: batch, Workers: 1,
		FeatureProbability: fill(1, n, func(int, int) float64 { return 0.5 }),
		Importance:         fill(1, n, func(_, i int) float64 { return 0.3 + rng.Float64() })}
	return newUntied(t, c, W, WOut, b)
}

// blockRef64 is the float64 reference of a block kernel (see [blockKernel]) on instance d and the block's samples
// x `[size][n]`: the loss and the gradient g (dW `[n][m]`, db `[n]`, then dWout `[n][m]` for abs, m = mp) and, per
// gradient entry, the scale of float32 rounding errors: the same sums with every quantity replaced by the sum of
// its terms' absolute values (|h| by Σ|x W|, |z| by |b| + Σ|Wout| |h|, |d| by c2 (|z| + |t|), |g| by Σ|d| |Wout|),
// as forward error bounds are built.
func blockRef64(d *instanceData, model Model, x []float32, size int) (loss float64, g, scale []float64) {
	n, m := d.n, d.mp
	f := func(v float32) float64 { return float64(v) }
	W, Wo := d.W, d.W
	parts := 1
	if model == Abs {
		Wo, parts = d.more.Wout, 2
	}
	g, scale = make([]float64, parts*n*m+n), make([]float64, parts*n*m+n)
	dW, db, dWo := g[:n*m], g[n*m:n*m+n], g[:n*m]
	sW, sb, sWo := scale[:n*m], scale[n*m:n*m+n], scale[:n*m]
	if model == Abs {
		dWo, sWo = g[n*m+n:], scale[n*m+n:]
	}
	hidden := model == ReLUHidden || model == Abs
	h, ha, gv, ga := make([]float64, m), make([]float64, m), make([]float64, m), make([]float64, m)
	for s := 0; s < size; s++ {
		xs := x[s*n : s*n+n]
		for j := range h {
			h[j], ha[j], gv[j], ga[j] = 0, 0, 0, 0
			for i := 0; i < n; i++ {
				h[j] += f(xs[i]) * f(W[i*m+j])
				ha[j] += math.Abs(f(xs[i]) * f(W[i*m+j]))
			}
			if hidden && h[j] < 0 {
				h[j] = 0
			}
		}
		for i := 0; i < n; i++ {
			z, za := f(d.b[i]), math.Abs(f(d.b[i]))
			for j := 0; j < m; j++ {
				z += f(Wo[i*m+j]) * h[j]
				za += math.Abs(f(Wo[i*m+j])) * ha[j]
			}
			y, slope := z, 1.0
			if model != Linear && z <= 0 {
				y, slope = 0, 0
			}
			target := f(xs[i])
			if model == Abs {
				target = math.Abs(target)
			}
			r := y - target
			loss += f(d.imp[i]) * r * r
			di, da := f(d.c2[i])*r*slope, f(d.c2[i])*(za+math.Abs(target))*slope
			db[i] += di
			sb[i] += da
			for j := 0; j < m; j++ {
				dWo[i*m+j] += di * h[j]
				sWo[i*m+j] += da * ha[j]
				gv[j] += di * f(Wo[i*m+j])
				ga[j] += da * math.Abs(f(Wo[i*m+j]))
			}
		}
		for j := range gv {
			if hidden && h[j] <= 0 {
				gv[j], ga[j] = 0, 0
			}
		}
		for i := 0; i < n; i++ {
			for j := 0; j < m; j++ {
				dW[i*m+j] += f(xs[i]) * gv[j]
				sW[i*m+j] += math.Abs(f(xs[i])) * ga[j]
			}
		}
	}
	return loss, g, scale
}

// laneBlock returns a block of `size` random samples of n features for the model (each non-zero with
// probability p: Uniform[0, 1), signed for abs), with NaN written past the samples so that a kernel that reads a
// dead lane's x shows it.
func laneBlock(rng *rand.Rand, model Model, n, size int, p float64) *block {
	x := make([]float64, size*n)
	for i := range x {
		if rng.Float64() < p {
			x[i] = rng.Float64()
			if model == Abs {
				x[i] = 2*x[i] - 1
			}
		}
	}
	blk := newBlock(blockCapacity(n), n)
	for i := range blk.x[:cap(blk.x)] {
		blk.x[:cap(blk.x)][i] = float32(math.NaN())
	}
	blk.load(x, n, size)
	return blk
}

// TestLaneKernelMatchesReference runs one block through the lane kernel and through the scalar kernel, for every
// model, m = 1…8, n = 1, 2, 3, 20, 37 and block sizes 1…17 (tails of 1…15 samples after 0 or 1 full group), 31,
// 32 and a full block, inputs of density 1, 0.5 or 0.1, and checks both against the float64 reference
// (blockRef64): the loss within relative 2e-5; each gradient entry within tol·scale (scale: the error bound's sum
// of absolute values), tol = 4e-6 for the lane kernel (its worst seen is about 2e-7: per-lane sums of 16 groups,
// then a 16-lane tree) and 2e-5 for the scalar one (about 2e-6: sequential float32 sums over the block), and the
// two kernels within 2e-5·scale of each other. The block's x past its samples is NaN (dead lanes must not read it),
// and from a non-zero gradient buffer the lane kernel must give exactly buffer + its sums from zero.
func TestLaneKernelMatchesReference(t *testing.T) {
	if laneKernel(ReLUOutput, 1) == nil {
		t.Skip("no lane kernels on this CPU or build")
	}
	rng := newRand()
	sizes := append(seq(1, 17), 31, 32, 0)
	for _, model := range laneModels {
		for m := 1; m <= maxSmallHidden; m++ {
			for _, n := range []int{1, 2, 3, 20, 37} {
				seed := rng.Uint64()
				lane := laneInstance(t, levelAVX512, model, n, m, 1000, seed)
				scalar := laneInstance(t, levelGo, model, n, m, 1000, seed)
				dl, ds := &lane.inst[0], &scalar.inst[0]
				if dl.lane == nil || ds.lane != nil {
					t.Fatalf("%v m=%d: lane path %v, scalar path %v", model, m, dl.lane != nil, ds.lane != nil)
				}
				for _, size := range sizes {
					if size == 0 {
						size = blockCapacity(n)
					}
					p := []float64{1, 0.5, 0.1}[rng.IntN(3)]
					blk := laneBlock(rng, model, n, size, p)
					what := fmt.Sprintf("%v m=%d n=%d size=%d p=%v", model, m, n, size, p)
					want, ref, scale := blockRef64(dl, model, blk.x, size)
					run := func(d *instanceData, tr *Trainer, base []float32) (float64, []float32) {
						g := append([]float32(nil), base...)
						return d.kernel(d, blk, g[:n*m], g[n*m:], tr.scr[0]), g
					}
					zero := make([]float32, lane.per)
					lossL, gL := run(dl, lane, zero)
					lossS, gS := run(ds, scalar, zero)
					for _, c := range []struct {
						name string
						loss float64
						g    []float32
						tol  float64
					}{{"lane", lossL, gL, 4e-6}, {"scalar", lossS, gS, 2e-5}} {
						if !(math.Abs(c.loss-want) <= 2e-5*want) {
							t.Errorf("%s %s: loss %v, reference %v", what, c.name, c.loss, want)
						}
						for i := range ref {
							if e := math.Abs(float64(c.g[i]) - ref[i]); !(e <= c.tol*scale[i]+1e-30) {
								t.Errorf("%s %s: gradient[%d] = %v, reference %v (error scale %v)", what, c.name, i, c.g[i], ref[i], scale[i])
								break
							}
						}
					}
					for i := range ref {
						if e := math.Abs(float64(gL[i] - gS[i])); !(e <= 2e-5*scale[i]+1e-30) {
							t.Errorf("%s: lane gradient[%d] = %v, scalar %v", what, i, gL[i], gS[i])
							break
						}
					}
					// The lane kernel adds its block sums to the buffer once: from a non-zero start the result is
					// exactly start + the sums from zero.
					base := make([]float32, lane.per)
					for i := range base {
						base[i] = float32(rng.NormFloat64())
					}
					if lossB, gB := run(dl, lane, base); lossB != lossL {
						t.Errorf("%s: loss %v from a non-zero gradient buffer, %v from zero", what, lossB, lossL)
					} else {
						for i := range gB {
							if gB[i] != base[i]+gL[i] {
								t.Errorf("%s: gradient[%d] = %v from %v, want %v + %v", what, i, gB[i], base[i], base[i], gL[i])
								break
							}
						}
					}
				}
			}
		}
	}
}

// TestLaneSelection: the lane path is taken for m ≤ 8 on AVX-512 up to laneMaxFeatures features, and not beyond,
// nor for m > 8 or on the other paths.
func TestLaneSelection(t *testing.T) {
	if laneKernel(ReLUOutput, 1) == nil {
		t.Skip("no lane kernels on this CPU or build")
	}
	for _, c := range []struct {
		l    simdLevel
		n, m int
		want bool
	}{{levelAVX512, laneMaxFeatures, 8, true}, {levelAVX512, laneMaxFeatures + 1, 1, false}, {levelAVX512, 5, 9, false},
		{levelAVX2, 5, 3, false}, {levelGo, 5, 3, false}} {
		tr := laneInstance(t, c.l, ReLUHidden, c.n, c.m, 64, 1)
		if got := tr.inst[0].lane != nil; got != c.want || got != (tr.scr[0].lane != nil) {
			t.Errorf("%v n=%d m=%d: lane path %v (buffers %v), want %v", c.l, c.n, c.m, got, tr.scr[0].lane != nil, c.want)
		}
	}
}

// TestLaneNonFinite puts a NaN or an infinity into one weight (of W, and for abs of Wout) with dense inputs:
// the lane kernels' block loss must be non-finite exactly when the scalar kernel's is, and always for the tied
// models (for the hidden models a ReLU may legitimately cut off an infinite weight), for a block that is a single
// tail group and one of two full groups and a tail.
func TestLaneNonFinite(t *testing.T) {
	if laneKernel(ReLUOutput, 1) == nil {
		t.Skip("no lane kernels on this CPU or build")
	}
	rng := newRand()
	for _, bad := range []float32{float32(math.NaN()), math.Float32frombits(0xffc00000), float32(math.Inf(1)), float32(math.Inf(-1))} {
		for _, model := range laneModels {
			for m := 1; m <= maxSmallHidden; m++ {
				for _, size := range []int{5, 40} {
					for _, out := range []bool{false, true} {
						if out && model != Abs {
							continue
						}
						n := 6
						blk := laneBlock(rng, model, n, size, 1)
						loss := func(l simdLevel) float64 {
							tr := laneInstance(t, l, model, n, m, 64, 3)
							d := &tr.inst[0]
							if out {
								d.more.Wout[2*m+m-1] = bad
							} else {
								d.W[2*m+m-1] = bad
							}
							g := make([]float32, tr.per)
							return d.kernel(d, blk, g[:n*m], g[n*m:], tr.scr[0])
						}
						finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
						lane, scalar := loss(levelAVX512), loss(levelGo)
						if finite(lane) != finite(scalar) || (finite(lane) && (model == Linear || model == ReLUOutput)) {
							t.Errorf("%v m=%d size=%d, bad weight %v (in Wout: %v): lane loss %v, scalar %v", model, m, size, bad, out, lane, scalar)
						}
					}
				}
			}
		}
	}
}

// TestLaneReduce checks laneReduce against a float64 sum for counts 1…40 (tails of every length) and that it
// stores nothing past count.
func TestLaneReduce(t *testing.T) {
	if laneKernel(ReLUOutput, 1) == nil {
		t.Skip("no lane kernels on this CPU or build")
	}
	r := newRand()
	for count := 1; count <= 40; count++ {
		acc := randSlice(r, (count+15)/16*256, r.IntN(16))
		dst := randSlice(r, count+16, r.IntN(16))
		want := append([]float32(nil), dst...)
		laneReduce(&dst[0], &acc[0], count)
		for k := range want {
			if k >= count {
				if dst[k] != want[k] {
					t.Fatalf("count %d: dst[%d] changed", count, k)
				}
				continue
			}
			s, a := float64(want[k]), math.Abs(float64(want[k]))
			for l := 0; l < 16; l++ {
				s += float64(acc[k*16+l])
				a += math.Abs(float64(acc[k*16+l]))
			}
			if e := math.Abs(float64(dst[k]) - s); e > 1e-6*a {
				t.Fatalf("count %d: dst[%d] = %v, want %v", count, k, dst[k], s)
			}
		}
	}
}

// BenchmarkLaneKernel times one full block of the lane kernel (and, for comparison, the scalar kernel) for the
// shapes of configs b, d and e: ns/op is per block of blockCapacity(n) samples; cpu-ns/sample counts the thread's
// CPU time (Linux), which other processes on the cores do not inflate.
func BenchmarkLaneKernel(b *testing.B) {
	for _, sh := range []struct {
		name  string
		model Model
		n, m  int
		p     float64
	}{{"b", ReLUOutput, 20, 5, 0.1}, {"d", ReLUOutput, 2, 1, 0.3}, {"e", ReLUHidden, 10, 5, 0.1}} {
		for _, l := range []simdLevel{levelAVX512, levelGo} {
			b.Run(fmt.Sprintf("%s/%v", sh.name, l), func(b *testing.B) {
				tr := laneInstance(b, l, sh.model, sh.n, sh.m, 1024, 1)
				d := &tr.inst[0]
				if (d.lane != nil) != (l == levelAVX512) {
					b.Skip("no lane kernels")
				}
				size := blockCapacity(sh.n)
				blk := laneBlock(newRand(), sh.model, sh.n, size, sh.p)
				g := make([]float32, tr.per)
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				cpu0 := threadCPU()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					d.kernel(d, blk, g[:sh.n*sh.m], g[sh.n*sh.m:], tr.scr[0])
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size), "ns/sample")
				if cpu0 != 0 {
					b.ReportMetric(float64(threadCPU()-cpu0)/float64(b.N*size), "cpu-ns/sample")
				}
			})
		}
	}
}
