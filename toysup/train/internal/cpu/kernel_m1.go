package cpu

import "math"

// blockM1 is the block kernel for m = 1 (see [blockKernel]): h, g and the mask are scalars, h is summed over all
// features (cheaper than following the non-zero list for the small n such sweeps use) and nothing branches on data.
func (d *instanceData) blockM1(blk *block, dW, db []float32, _ *scratch) float64 {
	n := d.n
	W, bias, imp, c2 := d.W[:n], d.b[:n], d.imp[:n], d.c2[:n]
	dW, db = dW[:n], db[:n]
	lin := d.linMask
	total := 0.0
	for s := 0; s < blk.size; s++ {
		xs := blk.x[s*n : s*n+n]
		var h float32
		for i, w := range W {
			h += xs[i] * w
		}
		var g, loss float32
		for i, w := range W {
			zb := math.Float32bits(bias[i] + w*h)
			on := positive(zb) | lin
			r := math.Float32frombits(zb&on) - xs[i]
			loss += imp[i] * r * r
			di := math.Float32frombits(math.Float32bits(c2[i]*r) & on)
			db[i] += di
			dW[i] += di * h
			g += di * w
		}
		for i, xi := range xs {
			dW[i] += xi * g
		}
		total += float64(loss)
	}
	return total
}
