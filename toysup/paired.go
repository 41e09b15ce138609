package toysup

import "math"

// PairedEvalLoss evaluates instances that share one setting (the same feature probabilities `[n]`, as the seeds
// of a best-of-K sweep) on the same `samples` fresh samples, drawn as cfg describes with seed: it returns each
// instance's mean loss `[instances]` (as [EvalLoss]) and the standard error of each one's difference from the
// lowest, se `[instances]` (0 for the lowest itself). On common samples the noise of the inputs cancels from the
// differences, so the ranking needs far fewer samples than independent estimates would.
func PairedEvalLoss(cfg Config, instances []Instance, samples int, seed uint64) (mean, se []float64, err error) {
	if len(instances) == 0 || samples < 2 {
		return nil, nil, ArgErrorf("samples", "got %d instances and %d samples, want ≥ 1 and ≥ 2", len(instances), samples)
	}
	p := instances[0].FeatureProbability
	for k, in := range instances {
		if len(in.FeatureProbability) != len(p) {
			return nil, nil, ArgErrorf("instances", "instance %d has %d features, want %d", k, len(in.FeatureProbability), len(p))
		}
		for i, v := range in.FeatureProbability {
			if v != p[i] {
				return nil, nil, ArgErrorf("instances", "instance %d: feature %d has probability %v, instance 0 %v: paired evaluation needs one setting", k, i, v, p[i])
			}
		}
	}
	cfg.Instances, cfg.FeatureProbability = 1, Matrix([][]float64{p})
	gen, err := NewConfigGenerator(cfg, seed)
	if err != nil {
		return nil, nil, err
	}
	K, n := len(instances), cfg.Features
	// Per-sample losses of every instance, kept to form the differences from the lowest mean afterwards.
	loss := make([][]float64, K)
	for k := range loss {
		loss[k] = make([]float64, 0, samples)
	}
	h, pred, y := make([]float64, cfg.Hidden), make([]float64, n), make([]float64, n)
	for done := 0; done < samples; done += 4096 {
		b := gen.Sample(min(4096, samples-done))
		for s := 0; s < b.Size; s++ {
			x := b.Row(s, 0)
			target := Target(cfg.Model, append(y[:0], x...))
			for k, in := range instances {
				forwardInto(cfg.Model, in, x, h, pred)
				loss[k] = append(loss[k], WeightedSquaredError(in.Importance, target, pred))
			}
		}
	}
	mean = make([]float64, K)
	best := 0
	for k := range loss {
		for _, v := range loss[k] {
			mean[k] += v
		}
		mean[k] /= float64(samples)
		if mean[k] < mean[best] || math.IsNaN(mean[best]) {
			best = k
		}
	}
	se = make([]float64, K)
	for k := range loss {
		se[k] = diffSE(loss[k], loss[best], mean[k]-mean[best])
	}
	return mean, se, nil
}

// diffSE is the standard error of the mean of a − b, whose mean is d.
func diffSE(a, b []float64, d float64) float64 {
	v := 0.0
	for s := range a {
		e := a[s] - b[s] - d
		v += e * e
	}
	N := float64(len(a))
	return math.Sqrt(v / (N - 1) / N)
}
