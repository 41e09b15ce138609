package cpu

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync/atomic"
)

// Trainer holds the state of a training run: parameters and Adam moments in float32, per-instance constants,
// the chunk plan and the workers. Use it from one goroutine; Close it when done.
type Trainer struct {
	cfg        Config
	n, m, k, b int
	mp         int       // row stride of W (≥ m; see strideFor).
	per        int       // parameters per instance: n·mp (W) then n (b), then n·mp (WOut) for abs.
	params     []float32 // `[K][per]`
	mo, ve     []float32 // Adam's first and second moments, `[K][per]`.
	inst       []instanceData
	chunks     []chunk
	slices     int
	sliceGrad  [][]float32 // slices > 1: the gradient `[per]` of each chunk of a wave, padded apart.
	groupGrad  [][]float32 // each worker's buffer: slices = 1, its group's gradient `[group][per]`; else a reduction buffer.
	ranges     []chunk     // slices > 1: optimizer work: instance k0, parameters [s0, s1).
	chunkLoss  []float64   // slices > 1: each chunk's summed loss.
	wave       int         // slices > 1: instances per wave (the slice buffers of one wave are at most maxSliceGradFloats).
	c0, c1     int         // the current wave's chunks [c0, c1) …
	r0, r1     int         // … and reduction ranges [r0, r1).
	lossOut    []float64   // `[K]`: the current step's loss.
	scr        []*scratch
	pool       *pool
	next       atomic.Int64
	_          [56]byte
	step       int
	opt        optStep
	phase1     func(w int)
	phase2     func(w int)
	closed     bool
	// interrupted is set by [Trainer.Interrupt]; workers poll it per chunk and per sample block.
	interrupted atomic.Bool
}

// NewTrainer validates cfg and returns a trainer of a tied model starting from W `[K][n][m]` and b `[K][n]`.
func NewTrainer(cfg Config, W [][][]float64, b [][]float64) (*Trainer, error) {
	return NewUntiedTrainer(cfg, W, nil, b)
}

// NewUntiedTrainer is [NewTrainer] with the abs model's output matrix WOut `[K][n][m]`, which must be nil for the
// tied models.
func NewUntiedTrainer(cfg Config, W, WOut [][][]float64, b [][]float64) (*Trainer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	n, m, k := cfg.Features, cfg.Hidden, cfg.Instances
	if err := checkParams(W, b, k, n, m); err != nil {
		return nil, err
	}
	if untied := cfg.Model == Abs; untied != (WOut != nil) {
		return nil, fmt.Errorf("cpu: model %v: WOut given = %v, want %v (only abs has an output matrix)", cfg.Model, WOut != nil, untied)
	}
	if WOut != nil {
		if err := checkParams(WOut, b, k, n, m); err != nil {
			return nil, fmt.Errorf("%w (WOut)", err)
		}
	}
	mp := strideFor(m)
	t := &Trainer{cfg: cfg, n: n, m: m, k: k, b: cfg.BatchSize, mp: mp, per: n*mp + n}
	if WOut != nil {
		t.per += n * mp
	}
	t.params = make([]float32, k*t.per)
	t.mo = make([]float32, k*t.per)
	t.ve = make([]float32, k*t.per)
	t.setParams(W, WOut, b)
	t.inst = make([]instanceData, k)
	var layout *setLayout
	if cfg.Sets != nil {
		layout = newSetLayout(cfg.Sets)
	}
	for i := range t.inst {
		t.inst[i] = t.newInstanceData(i, layout)
		t.inst[i].useVector(t.m, t.cfg.Model)
	}
	t.chunks, t.slices = plan(k, n, m, t.b)
	workers := cfg.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(t.chunks)))
	t.scr = make([]*scratch, workers)
	for w := range t.scr {
		t.scr[w] = t.newScratch()
		if layout != nil {
			t.scr[w].u = make([]uint32, layout.nu+32)[:layout.nu]
		}
	}
	t.allocGradients(workers)
	t.lossOut = make([]float64, k)
	t.phase1 = func(w int) {
		for c := t.c0 + int(t.next.Add(1)-1); c < t.c1 && !t.interrupted.Load(); c = t.c0 + int(t.next.Add(1)-1) {
			t.runChunk(w, c)
		}
	}
	t.phase2 = func(w int) {
		for r := t.r0 + int(t.next.Add(1)-1); r < t.r1 && !t.interrupted.Load(); r = t.r0 + int(t.next.Add(1)-1) {
			t.reduceAndUpdate(w, t.ranges[r])
		}
	}
	t.pool = newPool(workers)
	return t, nil
}

// allocGradients allocates the gradient buffers of the chunk plan: per chunk and per reduction range when steps
// are cut into batch slices, else per worker for its instance group.
func (t *Trainer) allocGradients(workers int) {
	if t.slices == 1 {
		group := t.chunks[0].k1 - t.chunks[0].k0
		t.groupGrad = make([][]float32, workers)
		for w := range t.groupGrad {
			t.groupGrad[w] = padded(group * t.per)
		}
		return
	}
	t.wave = max(1, min(t.k, maxSliceGradFloats/(t.slices*t.per)))
	t.sliceGrad = make([][]float32, t.wave*t.slices)
	for c := range t.sliceGrad {
		t.sliceGrad[c] = padded(t.per)
	}
	t.chunkLoss = make([]float64, len(t.chunks)*8) // one cache line per chunk
	const piece = 4096
	for i := 0; i < t.k; i++ {
		for o := 0; o < t.per; o += piece {
			t.ranges = append(t.ranges, chunk{k0: i, s0: o, s1: min(t.per, o+piece)})
		}
	}
	t.groupGrad = make([][]float32, workers) // reduction buffers
	for w := range t.groupGrad {
		t.groupGrad[w] = padded(min(t.per, piece))
	}
}

// padded returns a zeroed slice of length n whose backing array is padded by a cache line on each side.
func padded(n int) []float32 {
	const pad = 16
	return make([]float32, n+2*pad)[pad : pad+n : pad+n]
}

func checkParams(W [][][]float64, b [][]float64, k, n, m int) error {
	if len(W) != k || len(b) != k {
		return fmt.Errorf("cpu: parameters for %d/%d instances, want %d", len(W), len(b), k)
	}
	for i := range W {
		if len(W[i]) != n || len(b[i]) != n {
			return fmt.Errorf("cpu: instance %d: W has %d rows and b %d values, want features = %d", i, len(W[i]), len(b[i]), n)
		}
		for j := range W[i] {
			if len(W[i][j]) != m {
				return fmt.Errorf("cpu: W[%d][%d] has %d values, want hidden = %d", i, j, len(W[i][j]), m)
			}
		}
	}
	return nil
}

func (t *Trainer) setParams(W, WOut [][][]float64, b [][]float64) {
	put := func(p []float32, M [][]float64) {
		for j, row := range M {
			for l, v := range row {
				p[j*t.mp+l] = float32(v)
			}
		}
	}
	for i := range W {
		p := t.params[i*t.per : (i+1)*t.per]
		put(p, W[i])
		for j, v := range b[i] {
			p[t.n*t.mp+j] = float32(v)
		}
		if WOut != nil {
			put(p[t.n*t.mp+t.n:], WOut[i])
		}
	}
}

func (t *Trainer) newInstanceData(i int, layout *setLayout) instanceData {
	n := t.n
	p := t.params[i*t.per : (i+1)*t.per]
	d := instanceData{
		W: p[:n*t.mp], b: p[n*t.mp : n*t.mp+n], n: n, mp: t.mp, relu: t.cfg.Model == ReLUOutput, linMask: linMask(t.cfg.Model), kernel: kernelFor(t.m),
		thr: make([]uint32, n), scale: make([]float32, n), imp: make([]float32, n), c2: make([]float32, n),
	}
	for j := 0; j < n; j++ {
		if t.cfg.Sets == nil {
			d.thr[j], d.scale[j] = threshold(t.cfg.FeatureProbability[i][j])
		}
		imp := max(t.cfg.Importance[i][j], t.cfg.ImportanceFloor)
		d.imp[j] = float32(imp)
		d.c2[j] = float32(2 * imp / float64(t.b))
	}
	hidden := t.cfg.Model == ReLUHidden || t.cfg.Model == Abs
	if !hidden && layout == nil {
		return d
	}
	d.more = &modelData{Wout: d.W, absMask: ^uint32(0), layout: layout}
	if hidden {
		d.kernel = hiddenKernelFor(t.m)
	}
	if t.cfg.Model == Abs {
		d.more.Wout, d.more.untied, d.more.absMask, d.more.signed = p[n*t.mp+n:], true, 0x7fffffff, true
	}
	if layout != nil {
		d.more.sets = newSetTables(t.cfg.Sets, i)
	}
	return d
}

// Chunks returns how many chunks a step is cut into and the number of batch slices per instance.
func (t *Trainer) Chunks() (chunks, slices int) { return len(t.chunks), t.slices }

// Workers returns the number of workers.
func (t *Trainer) Workers() int { return t.pool.n }

// ErrClosed is returned by a closed trainer.
var ErrClosed = errors.New("cpu: trainer is closed")

// ErrInterrupted is returned by Step after [Trainer.Interrupt]; the parameters are then partly updated.
var ErrInterrupted = errors.New("cpu: training step interrupted")

// Interrupt makes the running Step (and every later one) stop within one sample block and return
// [ErrInterrupted]. It is safe to call from any goroutine.
func (t *Trainer) Interrupt() { t.interrupted.Store(true) }

// Step runs training step `step` (0-based: it picks the data streams and Adam's bias correction) with learning
// rate lr: it draws a fresh batch, computes each instance's loss and gradient and applies AdamW (or SGD). It writes the
// per-instance batch loss before the update, the mean over the batch of Σ_i I_i (x_i − x'_i)², to loss `[K]`.
func (t *Trainer) Step(step int, lr float64, loss []float64) error {
	if t.closed {
		return ErrClosed
	}
	if t.interrupted.Load() {
		return ErrInterrupted
	}
	if len(loss) != t.k {
		return fmt.Errorf("cpu: loss has length %d, want instances = %d", len(loss), t.k)
	}
	if step < 0 || !(lr >= 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("cpu: step %d, learning rate %v: want step ≥ 0 and a finite rate ≥ 0", step, lr)
	}
	t.step = step
	t.opt = newOptStep(step, lr, t.cfg.WeightDecay, t.cfg.Rule)
	t.prepare()
	if t.slices == 1 {
		t.c0, t.c1 = 0, len(t.chunks)
		t.next.Store(0)
		t.pool.run(t.phase1)
	} else {
		t.slicedStep()
		inv := 1 / float64(t.b)
		for i := range t.lossOut {
			s := 0.0
			for c := i * t.slices; c < (i+1)*t.slices; c++ {
				s += t.chunkLoss[c*8]
			}
			t.lossOut[i] = s * inv
		}
	}
	if t.interrupted.Load() {
		return ErrInterrupted
	}
	copy(loss, t.lossOut)
	return nil
}

// slicedStep runs a step cut into batch slices, wave by wave: each wave's slices, then their reduction and AdamW.
func (t *Trainer) slicedStep() {
	perInstance := len(t.ranges) / t.k
	for w0 := 0; w0 < t.k; w0 += t.wave {
		w1 := min(t.k, w0+t.wave)
		t.c0, t.c1 = w0*t.slices, w1*t.slices
		t.next.Store(0)
		t.pool.run(t.phase1)
		if t.interrupted.Load() {
			return
		}
		t.r0, t.r1 = w0*perInstance, w1*perInstance
		t.next.Store(0)
		t.pool.run(t.phase2)
	}
}

// runChunk computes chunk c's losses and gradients; a chunk that covers whole batches also applies AdamW. Each
// batch slice of each instance draws from its own stream ([newStream]).
func (t *Trainer) runChunk(w, c int) {
	ch := t.chunks[c]
	s := t.scr[w]
	if t.slices > 1 {
		rng := newStream(t.cfg.Seed, t.step, t.cfg.FirstInstance+ch.k0, c%t.slices)
		g := t.sliceGrad[c-t.c0]
		clear(g)
		t.chunkLoss[c*8] = t.runInstance(ch.k0, ch.s0, ch.s1-ch.s0, &rng, s, g)
		return
	}
	lo, hi := ch.k0*t.per, ch.k1*t.per
	g := t.groupGrad[w][:hi-lo]
	clear(g)
	inv := 1 / float64(t.b)
	for i := ch.k0; i < ch.k1; i++ {
		rng := newStream(t.cfg.Seed, t.step, t.cfg.FirstInstance+i, 0)
		o := (i - ch.k0) * t.per
		t.lossOut[i] = t.runInstance(i, 0, t.b, &rng, s, g[o:o+t.per]) * inv
	}
	t.opt.update(t.params[lo:hi], t.mo[lo:hi], t.ve[lo:hi], g)
}

// runInstance draws `count` samples of instance i (batch positions first…first+count−1: fresh from rng, or from
// the fixed training set), adds their gradient to g `[per]` and returns their summed loss (with the L1 penalty).
func (t *Trainer) runInstance(i, first, count int, rng *stream, s *scratch, g []float32) float64 {
	d := &t.inst[i]
	dW, db := g[:t.n*t.mp], g[t.n*t.mp:]
	sum := 0.0
	blk := s.blk
	capacity := len(blk.nzOff) - 1
	for done := 0; done < count && !t.interrupted.Load(); done += capacity {
		cnt := min(capacity, count-done)
		switch {
		case t.cfg.Dataset != nil:
			d.fill(&t.cfg.Dataset[i], blk, t.step, t.b, first+done, cnt)
		case t.cfg.Normalize:
			d.draw(rng, blk, cnt, s)
			blk.normalize(t.n)
		default:
			d.draw(rng, blk, cnt, s)
		}
		sum += d.kernel(d, blk, dW, db, s)
		if t.cfg.L1 > 0 {
			sum += t.l1(d, blk, dW, s, t.b)
		}
	}
	return sum
}

// l1 is [instanceData.l1Block] for a batch of `batch` samples.
func (t *Trainer) l1(d *instanceData, blk *block, dW []float32, s *scratch, batch int) float64 {
	hidden := t.cfg.Model == ReLUHidden || t.cfg.Model == Abs
	return d.l1Block(blk, dW, t.m, hidden, float32(t.cfg.L1), float32(t.cfg.L1/float64(batch)), s.h[:t.m], s.g[:t.m])
}

// reduceAndUpdate sums the slices' gradients of instance r.k0, parameters [r.s0, r.s1), in slice order and
// applies AdamW to them.
func (t *Trainer) reduceAndUpdate(w int, r chunk) {
	g := t.groupGrad[w][:r.s1-r.s0]
	c0 := r.k0*t.slices - t.c0
	copy(g, t.sliceGrad[c0][r.s0:r.s1])
	for c := c0 + 1; c < c0+t.slices; c++ {
		src := t.sliceGrad[c][r.s0:r.s1]
		for j := range g {
			g[j] += src[j]
		}
	}
	o := r.k0 * t.per
	t.opt.update(t.params[o+r.s0:o+r.s1], t.mo[o+r.s0:o+r.s1], t.ve[o+r.s0:o+r.s1], g)
}

// unpack converts one instance's packed float32 block (W rows padded to mp, then b, then WOut for abs) to W
// `[n][m]`, b `[n]` and WOut `[n][m]` (nil for the tied models).
func (t *Trainer) unpack(p []float32) (W, WOut [][]float64, b []float64) {
	matrix := func(p []float32) [][]float64 {
		M := make([][]float64, t.n)
		for i := range M {
			M[i] = make([]float64, t.m)
			for j := range M[i] {
				M[i][j] = float64(p[i*t.mp+j])
			}
		}
		return M
	}
	W = matrix(p)
	b = make([]float64, t.n)
	for i := range b {
		b[i] = float64(p[t.n*t.mp+i])
	}
	if t.cfg.Model == Abs {
		WOut = matrix(p[t.n*t.mp+t.n:])
	}
	return W, WOut, b
}

// Params returns the current parameters in float64: W `[K][n][m]` and b `[K][n]` (the abs model's WOut: see
// [Trainer.UntiedParams]).
func (t *Trainer) Params() (W [][][]float64, b [][]float64) {
	W, _, b = t.UntiedParams()
	return W, b
}

// UntiedParams returns the current parameters in float64: W and WOut `[K][n][m]` (WOut nil for the tied models)
// and b `[K][n]`.
func (t *Trainer) UntiedParams() (W, WOut [][][]float64, b [][]float64) {
	W = make([][][]float64, t.k)
	b = make([][]float64, t.k)
	if t.cfg.Model == Abs {
		WOut = make([][][]float64, t.k)
	}
	for i := range W {
		var wo [][]float64
		W[i], wo, b[i] = t.unpack(t.params[i*t.per : (i+1)*t.per])
		if WOut != nil {
			WOut[i] = wo
		}
	}
	return W, WOut, b
}

// RawParams returns the float32 parameters `[K][n·mp + n]` (each instance's W row-major with row stride mp ≥ m,
// then b; for abs `[K][2·n·mp + n]`, then WOut with the same stride) and mp; a view, valid until the next Step.
func (t *Trainer) RawParams() ([]float32, int) { return t.params, t.mp }

// Close stops the workers. It is safe to call twice.
func (t *Trainer) Close() {
	if !t.closed {
		t.closed = true
		t.pool.close()
	}
}

func linMask(m Model) uint32 {
	if m == Linear {
		return ^uint32(0)
	}
	return 0
}
