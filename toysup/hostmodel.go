package toysup

import "math"

// Forward computes one sample's output on the host, `x` and the result `[features]`, for an instance's W and b
// (`[features][hidden]`, `[features]`):
//
//	linear:       h = Σ_i x_i W_i,        x'_i = W_i·h + b_i
//	relu_output:  h = Σ_i x_i W_i,        x'_i = ReLU(W_i·h + b_i)
//	relu_hidden:  h = ReLU(Σ_i x_i W_i),  x'_i = ReLU(W_i·h + b_i)
//	abs:          h = ReLU(Σ_i x_i W_i),  y'_i = ReLU(WOut_i·h + b_i)
func Forward(model ModelKind, in Instance, x []float64) []float64 {
	out := make([]float64, len(x))
	forwardInto(model, in, x, make([]float64, len(in.W[0])), out)
	return out
}

// forwardInto is [Forward] writing into out `[features]`, with h `[hidden]` as scratch.
func forwardInto(model ModelKind, in Instance, x, h, out []float64) {
	W := in.W
	clear(h)
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
	for i := range out {
		v := Dot(W[i], h) + in.B[i]
		if model != ModelLinear && v < 0 {
			v = 0
		}
		out[i] = v
	}
}

// Target is what the model reconstructs: x itself, or |x| for the abs model. It may reuse x's storage.
func Target(model ModelKind, x []float64) []float64 {
	if model != ModelAbs {
		return x
	}
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Abs(v)
	}
	return y
}

// WeightedSquaredError is one sample's loss Σ_i I_i (y_i − y'_i)² for target y and output y' (y = x for the
// autoencoders); the seed notebook's ToyLoss sums it over the batch too.
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
	model, n := cfg.Model, cfg.Features
	out := make([]float64, len(instances))
	// Batches of at most 2^20 values (8 MiB), whatever the number of instances; the generator's stream does not
	// depend on the batch size.
	chunk := max(1, min(4096, (1<<20)/(len(instances)*n)))
	h, pred, y := make([]float64, cfg.Hidden), make([]float64, n), make([]float64, n)
	for done := 0; done < samples; done += chunk {
		b := gen.Sample(min(chunk, samples-done))
		for s := 0; s < b.Size; s++ {
			for k, in := range instances {
				x := b.Row(s, k)
				forwardInto(model, in, x, h, pred)
				target := x
				if model == ModelAbs {
					for i, v := range x {
						y[i] = math.Abs(v)
					}
					target = y
				}
				out[k] += WeightedSquaredError(in.Importance, target, pred)
			}
		}
	}
	for k := range out {
		out[k] /= float64(samples)
	}
	return out, nil
}
