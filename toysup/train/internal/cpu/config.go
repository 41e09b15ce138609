// Package cpu is toysup's native CPU training engine: fused data generation, forward pass, loss, backward pass and
// AdamW for K tied toy models, in float32, in plain Go (no cgo, no assembly), parallel over the cores.
//
// It knows nothing of toysup's config format: callers pass plain slices ([Config]) and the initial parameters, so
// package toysup/train can import it (toysup/train/native.go is the adapter).
//
// Determinism: the work of a step is cut into chunks (instance groups or batch slices) by a rule that depends on
// the config only; each chunk draws its data from its own random stream (seed, step, chunk) and writes its own
// gradient buffer, and gradients are reduced in a fixed order. The result is bit-identical for a seed whatever
// the number of workers and however the goroutines are scheduled.
package cpu

import (
	"fmt"
	"math"
)

// Model is a model kind the engine trains.
type Model int

// Model kinds. Later kinds (a ReLU hidden layer, abs activation) get their own constant and kernel.
const (
	// Linear is `x' = WᵀW x + b`.
	Linear Model = iota
	// ReLUOutput is `x' = ReLU(WᵀW x + b)`.
	ReLUOutput
)

// String is the toysup config name of the model kind.
func (m Model) String() string {
	switch m {
	case Linear:
		return "linear"
	case ReLUOutput:
		return "relu_output"
	}
	return fmt.Sprintf("Model(%d)", int(m))
}

// Config is what the engine needs of a training run.
type Config struct {
	Model Model
	// Features is n, Hidden is m, Instances is K, BatchSize is B; each ≥ 1.
	Features, Hidden, Instances, BatchSize int
	// FeatureProbability is p per instance and feature, `[K][n]`, each in (0, 1].
	FeatureProbability [][]float64
	// Importance is I per instance and feature, `[K][n]`, each > 0; values below ImportanceFloor are raised to it.
	Importance [][]float64
	// ImportanceFloor is the smallest importance trained with (toysup.ImportanceFloor); ≥ 0.
	ImportanceFloor float64
	// WeightDecay is AdamW's decoupled weight decay (0: Adam); in [0, 1].
	WeightDecay float64
	// Seed seeds the data streams.
	Seed int64
	// Workers is the number of goroutines (0: GOMAXPROCS). It changes the speed, never the result.
	Workers int
}

// Adam's constants (PyTorch's defaults).
const (
	Beta1   = 0.9
	Beta2   = 0.999
	Epsilon = 1e-8
)

// Validate checks the config; the error names the field and its allowed range.
func (c Config) Validate() error {
	switch c.Model {
	case Linear, ReLUOutput:
	default:
		return fmt.Errorf("cpu: model %v: allowed linear, relu_output", c.Model)
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"features", c.Features}, {"hidden", c.Hidden}, {"instances", c.Instances}, {"batch_size", c.BatchSize}} {
		if f.v < 1 || f.v > 1<<28 {
			return fmt.Errorf("cpu: %s = %d, allowed 1…%d", f.name, f.v, 1<<28)
		}
	}
	if err := checkTable("feature_probability", c.FeatureProbability, c.Instances, c.Features, func(v float64) bool { return v > 0 && v <= 1 }, "in (0, 1]"); err != nil {
		return err
	}
	if err := checkTable("importance", c.Importance, c.Instances, c.Features, func(v float64) bool { return v > 0 && !math.IsInf(v, 0) }, "> 0 and finite"); err != nil {
		return err
	}
	if !(c.ImportanceFloor >= 0 && c.ImportanceFloor < 1) {
		return fmt.Errorf("cpu: importance_floor = %v, allowed [0, 1)", c.ImportanceFloor)
	}
	if !(c.WeightDecay >= 0 && c.WeightDecay <= 1) {
		return fmt.Errorf("cpu: weight_decay = %v, allowed [0, 1]", c.WeightDecay)
	}
	if c.Workers < 0 {
		return fmt.Errorf("cpu: workers = %d, allowed ≥ 0", c.Workers)
	}
	return nil
}

func checkTable(name string, t [][]float64, k, n int, ok func(float64) bool, allowed string) error {
	if len(t) != k {
		return fmt.Errorf("cpu: %s has %d rows, want instances = %d", name, len(t), k)
	}
	for i, row := range t {
		if len(row) != n {
			return fmt.Errorf("cpu: %s[%d] has %d values, want features = %d", name, i, len(row), n)
		}
		for j, v := range row {
			if !ok(v) {
				return fmt.Errorf("cpu: %s[%d][%d] = %v, allowed %s", name, i, j, v, allowed)
			}
		}
	}
	return nil
}
