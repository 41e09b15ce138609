package cpu

import "fmt"

// Gradients evaluates, with the training kernels (float32), each instance's loss on the given batch and the
// gradient of Σ_k loss_k with respect to the current W and b, without changing them. x is `[size][K][n]` row-major
// (toysup.Batch's layout). It returns loss `[K]`, dW `[K][n][m]` and db `[K][n]`; importance is floored as in
// training. For the abs model use [Trainer.UntiedGradients].
func (t *Trainer) Gradients(x []float64, size int) (loss []float64, dW [][][]float64, db [][]float64, err error) {
	if t.cfg.Model == Abs {
		return nil, nil, nil, fmt.Errorf("cpu: model abs: use UntiedGradients for its WOut gradient")
	}
	loss, dW, _, db, err = t.UntiedGradients(x, size)
	return loss, dW, db, err
}

// UntiedGradients is [Trainer.Gradients] with the gradient dWOut `[K][n][m]` of the abs model's WOut (nil for the
// tied models). For abs the batch x holds the signed inputs and the loss is against |x|.
func (t *Trainer) UntiedGradients(x []float64, size int) (loss []float64, dW, dWOut [][][]float64, db [][]float64, err error) {
	if t.closed {
		return nil, nil, nil, nil, ErrClosed
	}
	if size < 1 || len(x) != size*t.k*t.n {
		return nil, nil, nil, nil, fmt.Errorf("cpu: batch has %d values, want size·K·n = %d·%d·%d with size ≥ 1", len(x), size, t.k, t.n)
	}
	s := t.newScratch()
	t.prepare()
	g := make([]float32, t.per)
	loss = make([]float64, t.k)
	dW = make([][][]float64, t.k)
	db = make([][]float64, t.k)
	if t.cfg.Model == Abs {
		dWOut = make([][][]float64, t.k)
	}
	capacity := len(s.blk.nzOff) - 1
	rows := make([]float64, capacity*t.n)
	for k := 0; k < t.k; k++ {
		d := t.inst[k]
		d.c2 = make([]float32, t.n)
		for i := range d.c2 {
			d.c2[i] = float32(2 * float64(d.imp[i]) / float64(size))
		}
		clear(g)
		sum := 0.0
		for done := 0; done < size; done += capacity {
			cnt := min(capacity, size-done)
			for smp := 0; smp < cnt; smp++ {
				o := ((done+smp)*t.k + k) * t.n
				copy(rows[smp*t.n:(smp+1)*t.n], x[o:o+t.n])
			}
			s.blk.load(rows, t.n, cnt)
			sum += d.kernel(&d, s.blk, g[:t.n*t.mp], g[t.n*t.mp:], s)
			if t.cfg.L1 > 0 {
				sum += t.l1(&d, s.blk, g[:t.n*t.mp], s, size)
			}
		}
		loss[k] = sum / float64(size)
		var dwo [][]float64
		dW[k], dwo, db[k] = t.unpack(g)
		if dWOut != nil {
			dWOut[k] = dwo
		}
	}
	return loss, dW, dWOut, db, nil
}
