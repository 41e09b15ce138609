package toysup

import "math"

// LearningRateAt is the learning rate of step (0-based) under cfg's schedule; every engine follows it.
//
//   - warm-up (step < warmup_steps): lr·step/warmup_steps;
//   - "constant": lr;
//   - "linear": lr·(1 − t/T), t = step − warmup_steps, T = steps − warmup_steps;
//   - "cosine": lr·(1 + cos(π t/T))/2 (GoMLX's cosineschedule with one cycle and no minimum).
func LearningRateAt(cfg Config, step int) float64 {
	lr := cfg.LearningRate
	if step < cfg.WarmupSteps {
		return lr * float64(step) / float64(cfg.WarmupSteps)
	}
	t := float64(step - cfg.WarmupSteps)
	T := float64(max(1, cfg.Steps-cfg.WarmupSteps))
	switch cfg.LRSchedule {
	case "linear":
		return lr * (1 - t/T)
	case "cosine":
		frac := t / T
		return lr * (1 + math.Cos(math.Pi*(frac-math.Floor(frac)))) / 2
	}
	return lr
}
