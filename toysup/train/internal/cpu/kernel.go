package cpu

import "math"

//go:generate go run gen_kernels.go

// instanceData is what the kernels need of one instance, in float32: `W` `[n][mp]` row-major (rows padded with
// zero columns to the stride mp ≥ m; padding columns get zero gradients and stay zero) and `b` `[n]` (views into
// the parameters), the data thresholds and scales `[n]`, the importance I `[n]` and c2 = 2·I/B `[n]`; more is nil
// except for the relu_hidden and abs models and feature sets.
type instanceData struct {
	W, b    []float32
	thr     []uint32
	scale   []float32
	imp, c2 []float32
	relu    bool
	linMask uint32 // all ones for the linear model (every row active), 0 for ReLU.
	n, mp   int
	kernel  blockKernel
	more    *modelData
	vec     *vecData // nil: the scalar kernels.
	lane    laneFunc // the lane path's kernel (kernel_lane.go), nil off it.
}

// blockKernel adds the gradient of (1/B)·Σ_s Σ_i I_i (x_si − x'_si)² over a block of samples to dW `[n][mp]` and
// db `[n]` (for the abs model db is followed by dWout `[n][mp]`, and the target is |x|), and returns
// Σ_s Σ_i I_i (x_si − x'_si)².
//
// With h = Wᵀx (h_j = Σ_i x_i W_ij), z = W h + b, y = act(z) and d_i = (2/B)·I_i·(y_i − x_i)·act'(z_i):
// ∂L/∂b_i = d_i, and W enters twice, so ∂L/∂W_ij = d_i h_j + x_i g_j with g = Wᵀd (g_j = Σ_i d_i W_ij).
// Only the non-zero x_i enter h and the second term; for ReLU only the active rows (z_i > 0) enter g and the
// first term (act'(0) = 0, as in PyTorch). The relu_hidden and abs kernels (kernel_hidden.go) use h = ReLU(Wᵀx),
// z = Wout h + b: ∂L/∂Wout_ij = d_i h_j and ∂L/∂W_ij = x_i e_j with e_j = g_j·[h_j > 0], g = Woutᵀd.
type blockKernel func(d *instanceData, blk *block, dW, db []float32, s *scratch) float64

// strideFor returns the row stride of W for hidden size m: m itself for the unrolled kernels, else m rounded up
// to the tile width.
func strideFor(m int) int {
	if m <= maxSmallHidden {
		return m
	}
	return (m + tile - 1) / tile * tile
}

// kernelFor returns the block kernel for hidden size m.
func kernelFor(m int) blockKernel {
	if m == 1 {
		return (*instanceData).blockM1
	}
	if m <= maxSmallHidden {
		return smallKernel(m)
	}
	return (*instanceData).blockTiled
}

// maxSmallHidden is the largest m with an unrolled kernel (kernels_small.go).
const maxSmallHidden = 8

// block is a block of samples: x `[size][n]` and, for sample s, its non-zero features nz[nzOff[s]:nzOff[s+1]].
type block struct {
	size  int
	x     []float32
	nz    []int32
	nzOff []int32
}

func newBlock(capacity, n int) *block {
	return &block{
		x:     make([]float32, capacity*n+32)[:capacity*n],
		nz:    make([]int32, capacity*n+32)[:capacity*n],
		nzOff: make([]int32, capacity+1+32)[:capacity+1],
	}
}

// blockCapacity is the number of samples per block for n features (a block's x stays within L1).
func blockCapacity(n int) int { return max(1, min(256, 8192/n)) }

// scratch is one worker's buffers; each is a separate allocation padded at the end, so workers never share a
// cache line.
type scratch struct {
	blk   *block
	h, g  []float32 // `[mp]`
	z, dv []float32 // `[n]`: pre-activations, and d of the active rows.
	act   []int32   // `[n]`: indices of the active rows.
	u     []uint32  // feature sets: one sample's uniforms.
	vec   *vecBuf   // the vector path's buffers (nil without it).
	lane  *laneBuf  // the lane path's buffers (nil without it).
}

func newScratch(n, mp int) *scratch {
	f := func(k int) []float32 { return make([]float32, k+32)[:k] }
	return &scratch{
		blk: newBlock(blockCapacity(n), n),
		h:   f(mp), g: f(mp), z: f(n), dv: f(n),
		act: make([]int32, n+32)[:n],
	}
}

// gen draws `count` samples of instance d into blk: feature i is u/p_i when u < p_i, else 0, with u uniform in
// [0, 1) on a 24-bit grid (two features per 64-bit draw). It is branch-free: whether a feature is zero is random,
// so a branch would be mispredicted often.
func (d *instanceData) gen(r *stream, blk *block, count int) {
	n := d.n
	thr, scale := d.thr[:n], d.scale[:n]
	blk.size = count
	cnt := 0
	blk.nzOff[0] = 0
	for s := 0; s < count; s++ {
		x := blk.x[s*n : s*n+n]
		nz := blk.nz[cnt : cnt+n]
		c := 0
		i := 0
		for ; i+1 < n; i += 2 {
			v := r.next()
			u0 := uint32(v >> 40)
			u1 := uint32(v>>16) & (1<<uniformBits - 1)
			m0 := below(u0, thr[i])
			m1 := below(u1, thr[i+1])
			x[i] = math.Float32frombits(math.Float32bits(float32(u0)*scale[i]) & m0)
			x[i+1] = math.Float32frombits(math.Float32bits(float32(u1)*scale[i+1]) & m1)
			nz[c] = int32(i)
			c += int(m0 & 1)
			nz[c] = int32(i + 1)
			c += int(m1 & 1)
		}
		if i < n {
			u0 := uint32(r.next() >> 40)
			m0 := below(u0, thr[i])
			x[i] = math.Float32frombits(math.Float32bits(float32(u0)*scale[i]) & m0)
			nz[c] = int32(i)
			c += int(m0 & 1)
		}
		cnt += c
		blk.nzOff[s+1] = int32(cnt)
	}
}

// below returns all ones if u < t, else 0 (u, t < 2^31).
func below(u, t uint32) uint32 { return uint32(int32(u-t) >> 31) }

// positive returns all ones if the float32 with bits zb is > 0 or NaN, else 0 (±0 and negatives). NaNs count as
// active whatever their sign (x86's default NaN has the sign bit set) so that they reach the loss, which the
// caller checks, instead of hiding behind the ReLU.
func positive(zb uint32) uint32 {
	pos := ^uint32((int64(int32(zb)) - 1) >> 63)                    // int32(zb) > 0: positive, or NaN with the sign clear
	nan := uint32((int64(0x7f800000) - int64(zb&0x7fffffff)) >> 63) // |zb| above +Inf's bits: NaN
	return pos | nan
}

// load fills blk with the given samples `[count][n]` (float64).
func (blk *block) load(x []float64, n, count int) {
	blk.size = count
	cnt := int32(0)
	for s := 0; s < count; s++ {
		for i, v := range x[s*n : s*n+n] {
			blk.x[s*n+i] = float32(v)
			if v != 0 {
				blk.nz[cnt] = int32(i)
				cnt++
			}
		}
		blk.nzOff[s+1] = cnt
	}
}
