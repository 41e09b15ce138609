package toysup

import (
	"math"
	"math/rand/v2"
)

// Finite training sets, input normalisation and the hidden-activation L1 penalty (the memorization / double
// descent follow-up, Henighan et al. 2023, and the paper's "strategic picture").

// Limits of the data fields.
const (
	// MaxDatasetSize is the largest dataset_size T.
	MaxDatasetSize = 1 << 20
	// MinL1Hidden and MaxL1Hidden bound a non-zero l1_hidden λ: λ/B stays a normal float32 for every batch size,
	// and λ·Σ|h| stays far from float32's overflow.
	MinL1Hidden = 1e-12
	MaxL1Hidden = 1e4
	// MaxTrainHidden is the most values T·m of an instance's train_hidden (the hidden vectors of its training
	// points) that a result stores; above it the field is left out.
	MaxTrainHidden = 1 << 16
	// MaxTestSamples is the number of fresh samples of an instance's test_loss (fewer when the evaluation would
	// exceed [MaxTestWork]).
	MaxTestSamples = 20_000
	// MaxTestWork bounds the multiply-adds of all instances' test losses together.
	MaxTestWork = 2e9
)

// checkData validates dataset_size, dataset_seed and l1_hidden.
func (c Config) checkData() error {
	if c.DatasetSize != 0 {
		if err := intRange("dataset_size", c.DatasetSize, 1, MaxDatasetSize); err != nil {
			return err
		}
	} else if c.DatasetSeed != nil {
		return fieldErr("dataset_seed", "only applies with dataset_size (a fixed training set)")
	}
	if l := c.L1Hidden; l != 0 && !(l >= MinL1Hidden && l <= MaxL1Hidden) {
		return fieldErr("l1_hidden", "got %v, allowed 0 or [%g, %g] (λ/batch_size must stay a normal float32)", l, MinL1Hidden, MaxL1Hidden)
	}
	return nil
}

// Extended reports whether cfg uses a fixed training set, input normalisation or the L1 penalty: its results then
// carry each instance's test_loss (and, with a dataset, train_loss and train_hidden).
func (c Config) Extended() bool { return c.DatasetSize > 0 || c.NormalizeInputs || c.L1Hidden > 0 }

// EffectiveBatch is the number of samples of one step: batch_size, or min(batch_size, dataset_size) with a fixed
// training set.
func (c Config) EffectiveBatch() int {
	if c.DatasetSize > 0 {
		return min(c.BatchSize, c.DatasetSize)
	}
	return c.BatchSize
}

// DatasetSeedValue is the seed of the fixed training set: dataset_seed, else seed.
func (c Config) DatasetSeedValue() int64 {
	if c.DatasetSeed != nil {
		return *c.DatasetSeed
	}
	return c.Seed
}

// SparseSet is a fixed set of samples of one instance, stored sparsely: sample t's non-zero features are
// Index[Off[t]:Off[t+1]] (increasing) with values Value[Off[t]:Off[t+1]].
type SparseSet struct {
	Features int
	Off      []int
	Index    []int32
	Value    []float64
}

// Len is the number of samples.
func (s SparseSet) Len() int { return len(s.Off) - 1 }

// Dense writes sample t into row `[features]`.
func (s SparseSet) Dense(t int, row []float64) {
	clear(row)
	for e := s.Off[t]; e < s.Off[t+1]; e++ {
		row[s.Index[e]] = s.Value[e]
	}
}

// TrainingSet returns instance k's fixed training set (cfg resolved, dataset_size > 0): dataset_size samples drawn
// as cfg describes (feature probabilities of instance k, feature sets, signed values for abs, unit norm with
// normalize_inputs) from its own stream, seeded by (dataset_seed, first_instance + k) only: an instance's set is
// the same whatever trains beside it, in a shard as in its whole sweep, on every engine.
func (c Config) TrainingSet(k int) SparseSet {
	seed := uint64(c.DatasetSeedValue())
	return c.instanceSamples(k, c.DatasetSize, rand.NewPCG(seed, dataStream(0xda7a5e7, c.FirstInstance+k)))
}

// testStream is the stream of instance k's fresh test samples: (seed, first_instance + k), apart from the
// training and initialisation streams.
func (c Config) testStream(k int) *rand.PCG {
	return rand.NewPCG(uint64(c.Seed)+1, dataStream(0x7e57, c.FirstInstance+k))
}

func dataStream(tag uint64, k int) uint64 { return tag ^ (uint64(k)+1)*0xbf58476d1ce4e5b9 }

// instanceSamples draws count samples of instance k of cfg from src.
func (c Config) instanceSamples(k, count int, src *rand.PCG) SparseSet {
	s := c.Sampling()
	s.Lo, s.Hi = s.Lo[k:k+1], s.Hi[k:k+1]
	g := &Generator{s: s, rng: rand.New(src)}
	out := SparseSet{Features: c.Features, Off: make([]int, 1, count+1)}
	for done := 0; done < count; {
		b := g.Sample(min(1024, count-done))
		for t := 0; t < b.Size; t++ {
			for i, v := range b.Row(t, 0) {
				if v != 0 {
					out.Index = append(out.Index, int32(i))
					out.Value = append(out.Value, v)
				}
			}
			out.Off = append(out.Off, len(out.Index))
		}
		done += b.Size
	}
	return out
}

// normalizeRow scales row to unit L2 norm (an all-zero row stays zero).
func normalizeRow(row []float64) {
	sq := 0.0
	for _, v := range row {
		sq += v * v
	}
	if sq == 0 {
		return
	}
	inv := 1 / math.Sqrt(sq)
	for i := range row {
		row[i] *= inv
	}
}
