package cpu

import "math"

// modelData is what the relu_hidden and abs kernels and the feature-set generator need beyond [instanceData]. It
// is nil for the tied linear and relu_output models with independent features, whose paths it leaves as they were.
type modelData struct {
	// Wout is the output matrix `[n][mp]`: WOut for abs (a view into the parameters, after b), W for relu_hidden.
	Wout    []float32
	untied  bool   // abs: Wout's gradient follows db in the gradient buffer.
	absMask uint32 // 0x7fffffff for abs (the target is |x|), all ones otherwise.
	signed  bool   // abs: non-zero inputs are Uniform[−1, 1).
	layout  *setLayout
	sets    *setTables // nil: independent features.
}

// outGrad returns the gradient of Wout `[n][mp]`: dW for the tied relu_hidden model, the part of the instance's
// gradient after db for abs (see [blockKernel]).
func (d *instanceData) outGrad(dW, db []float32) []float32 {
	if d.more.untied {
		return db[d.n:]
	}
	return dW
}

// relu is max(a, 0), and NaN stays NaN (see [positive]).
func relu(a float32) float32 {
	return math.Float32frombits(math.Float32bits(a) & positive(math.Float32bits(a)))
}

// gate returns g where the hidden unit is active (h = ReLU(a) > 0, or NaN), else 0: ReLU'(a)·g with ReLU'(0) = 0.
func gate(g, h float32) float32 {
	return math.Float32frombits(math.Float32bits(g) & positive(math.Float32bits(h)))
}

// hiddenKernelFor returns the relu_hidden/abs block kernel for hidden size m.
func hiddenKernelFor(m int) blockKernel {
	if m <= maxSmallHidden {
		return hiddenSmallKernel(m)
	}
	return (*instanceData).blockHiddenTiled
}

// blockHiddenTiled is the relu_hidden and abs block kernel for m > maxSmallHidden (see [blockKernel]), built like
// [instanceData.blockTiled]: h = ReLU(Wᵀx) over the non-zero x; z = Wout h + b; d over the rows, the list of active
// rows; dWout_i += d_i h and g += d_i Wout_i over the active rows; dW_i += x_i (g masked by h > 0) over the non-zero x.
func (d *instanceData) blockHiddenTiled(blk *block, dW, db []float32, s *scratch) float64 {
	n, mp := d.n, d.mp
	W, Wo, bias := d.W[:n*mp], d.more.Wout[:n*mp], d.b[:n]
	dWo := d.outGrad(dW, db)[:n*mp]
	dW, db = dW[:n*mp], db[:n]
	h, g, z := s.h[:mp], s.g[:mp], s.z[:n]
	total := 0.0
	for smp := 0; smp < blk.size; smp++ {
		xs := blk.x[smp*n : smp*n+n]
		nz := blk.nz[blk.nzOff[smp]:blk.nzOff[smp+1]]
		clear(h)
		gatherRows(h, W, mp, xs, nz)
		for j, a := range h {
			h[j] = relu(a)
		}
		copy(z, bias)
		rowDots(z, Wo, h, mp)
		na, loss := d.outputRows(xs, z, db, s)
		total += float64(loss)
		clear(g)
		activeOuter(dWo, g, Wo, h, s.act[:na], s.dv[:na], mp)
		for j, gj := range g {
			g[j] = gate(gj, h[j])
		}
		scatterRows(dW, g, mp, xs, nz)
	}
	return total
}

// outputRows computes, from z = Wout h + b `[n]` (W h + b for the tied models), the loss against the target (x, or
// |x| for abs), d_i and db; it lists the active rows (z_i > 0, every row for the linear model) and their d in s.act
// and s.dv and returns their number and the loss.
func (d *instanceData) outputRows(xs, z, db []float32, s *scratch) (int, float32) {
	n := d.n
	imp, c2, act, dv := d.imp[:n], d.c2[:n], s.act[:n], s.dv[:n]
	absMask, lin := ^uint32(0), d.linMask
	if d.more != nil {
		absMask = d.more.absMask
	}
	na := 0
	var loss float32
	for i := 0; i < n; i++ {
		zb := math.Float32bits(z[i])
		on := positive(zb) | lin
		r := math.Float32frombits(zb&on) - math.Float32frombits(math.Float32bits(xs[i])&absMask)
		loss += imp[i] * r * r
		di := math.Float32frombits(math.Float32bits(c2[i]*r) & on)
		db[i] += di
		act[na], dv[na] = int32(i), di
		na += int(on & 1)
	}
	return na, loss
}

// gatherRows adds Σ_i x_i M_i over the listed rows i to v `[mp]` (M `[n][mp]`, mp a multiple of tile).
func gatherRows(v, M []float32, mp int, xs []float32, rows []int32) {
	for _, i := range rows {
		xi := xs[i]
		w := M[int(i)*mp : int(i)*mp+mp]
		for t := 0; t+tile <= len(w); t += tile {
			w8 := (*[tile]float32)(w[t : t+tile])
			v8 := (*[tile]float32)(v[t : t+tile])
			v8[0] += xi * w8[0]
			v8[1] += xi * w8[1]
			v8[2] += xi * w8[2]
			v8[3] += xi * w8[3]
			v8[4] += xi * w8[4]
			v8[5] += xi * w8[5]
			v8[6] += xi * w8[6]
			v8[7] += xi * w8[7]
		}
	}
}

// scatterRows adds x_i v to the listed rows i of M `[n][mp]`.
func scatterRows(M, v []float32, mp int, xs []float32, rows []int32) {
	for _, i := range rows {
		xi := xs[i]
		dw := M[int(i)*mp : int(i)*mp+mp]
		for t := 0; t+tile <= len(dw); t += tile {
			d8 := (*[tile]float32)(dw[t : t+tile])
			v8 := (*[tile]float32)(v[t : t+tile])
			d8[0] += xi * v8[0]
			d8[1] += xi * v8[1]
			d8[2] += xi * v8[2]
			d8[3] += xi * v8[3]
			d8[4] += xi * v8[4]
			d8[5] += xi * v8[5]
			d8[6] += xi * v8[6]
			d8[7] += xi * v8[7]
		}
	}
}

// rowDots adds M_i·v to z_i for every row (M `[n][mp]`), by row blocks and tiles of 8 hidden units.
func rowDots(z, M, v []float32, mp int) {
	n := len(z)
	for r0 := 0; r0 < n; r0 += rowBlock {
		r1 := min(n, r0+rowBlock)
		for t := 0; t+tile <= mp; t += tile {
			v8 := (*[tile]float32)(v[t : t+tile])
			h0, h1, h2, h3, h4, h5, h6, h7 := v8[0], v8[1], v8[2], v8[3], v8[4], v8[5], v8[6], v8[7]
			for i := r0; i < r1; i++ {
				w := (*[tile]float32)(M[i*mp+t : i*mp+t+tile])
				z[i] += ((w[0]*h0 + w[1]*h1) + (w[2]*h2 + w[3]*h3)) + ((w[4]*h4 + w[5]*h5) + (w[6]*h6 + w[7]*h7))
			}
		}
	}
}

// activeOuter adds, over the listed rows i with their d_i, d_i h to dM_i and d_i M_i to g `[mp]`, by row blocks
// and tiles of 4 hidden units.
func activeOuter(dM, g, M, h []float32, rows []int32, ds []float32, mp int) {
	for a0 := 0; a0 < len(rows); a0 += rowBlock {
		a1 := min(len(rows), a0+rowBlock)
		rs, dd := rows[a0:a1], ds[a0:a1]
		for t := 0; t+4 <= mp; t += 4 {
			h4 := (*[4]float32)(h[t : t+4])
			g4 := (*[4]float32)(g[t : t+4])
			h0, h1, h2, h3 := h4[0], h4[1], h4[2], h4[3]
			g0, g1, g2, g3 := g4[0], g4[1], g4[2], g4[3]
			for a, i := range rs {
				di := dd[a]
				o := int(i)*mp + t
				w := (*[4]float32)(M[o : o+4])
				dw := (*[4]float32)(dM[o : o+4])
				dw[0] += di * h0
				dw[1] += di * h1
				dw[2] += di * h2
				dw[3] += di * h3
				g0 += di * w[0]
				g1 += di * w[1]
				g2 += di * w[2]
				g3 += di * w[3]
			}
			g4[0], g4[1], g4[2], g4[3] = g0, g1, g2, g3
		}
	}
}
