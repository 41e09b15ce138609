package cpu

import "math"

// Tiling of the kernel for m > maxSmallHidden.
const (
	// tile is the number of hidden units whose h (and, in halves, g) are held in registers.
	tile = 8
	// rowBlock is the number of rows of W (and dW) a pass keeps in L1 while it loops over the tiles.
	rowBlock = 64
)

// blockTiled is the block kernel for m > maxSmallHidden (see [blockKernel]); the stride mp is a multiple of tile.
// Per sample: h = Wᵀx over the non-zero x; z = W h + b by row blocks and tiles of 8 hidden units; d and the list of
// active rows; dW_i += d_i h and g += d_i W_i over the active rows by row blocks and tiles of 4; dW_i += x_i g over
// the non-zero x.
func (d *instanceData) blockTiled(blk *block, dW, db []float32, s *scratch) float64 {
	n, mp := d.n, d.mp
	W, bias, imp, c2 := d.W[:n*mp], d.b[:n], d.imp[:n], d.c2[:n]
	dW, db = dW[:n*mp], db[:n]
	h, g, z, dv, act := s.h[:mp], s.g[:mp], s.z[:n], s.dv[:n], s.act[:n]
	total := 0.0
	for smp := 0; smp < blk.size; smp++ {
		xs := blk.x[smp*n : smp*n+n]
		nz := blk.nz[blk.nzOff[smp]:blk.nzOff[smp+1]]

		clear(h)
		for _, i := range nz {
			xi := xs[i]
			w := W[int(i)*mp : int(i)*mp+mp]
			for t := 0; t+tile <= len(w); t += tile {
				w8 := (*[tile]float32)(w[t : t+tile])
				h8 := (*[tile]float32)(h[t : t+tile])
				h8[0] += xi * w8[0]
				h8[1] += xi * w8[1]
				h8[2] += xi * w8[2]
				h8[3] += xi * w8[3]
				h8[4] += xi * w8[4]
				h8[5] += xi * w8[5]
				h8[6] += xi * w8[6]
				h8[7] += xi * w8[7]
			}
		}

		copy(z, bias)
		for r0 := 0; r0 < n; r0 += rowBlock {
			r1 := min(n, r0+rowBlock)
			for t := 0; t+tile <= mp; t += tile {
				h8 := (*[tile]float32)(h[t : t+tile])
				h0, h1, h2, h3, h4, h5, h6, h7 := h8[0], h8[1], h8[2], h8[3], h8[4], h8[5], h8[6], h8[7]
				for i := r0; i < r1; i++ {
					w := (*[tile]float32)(W[i*mp+t : i*mp+t+tile])
					z[i] += ((w[0]*h0 + w[1]*h1) + (w[2]*h2 + w[3]*h3)) + ((w[4]*h4 + w[5]*h5) + (w[6]*h6 + w[7]*h7))
				}
			}
		}

		na := 0
		var loss float32
		lin := d.linMask
		for i := 0; i < n; i++ {
			zb := math.Float32bits(z[i])
			on := positive(zb) | lin
			r := math.Float32frombits(zb&on) - xs[i]
			loss += imp[i] * r * r
			di := math.Float32frombits(math.Float32bits(c2[i]*r) & on)
			db[i] += di
			act[na], dv[na] = int32(i), di
			na += int(on & 1)
		}
		total += float64(loss)

		clear(g)
		for a0 := 0; a0 < na; a0 += rowBlock {
			a1 := min(na, a0+rowBlock)
			rows, ds := act[a0:a1], dv[a0:a1]
			for t := 0; t+4 <= mp; t += 4 {
				h4 := (*[4]float32)(h[t : t+4])
				g4 := (*[4]float32)(g[t : t+4])
				h0, h1, h2, h3 := h4[0], h4[1], h4[2], h4[3]
				g0, g1, g2, g3 := g4[0], g4[1], g4[2], g4[3]
				for a, i := range rows {
					di := ds[a]
					o := int(i)*mp + t
					w := (*[4]float32)(W[o : o+4])
					dw := (*[4]float32)(dW[o : o+4])
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

		for _, i := range nz {
			xi := xs[i]
			dw := dW[int(i)*mp : int(i)*mp+mp]
			for t := 0; t+tile <= len(dw); t += tile {
				d8 := (*[tile]float32)(dw[t : t+tile])
				g8 := (*[tile]float32)(g[t : t+tile])
				d8[0] += xi * g8[0]
				d8[1] += xi * g8[1]
				d8[2] += xi * g8[2]
				d8[3] += xi * g8[3]
				d8[4] += xi * g8[4]
				d8[5] += xi * g8[5]
				d8[6] += xi * g8[6]
				d8[7] += xi * g8[7]
			}
		}
	}
	return total
}
