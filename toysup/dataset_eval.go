package toysup

import (
	"fmt"
)

// EvaluateData fills each instance's test_loss and, with a fixed training set, train_loss and train_hidden (see
// [Instance]) from the trained weights; train.Train calls it for every [Config.Extended] config. Both losses are
// the importance-weighted reconstruction loss without the L1 penalty.
func (r *Result) EvaluateData() error {
	c := r.Config
	if len(r.Instances) != c.Instances {
		return ArgErrorf("result", "%d instances, config says %d", len(r.Instances), c.Instances)
	}
	samples := TestSamples(c)
	for k := range r.Instances {
		in := &r.Instances[k]
		test := c.instanceSamples(k, samples, c.testStream(k))
		l := setLoss(c.Model, *in, test)
		in.TestLoss = &l
		if c.DatasetSize == 0 {
			continue
		}
		set := c.TrainingSet(k)
		tl := setLoss(c.Model, *in, set)
		in.TrainLoss = &tl
		if c.DatasetSize*c.Hidden <= MaxTrainHidden {
			in.TrainHidden = HiddenVectors(c.Model, in.W, set)
		}
	}
	return nil
}

// TestSamples is the number of fresh samples of each instance's test_loss: [MaxTestSamples], fewer (at least 100)
// when all instances' evaluations together would exceed [MaxTestWork] multiply-adds.
func TestSamples(c Config) int {
	per := float64(c.Instances) * float64(c.Features) * float64(c.Hidden+1)
	return int(max(100, min(MaxTestSamples, MaxTestWork/per)))
}

// setLoss is the mean over the set's samples of Σ_i I_i (y_i − y'_i)².
func setLoss(model ModelKind, in Instance, set SparseSet) float64 {
	n := set.Features
	x, h, pred := make([]float64, n), make([]float64, len(in.W[0])), make([]float64, n)
	sum := 0.0
	for t := 0; t < set.Len(); t++ {
		set.Dense(t, x)
		forwardInto(model, in, x, h, pred)
		sum += WeightedSquaredError(in.Importance, Target(model, x), pred)
	}
	return sum / float64(max(1, set.Len()))
}

// HiddenVectors returns the hidden vector of every sample of set, `[T][m]`: h = Σ_i x_i W_i, through a ReLU for
// the relu_hidden and abs models (W `[features][hidden]`; for abs the result's W, i.e. W₁ᵀ).
func HiddenVectors(model ModelKind, W [][]float64, set SparseSet) [][]float64 {
	m := len(W[0])
	out := make([][]float64, set.Len())
	for t := range out {
		h := make([]float64, m)
		for e := set.Off[t]; e < set.Off[t+1]; e++ {
			row, v := W[set.Index[e]], set.Value[e]
			for j := range h {
				h[j] += v * row[j]
			}
		}
		if model.HiddenReLU() {
			for j := range h {
				h[j] = max(h[j], 0)
			}
		}
		out[t] = h
	}
	return out
}

// Dimensionalities returns, for vectors v `[T][m]`, D_t = ‖v_t‖² / Σ_s (v̂_t·v_s)² (s = t included), `[T]`; 0 for
// v_t = 0. For the rows W_i it is the feature dimensionality D_i; for the hidden vectors h_t of the training
// points, their dimensionality D_t (m/T for T points on a regular T-gon in m = 2). O(T²·m).
func Dimensionalities(v [][]float64) []float64 {
	out := make([]float64, len(v))
	for t := range v {
		sq := Dot(v[t], v[t])
		if sq == 0 {
			continue
		}
		all := 0.0
		for s := range v {
			d := Dot(v[t], v[s])
			all += d * d / sq
		}
		out[t] = sq / all
	}
	return out
}

// checkData validates an instance's test_loss, train_loss and train_hidden against the config.
func (in Instance) checkData(c Config, name func(string) string) error {
	for _, f := range []struct {
		field string
		v     *float64
	}{{"test_loss", in.TestLoss}, {"train_loss", in.TrainLoss}} {
		if f.v != nil && !(finite(*f.v) && *f.v >= 0) {
			return resultFieldErr(name(f.field), "got %v, want finite and ≥ 0", *f.v)
		}
	}
	if c.DatasetSize == 0 {
		if in.TrainLoss != nil || in.TrainHidden != nil {
			return resultFieldErr(name("train_loss"), "train_loss and train_hidden only apply with dataset_size")
		}
		return nil
	}
	if in.TrainHidden == nil {
		return nil
	}
	if c.DatasetSize*c.Hidden > MaxTrainHidden {
		return resultFieldErr(name("train_hidden"), "dataset_size × hidden = %d exceeds %d: not stored", c.DatasetSize*c.Hidden, MaxTrainHidden)
	}
	if len(in.TrainHidden) != c.DatasetSize {
		return resultFieldErr(name("train_hidden"), "%d rows, want [dataset_size = %d][hidden = %d]", len(in.TrainHidden), c.DatasetSize, c.Hidden)
	}
	for t, row := range in.TrainHidden {
		if err := checkVector(fmt.Sprintf("%s[%d]", name("train_hidden"), t), row, c.Hidden, "finite", finite); err != nil {
			return err
		}
	}
	return nil
}
