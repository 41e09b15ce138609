package gomlx

import (
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/toymodels/superposition/toysup"
)

// dataBatches serves the batches of a fixed training set: step s, batch position j is sample (s·B + j) mod T of
// each instance's set ([toysup.Config.TrainingSet]), B = min(batch_size, T), as in the native engine.
type dataBatches struct {
	sets []toysup.SparseSet
	k, n int
	bs   int
	full *tensors.Tensor // B = T: the whole set, the same every step.
	buf  []float32
}

func newDataBatches(cfg toysup.Config) *dataBatches {
	d := &dataBatches{k: cfg.Instances, n: cfg.Features, bs: cfg.EffectiveBatch()}
	for k := 0; k < cfg.Instances; k++ {
		d.sets = append(d.sets, cfg.TrainingSet(k))
	}
	d.buf = make([]float32, d.k*d.bs*d.n)
	if d.bs == cfg.DatasetSize {
		d.full = d.build(0)
	}
	return d
}

// batch is step's batch `[instances, batch, features]`.
func (d *dataBatches) batch(step int) *tensors.Tensor {
	if d.full != nil {
		return d.full
	}
	return d.build(step)
}

func (d *dataBatches) build(step int) *tensors.Tensor {
	clear(d.buf)
	for k, set := range d.sets {
		T := set.Len()
		t := int((int64(step) * int64(d.bs)) % int64(T))
		for j := 0; j < d.bs; j++ {
			row := d.buf[(k*d.bs+j)*d.n : (k*d.bs+j+1)*d.n]
			for e := set.Off[t]; e < set.Off[t+1]; e++ {
				row[set.Index[e]] = float32(set.Value[e])
			}
			if t++; t == T {
				t = 0
			}
		}
	}
	return tensors.FromFlatDataAndDimensions(d.buf, d.k, d.bs, d.n)
}
