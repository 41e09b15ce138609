package cpu

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
// the non-zero x. It is the portable path: on amd64 with AVX2 or AVX-512 the vector kernels of kernel_vec.go run
// instead.
func (d *instanceData) blockTiled(blk *block, dW, db []float32, s *scratch) float64 {
	n, mp := d.n, d.mp
	W, bias := d.W[:n*mp], d.b[:n]
	dW, db = dW[:n*mp], db[:n]
	h, g, z := s.h[:mp], s.g[:mp], s.z[:n]
	total := 0.0
	for smp := 0; smp < blk.size; smp++ {
		xs := blk.x[smp*n : smp*n+n]
		nz := blk.nz[blk.nzOff[smp]:blk.nzOff[smp+1]]
		clear(h)
		gatherRows(h, W, mp, xs, nz)
		copy(z, bias)
		rowDots(z, W, h, mp)
		na, loss := d.outputRows(xs, z, db, s)
		total += float64(loss)
		clear(g)
		activeOuter(dW, g, W, h, s.act[:na], s.dv[:na], mp)
		scatterRows(dW, g, mp, xs, nz)
	}
	return total
}
