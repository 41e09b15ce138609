package toysup

import "math"

// Forward computes one sample's output on the host, `x` and the result `[features]`, for an instance's W and b
// (`[features][hidden]`, `[features]`):
//
//	linear:       h = Σ_i x_i W_i,        x'_i = W_i·h + b_i
//	relu_output:  h = Σ_i x_i W_i,        x'_i = ReLU(W_i·h + b_i)
//	relu_hidden:  h = ReLU(Σ_i x_i W_i),  x'_i = ReLU(W_i·h + b_i)
//	abs:          h = ReLU(Σ_i x_i W_i),  y'_i = ReLU(WOut_i·h + b_i)
func Forward(model string, in Instance, x []float64) []float64 {
	W := in.W
	h := make([]float64, len(W[0]))
	for i, xi := range x {
		if xi == 0 {
			continue
		}
		for j := range h {
			h[j] += xi * W[i][j]
		}
	}
	if model == ModelReLUHidden || model == ModelAbs {
		for j := range h {
			h[j] = max(h[j], 0)
		}
	}
	if model == ModelAbs {
		W = in.WOut
	}
	out := make([]float64, len(x))
	for i := range out {
		v := dot(W[i], h) + in.B[i]
		if model != ModelLinear && v < 0 {
			v = 0
		}
		out[i] = v
	}
	return out
}

// Target is what the model reconstructs: x itself, or |x| for the abs model. It may reuse x's storage.
func Target(model string, x []float64) []float64 {
	if model != ModelAbs {
		return x
	}
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Abs(v)
	}
	return y
}

// WeightedSquaredError is Σ_i I_i (y_i − y'_i)² for target y and output y'; for the autoencoders y = x: one sample's loss (the seed notebook's ToyLoss sums it over
// the batch too).
func WeightedSquaredError(importance, y, out []float64) float64 {
	s := 0.0
	for i := range y {
		d := y[i] - out[i]
		s += importance[i] * d * d
	}
	return s
}

// EvalLoss evaluates each instance's loss, the mean over `samples` fresh samples of Σ_i I_i (y_i − y'_i)², drawn
// as cfg describes (feature sets, signed inputs) with each instance's own feature probabilities, with seed. It
// returns `[instances]`.
func EvalLoss(cfg Config, instances []Instance, samples int, seed uint64) ([]float64, error) {
	p := make([][]float64, len(instances))
	for k, in := range instances {
		p[k] = in.FeatureProbability
	}
	cfg.Instances, cfg.FeatureProbability = len(instances), Matrix(p)
	gen, err := NewConfigGenerator(cfg, seed)
	if err != nil {
		return nil, err
	}
	model := cfg.Model
	out := make([]float64, len(instances))
	const chunk = 4096
	for done := 0; done < samples; done += chunk {
		b := gen.Sample(min(chunk, samples-done))
		for s := 0; s < b.Size; s++ {
			for k, in := range instances {
				x := b.Row(s, k)
				out[k] += WeightedSquaredError(in.Importance, Target(model, x), Forward(model, in, x))
			}
		}
	}
	for k := range out {
		out[k] /= float64(samples)
	}
	return out, nil
}
