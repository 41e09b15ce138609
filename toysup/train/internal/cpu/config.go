// Package cpu is toysup's native CPU training engine: fused data generation, forward pass, loss, backward pass and
// AdamW for K toy models (the tied linear, relu_output and relu_hidden models and the untied abs model, with
// independent features or correlated and anticorrelated feature sets), in float32, in Go without cgo, parallel
// over the cores. For m > 8 on amd64 the dense products run in Go assembly (AVX-512 or AVX2+FMA, chosen at run
// time; vec.go, kernel_vec.go), and for m ≤ 8 on AVX-512 CPUs the whole block kernel does, 16 samples to a vector
// (kernel_lane.go); the portable Go kernels are the fallback elsewhere and with the purego or noasm build tag. Results are deterministic for a given kernel path; paths differ by rounding (FMA).
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

// Model kinds. W is `[n][m]` (row i: feature i's direction), so W x means Σ_i x_i W_i and Wᵀh means h·W_i per row.
const (
	// Linear is `x' = WᵀW x + b`.
	Linear Model = iota
	// ReLUOutput is `x' = ReLU(WᵀW x + b)`.
	ReLUOutput
	// ReLUHidden is Section 7's `h = ReLU(W x)`, `x' = ReLU(Wᵀh + b)`.
	ReLUHidden
	// Abs is Section 8's untied `h = ReLU(W x)`, `y' = ReLU(WOut h + b)` with WOut `[n][m]` (row i: feature i's
	// output weights), trained on signed inputs (non-zero values Uniform[−1, 1)) to reconstruct y = |x|.
	Abs
)

// String is the toysup config name of the model kind.
func (m Model) String() string {
	switch m {
	case Linear:
		return "linear"
	case ReLUOutput:
		return "relu_output"
	case ReLUHidden:
		return "relu_hidden"
	case Abs:
		return "abs"
	}
	return fmt.Sprintf("Model(%d)", int(m))
}

// Config is what the engine needs of a training run.
type Config struct {
	Model Model
	// Features is n, Hidden is m, Instances is K, BatchSize is B; each ≥ 1.
	Features, Hidden, Instances, BatchSize int
	// FeatureProbability is p per instance and feature, `[K][n]`, each in (0, 1]: feature i is non-zero with
	// probability p, independently of the others. Unused (may be nil) when Sets is set.
	FeatureProbability [][]float64
	// Sets, when not nil, replaces FeatureProbability with features that share draws (correlated and
	// anticorrelated features); see [FeatureSets].
	Sets *FeatureSets
	// Importance is I per instance and feature, `[K][n]`, each > 0; values below ImportanceFloor are raised to it.
	Importance [][]float64
	// ImportanceFloor is the smallest importance trained with (toysup.ImportanceFloor); ≥ 0.
	ImportanceFloor float64
	// WeightDecay is AdamW's decoupled weight decay (0: Adam), or with AdamL2 and SGD the coefficient of the L2
	// term of loss + (wd/2)‖θ‖²; in [0, 1].
	WeightDecay float64
	// Rule is the update rule (default AdamW).
	Rule Rule
	// Seed seeds the data streams.
	Seed int64
	// FirstInstance is the global index of instance 0 (a shard of a larger sweep starts above 0): instance i draws
	// the data streams of instance FirstInstance + i; ≥ 0.
	FirstInstance int
	// Dataset, when not nil, is each instance's fixed training set `[K]` (BatchSize ≤ its length): step s, batch
	// position j trains on sample (s·BatchSize + j) mod T. Nil: fresh samples every step.
	Dataset []Samples
	// Normalize scales every fresh sample to unit L2 norm (a fixed Dataset comes normalised already).
	Normalize bool
	// L1 is λ ≥ 0, the weight of the penalty λ·(1/B)·Σ_s Σ_j |h_sj| on the hidden activations (see
	// [instanceData.l1Block]).
	L1 float64
	// Workers is the number of goroutines (0: GOMAXPROCS). It changes the speed, never the result.
	Workers int
}

// FeatureSets describes features that share their activation draw. Each sample draws one uniform u per set, and
// feature i (of set Set[i]) is non-zero iff Lo[k][i] ≤ u < Hi[k][i] in instance k. Its value is then Uniform[0, 1)
// (Uniform[−1, 1) for the abs model): drawn separately per member for a Correlated set, else taken from the set's
// draw as (u − lo)/(hi − lo). An independent feature is a set of its own with [0, p); a correlated set gives all
// members [0, p); an anticorrelated set gives its members disjoint intervals.
type FeatureSets struct {
	// Set is the set of each feature, `[n]`, numbered 0…len(Correlated)−1, each set non-empty.
	Set []int
	// Correlated marks, per set, whether members draw their values separately.
	Correlated []bool
	// Lo and Hi bound each feature's interval, `[K][n]`, with 0 ≤ lo < hi ≤ 1.
	Lo, Hi [][]float64
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
	case Linear, ReLUOutput, ReLUHidden, Abs:
	default:
		return fmt.Errorf("cpu: model %v: allowed linear, relu_output, relu_hidden, abs", c.Model)
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"features", c.Features}, {"hidden", c.Hidden}, {"instances", c.Instances}, {"batch_size", c.BatchSize}} {
		if f.v < 1 || f.v > 1<<28 {
			return fmt.Errorf("cpu: %s = %d, allowed 1…%d", f.name, f.v, 1<<28)
		}
	}
	if c.FirstInstance < 0 || c.FirstInstance > math.MaxInt32 {
		return fmt.Errorf("cpu: first_instance = %d, allowed 0…%d", c.FirstInstance, math.MaxInt32)
	}
	if c.Sets != nil {
		if err := c.Sets.validate(c.Instances, c.Features); err != nil {
			return err
		}
	} else if err := checkTable("feature_probability", c.FeatureProbability, c.Instances, c.Features, func(v float64) bool { return v > 0 && v <= 1 }, "in (0, 1]"); err != nil {
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
	if !(c.L1 >= 0 && c.L1 <= 1e4) {
		return fmt.Errorf("cpu: l1 = %v, allowed [0, 1e4]", c.L1)
	}
	if c.Dataset != nil {
		if len(c.Dataset) != c.Instances {
			return fmt.Errorf("cpu: dataset has %d sets, want instances = %d", len(c.Dataset), c.Instances)
		}
		for k := range c.Dataset {
			if err := c.Dataset[k].validate(c.Features); err != nil {
				return fmt.Errorf("%w (instance %d)", err, k)
			}
			if c.Dataset[k].Len() < c.BatchSize {
				return fmt.Errorf("cpu: dataset of instance %d has %d samples, fewer than batch_size = %d", k, c.Dataset[k].Len(), c.BatchSize)
			}
		}
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

func (fs *FeatureSets) validate(k, n int) error {
	if len(fs.Set) != n {
		return fmt.Errorf("cpu: sets: set has %d values, want features = %d", len(fs.Set), n)
	}
	size := make([]int, len(fs.Correlated))
	for i, s := range fs.Set {
		if s < 0 || s >= len(size) {
			return fmt.Errorf("cpu: sets: set[%d] = %d, allowed 0…%d (len(correlated) − 1)", i, s, len(size)-1)
		}
		size[s]++
	}
	for s, c := range size {
		if c == 0 {
			return fmt.Errorf("cpu: sets: set %d has no features", s)
		}
	}
	unit := func(v float64) bool { return v >= 0 && v <= 1 }
	if err := checkTable("sets.lo", fs.Lo, k, n, unit, "in [0, 1]"); err != nil {
		return err
	}
	if err := checkTable("sets.hi", fs.Hi, k, n, unit, "in [0, 1]"); err != nil {
		return err
	}
	for a := range fs.Lo {
		for i := range fs.Lo[a] {
			if !(fs.Lo[a][i] < fs.Hi[a][i]) {
				return fmt.Errorf("cpu: sets: instance %d feature %d: lo = %v ≥ hi = %v", a, i, fs.Lo[a][i], fs.Hi[a][i])
			}
		}
	}
	return nil
}
