package cpu

import (
	"fmt"
	"math"
)

// Samples is a fixed training set of one instance, stored sparsely: sample t's non-zero features are
// Index[Off[t]:Off[t+1]] with values Value[Off[t]:Off[t+1]] (already signed for abs and normalised when asked).
type Samples struct {
	Off   []int32
	Index []int32
	Value []float32
}

// Len is the number of samples.
func (s *Samples) Len() int { return len(s.Off) - 1 }

func (s *Samples) validate(n int) error {
	if len(s.Off) < 2 || s.Off[0] != 0 || int(s.Off[len(s.Off)-1]) != len(s.Index) || len(s.Index) != len(s.Value) {
		return fmt.Errorf("cpu: dataset: %d offsets for %d indices and %d values: want T+1 ≥ 2 offsets from 0 to the number of entries", len(s.Off), len(s.Index), len(s.Value))
	}
	for t := 1; t < len(s.Off); t++ {
		if s.Off[t] < s.Off[t-1] || int(s.Off[t]-s.Off[t-1]) > n {
			return fmt.Errorf("cpu: dataset: sample %d has offsets %d…%d (at most features = %d entries)", t-1, s.Off[t-1], s.Off[t], n)
		}
	}
	for e, i := range s.Index {
		if i < 0 || int(i) >= n || math.IsNaN(float64(s.Value[e])) || math.IsInf(float64(s.Value[e]), 0) {
			return fmt.Errorf("cpu: dataset: entry %d: feature %d, value %v (want 0…%d and finite)", e, i, s.Value[e], n-1)
		}
	}
	return nil
}

// fill loads `count` samples of the fixed set into blk: batch positions first, first+1, … of step `step`, i.e.
// samples (step·B + position) mod T with B the batch size.
func (d *instanceData) fill(set *Samples, blk *block, step, batch, first, count int) {
	n, T := d.n, set.Len()
	blk.size = count
	cnt := int32(0)
	blk.nzOff[0] = 0
	t := int((int64(step)*int64(batch) + int64(first)) % int64(T))
	for smp := 0; smp < count; smp++ {
		x := blk.x[smp*n : smp*n+n]
		clear(x)
		for e := set.Off[t]; e < set.Off[t+1]; e++ {
			i := set.Index[e]
			x[i] = set.Value[e]
			blk.nz[cnt] = i
			cnt++
		}
		blk.nzOff[smp+1] = cnt
		if t++; t == T {
			t = 0
		}
	}
}

// normalize scales every sample of blk to unit L2 norm (an all-zero sample stays zero).
func (blk *block) normalize(n int) {
	for smp := 0; smp < blk.size; smp++ {
		xs, nz := blk.x[smp*n:smp*n+n], blk.nz[blk.nzOff[smp]:blk.nzOff[smp+1]]
		sq := float32(0)
		for _, i := range nz {
			sq += xs[i] * xs[i]
		}
		if sq == 0 {
			continue
		}
		inv := float32(1 / math.Sqrt(float64(sq)))
		for _, i := range nz {
			xs[i] *= inv
		}
	}
}

// l1Block adds the gradient of the penalty (λ/B)·Σ_s Σ_j |h_sj| over blk to dW `[n][mp]` (lamB = λ/B) and returns
// λ·Σ_s Σ_j |h_sj| (lam = λ). h = Σ_i x_i W_i, through a ReLU when hidden (relu_hidden, abs): ∂|h_j|/∂W_ij is
// x_i·sign(h_j), or x_i·[h_j > 0] behind the ReLU (sign(0) = 0). h and sg are scratch `[m]`.
func (d *instanceData) l1Block(blk *block, dW []float32, m int, hidden bool, lam, lamB float32, h, sg []float32) float64 {
	n, mp := d.n, d.mp
	total := 0.0
	for smp := 0; smp < blk.size; smp++ {
		xs, nz := blk.x[smp*n:smp*n+n], blk.nz[blk.nzOff[smp]:blk.nzOff[smp+1]]
		clear(h)
		for _, i := range nz {
			row, v := d.W[int(i)*mp:int(i)*mp+m], xs[i]
			for j := range h {
				h[j] += v * row[j]
			}
		}
		sum := float32(0)
		for j, a := range h {
			switch {
			case a > 0:
				sum, sg[j] = sum+a, lamB
			case a < 0 && !hidden:
				sum, sg[j] = sum-a, -lamB
			default:
				sg[j] = 0
			}
		}
		total += float64(lam * sum)
		for _, i := range nz {
			row, v := dW[int(i)*mp:int(i)*mp+m], xs[i]
			for j := range row {
				row[j] += v * sg[j]
			}
		}
	}
	return total
}
