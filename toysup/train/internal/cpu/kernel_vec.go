package cpu

import "math"

// vecData is an instance's state for the vector block path (m > maxSmallHidden on a CPU with a vector level).
type vecData struct {
	ops    *vecOps
	np     int       // n rounded up to 16: the row length of wt, Z and D.
	wt     []float32 // `[m][np]` the output matrix transposed, then bias `[np]`; rebuilt by prepare before each use.
	m      int
	hidden bool // relu_hidden or abs: h = ReLU(Wᵀx), output matrix d.more.Wout.
}

// vecBuf is one worker's buffers for the vector path, for blockCapacity(n) samples rounded up to 4.
type vecBuf struct {
	h, g []float32 // `[s4][mp]`
	z, d []float32 // `[s4][np]`
	rows []int32   // `[n]`: one 4-sample tile's rows with a non-zero d.
}

func newVecBuf(n, mp, np int) *vecBuf {
	s4 := (blockCapacity(n) + 3) &^ 3
	f := func(k int) []float32 { return make([]float32, k+32)[:k] }
	return &vecBuf{h: f(s4 * mp), g: f(s4 * mp), z: f(s4 * np), d: f(s4 * np), rows: make([]int32, n+32)[:n]}
}

// outMatrix is the matrix of z = M h + b: W for the tied models, Wout for relu_hidden and abs.
func (d *instanceData) outMatrix() []float32 {
	if d.vec.hidden {
		return d.more.Wout[:d.n*d.mp]
	}
	return d.W[:d.n*d.mp]
}

// prepare transposes the output matrix and copies b into vec.wt; it must run whenever the parameters changed.
func (d *instanceData) prepare() {
	v := d.vec
	if v == nil {
		return
	}
	n, mp, np := d.n, d.mp, v.np
	M := d.outMatrix()
	for i0 := 0; i0 < n; i0 += 16 {
		i1 := min(n, i0+16)
		for j := 0; j < v.m; j++ {
			col := v.wt[j*np : j*np+np]
			for i := i0; i < i1; i++ {
				col[i] = M[i*mp+j]
			}
		}
	}
	copy(v.wt[v.m*np:v.m*np+n], d.b[:n])
}

// blockVec is the block kernel of the vector path (see [blockKernel]): the same maths as blockTiled and
// blockHiddenTiled, batched over the block so that the dense products are matrix products that reuse what they
// load: per sample h = Wᵀx over the non-zero x (ReLU for the hidden models); Z = H Mᵀ + b for the block (M the
// output matrix, via its transpose); per sample the loss and D (d_si, 0 on inactive rows); per tile of 4 samples
// G = D M and dM += Dᵀ H over the rows where some d is non-zero; per sample dW += x ⊗ g (g gated by h > 0 for the
// hidden models).
func (d *instanceData) blockVec(blk *block, dW, db []float32, s *scratch) float64 {
	v, b := d.vec, s.vec
	n, mp, np, ops := d.n, d.mp, v.np, v.ops
	s4 := (blk.size + 3) &^ 3
	H, G, Z, D := b.h[:s4*mp], b.g[:s4*mp], b.z[:s4*np], b.d[:s4*np]
	W, M, dM := d.W[:n*mp], d.outMatrix(), dW[:n*mp]
	if v.hidden {
		dM = d.outGrad(dW, db)[:n*mp]
	}
	clear(H)
	for smp := 0; smp < blk.size; smp++ {
		xs, nz := blk.x[smp*n:smp*n+n], blk.nz[blk.nzOff[smp]:blk.nzOff[smp+1]]
		ops.gather(H[smp*mp:smp*mp+mp], W, mp, xs, nz)
	}
	if v.hidden {
		for j, a := range H {
			H[j] = relu(a)
		}
	}
	ops.zBlock(Z, v.wt, v.wt[v.m*np:], H, v.m, mp, np, s4)
	total := 0.0
	for smp := 0; smp < blk.size; smp++ {
		total += float64(d.lossRow(Z[smp*np:smp*np+n], blk.x[smp*n:smp*n+n], D[smp*np:smp*np+n], db))
	}
	clear(D[blk.size*np:])
	for t := 0; t < s4; t += 4 {
		rows := activeTile(b.rows, D[t*np:t*np+4*np], n, np)
		ops.backTile(G[t*mp:t*mp+4*mp], M, dM, H[t*mp:t*mp+4*mp], D[t*np:t*np+4*np], mp, np, rows)
	}
	if v.hidden {
		for j, gj := range G[:blk.size*mp] {
			G[j] = gate(gj, H[j])
		}
	}
	for smp := 0; smp < blk.size; smp++ {
		xs, nz := blk.x[smp*n:smp*n+n], blk.nz[blk.nzOff[smp]:blk.nzOff[smp+1]]
		ops.scatter(dW[:n*mp], G[smp*mp:smp*mp+mp], mp, xs, nz)
	}
	return total
}

// lossRow computes one sample's loss Σ_i I_i (y_i − t_i)² (t = x, or |x| for abs; y = act(z)), writes d_i =
// c2_i·(y_i − t_i)·act'(z_i) to dr `[n]` and adds it to db.
func (d *instanceData) lossRow(z, xs, dr, db []float32) float32 {
	n := d.n
	absMask := ^uint32(0)
	if d.more != nil {
		absMask = d.more.absMask
	}
	return d.vec.ops.loss(z[:n], xs[:n], dr[:n], db[:n], d.imp[:n], d.c2[:n], d.linMask, absMask)
}

// activeTile lists in rows the i < n where one of the 4 rows of D `[4][np]` is non-zero, and returns the list.
func activeTile(rows []int32, D []float32, n, np int) []int32 {
	d0, d1, d2, d3 := D[:n], D[np:np+n], D[2*np:2*np+n], D[3*np:3*np+n]
	c := 0
	for i := range d0 {
		rows[c] = int32(i)
		any := math.Float32bits(d0[i]) | math.Float32bits(d1[i]) | math.Float32bits(d2[i]) | math.Float32bits(d3[i])
		if any != 0 {
			c++
		}
	}
	return rows[:c]
}

// useVector switches the instance to the vector block path when kernelLevel has one and m > maxSmallHidden, and
// for m ≤ maxSmallHidden to the lane path when kernelLevel is AVX-512 (else the unrolled scalar kernels stay).
func (d *instanceData) useVector(m int, model Model) {
	if m <= maxSmallHidden {
		d.useLane(m, model)
		return
	}
	ops := opsFor(kernelLevel)
	if ops == nil {
		return
	}
	np := (d.n + 15) &^ 15
	d.vec = &vecData{ops: ops, np: np, m: m, wt: make([]float32, (m+1)*np), hidden: model == ReLUHidden || model == Abs}
	d.kernel = (*instanceData).blockVec
}

// newScratch returns a worker's buffers, with the vector path's when the instances use it.
func (t *Trainer) newScratch() *scratch {
	s := newScratch(t.n, t.mp)
	if t.inst[0].vec != nil {
		s.vec = newVecBuf(t.n, t.mp, t.inst[0].vec.np)
	}
	if t.inst[0].lane != nil {
		s.lane = newLaneBuf(t.n, t.mp, t.cfg.Model == Abs)
	}
	return s
}

// prepare readies every instance's vector-path copy of the parameters for a step.
func (t *Trainer) prepare() {
	for i := range t.inst {
		t.inst[i].prepare()
	}
}
