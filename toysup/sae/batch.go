package sae

import (
	"sync"
	"sync/atomic"
)

// chunkRows is the fixed number of batch rows one chunk of the gradient covers. Chunks run on t.workers
// goroutines and their sums are added in chunk order, so the gradient does not depend on the number of cores.
const chunkRows = 128

// chunk holds one chunk's gradient sum, scratch, the latents that fired in it and (on logged steps) its
// statistics.
type chunk struct {
	g     []float64
	s     *scratch
	fired []bool
	st    *batchStats
}

// gradient runs forward and backward over the batch in t.H into t.g (the mean over the batch), records the
// latents that fired at step and, when st is not nil, the batch's statistics. Inputs without a non-zero feature
// (h = 0: most inputs of a sparse base) all give the same forward pass, so they are computed once, after the
// chunks, and weighted by their number.
func (t *trainer) gradient(step int, st *batchStats) {
	m, scale := t.md.m, 1/float64(len(t.counts))
	parallel(len(t.chunks), t.workers, func(q int) { t.runChunk(q, scale, st != nil) })
	clear(t.g)
	for _, c := range t.chunks {
		for i, v := range c.g {
			t.g[i] += v
		}
		t.markFired(c.fired, step)
		if st != nil {
			st.merge(c.st)
		}
	}
	zeros := 0
	for _, c := range t.counts {
		if c == 0 {
			zeros++
		}
	}
	if zeros == 0 {
		return
	}
	c := t.chunks[0]
	clear(c.fired)
	sq := t.sample(c, make([]float64, m), 0, scale*float64(zeros), st, zeros)
	t.markFired(c.fired, step)
	for r, n := range t.counts {
		if n == 0 {
			t.sq[r] = sq
		}
	}
}

// runChunk runs the non-zero inputs of chunk q into its gradient sum, fired flags and (stats) statistics.
func (t *trainer) runChunk(q int, scale float64, stats bool) {
	c, m := t.chunks[q], t.md.m
	clear(c.g)
	clear(c.fired)
	c.st = nil
	if stats {
		c.st = newBatchStats(t.md.L, m)
	}
	for r := q * chunkRows; r < min((q+1)*chunkRows, len(t.counts)); r++ {
		if n := t.counts[r]; n != 0 {
			t.sq[r] = t.sample(c, t.H[r*m:(r+1)*m], n, scale, c.st, 1)
		}
	}
}

// sample runs one input h (with its count of non-zero features) forward and backward with weight scale into
// c, records it times times in st (when not nil) and returns its squared error.
func (t *trainer) sample(c *chunk, h []float64, count int, scale float64, st *batchStats, times int) float64 {
	loss, sq := t.md.forward(h, c.s)
	t.md.backward(c.s, scale, c.g)
	for j, z := range c.s.z {
		if z != 0 {
			c.fired[j] = true
		}
	}
	if st != nil {
		for range times {
			st.add(h, count, c.s, loss, sq)
		}
	}
	return sq
}

func (t *trainer) markFired(fired []bool, step int) {
	for j, f := range fired {
		if f {
			t.lastFired[j] = step
		}
	}
}

// parallel calls f(0 … n−1) on workers goroutines (inline for one).
func parallel(n, workers int, f func(int)) {
	if workers <= 1 || n <= 1 {
		for q := range n {
			f(q)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for q := int(next.Add(1)) - 1; q < n; q = int(next.Add(1)) - 1 {
				f(q)
			}
		}()
	}
	wg.Wait()
}
