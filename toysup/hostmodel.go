package toysup

// Forward computes one sample's output on the host: `x' = act(WᵀW x + b)`, with `W` `[features][hidden]`,
// `x` and the result `[features]`; act is the identity for "linear" and ReLU for "relu_output".
func Forward(model string, W [][]float64, b, x []float64) []float64 {
	m := len(W[0])
	h := make([]float64, m) // h = Σ_i x_i W_i
	for i, xi := range x {
		if xi == 0 {
			continue
		}
		for j := range h {
			h[j] += xi * W[i][j]
		}
	}
	out := make([]float64, len(x))
	for i := range out {
		v := dot(W[i], h) + b[i]
		if model != ModelLinear && v < 0 {
			v = 0
		}
		out[i] = v
	}
	return out
}

// WeightedSquaredError is Σ_i I_i (x_i − x'_i)²: one sample's loss (the seed notebook's ToyLoss sums it over
// the batch too).
func WeightedSquaredError(importance, x, out []float64) float64 {
	s := 0.0
	for i := range x {
		d := x[i] - out[i]
		s += importance[i] * d * d
	}
	return s
}

// EvalLoss evaluates each instance's loss, the mean over `samples` fresh samples of Σ_i I_i (x_i − x'_i)², drawn
// from the instance's own feature probabilities with seed. It returns `[instances]`.
func EvalLoss(model string, instances []Instance, samples int, seed uint64) []float64 {
	p := make([][]float64, len(instances))
	for k, in := range instances {
		p[k] = in.FeatureProbability
	}
	gen := must(NewGenerator(p, seed))
	out := make([]float64, len(instances))
	const chunk = 4096
	for done := 0; done < samples; done += chunk {
		b := gen.Sample(min(chunk, samples-done))
		for s := 0; s < b.Size; s++ {
			for k, in := range instances {
				x := b.Row(s, k)
				out[k] += WeightedSquaredError(in.Importance, x, Forward(model, in.W, in.B, x))
			}
		}
	}
	for k := range out {
		out[k] /= float64(samples)
	}
	return out
}
