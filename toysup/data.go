package toysup

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/janpfeifer/must"
)

// Batch is a batch of synthetic inputs in the Colab layout `[batch][instances][features]`, row-major in X.
type Batch struct {
	Size, Instances, Features int
	X                         []float64
}

// At returns x for sample s, instance k, feature i.
func (b Batch) At(s, k, i int) float64 { return b.X[(s*b.Instances+k)*b.Features+i] }

// Row returns sample s of instance k, `[features]` (a view into X).
func (b Batch) Row(s, k int) []float64 {
	o := (s*b.Instances + k) * b.Features
	return b.X[o : o+b.Features]
}

// String prints the batch like the seed notebook's `print(next(toy_dataloader(...)))`: one line per sample (per
// instance when there are several), four decimals.
func (b Batch) String() string {
	var sb strings.Builder
	for s := 0; s < b.Size; s++ {
		for k := 0; k < b.Instances; k++ {
			if b.Instances > 1 {
				fmt.Fprintf(&sb, "[%d,%d] ", s, k)
			}
			sb.WriteString("[")
			for i, v := range b.Row(s, k) {
				if i > 0 {
					sb.WriteString(", ")
				}
				fmt.Fprintf(&sb, "%.4f", v)
			}
			sb.WriteString("]\n")
		}
	}
	return sb.String()
}

// Generator draws the paper's synthetic data on the host: each feature is independently 0 with probability
// 1 − p, else Uniform[0, 1). It draws one uniform u per feature and sets x = u/p if u < p, else 0 — the same
// distribution as two draws, at half the cost (the in-graph generator does the same).
//
// Correlated and anticorrelated feature sets and the abs model's signed inputs are drawn as described in
// featuresets.go (see [Config.Sampling]); [NewConfigGenerator] builds a generator for a config.
type Generator struct {
	s   Sampling
	rng *rand.Rand
}

// NewGenerator returns a seeded generator for feature probabilities p, `[instances][features]`, each in (0, 1].
func NewGenerator(p [][]float64, seed uint64) (*Generator, error) {
	if len(p) == 0 || len(p[0]) == 0 {
		return nil, fieldErr("feature_probability", "needs at least one instance and one feature")
	}
	for k := range p {
		if len(p[k]) != len(p[0]) {
			return nil, fieldErr(fmt.Sprintf("feature_probability[%d]", k), "has %d features, want %d", len(p[k]), len(p[0]))
		}
		for i, v := range p[k] {
			if !(v > 0 && v <= 1) {
				return nil, fieldErr(fmt.Sprintf("feature_probability[%d][%d]", k, i), "got %v, allowed (0, 1]", v)
			}
		}
	}
	n := len(p[0])
	s := Sampling{Set: make([]int, n), NumSets: n, Lo: make([][]float64, len(p)), Hi: p}
	for i := range s.Set {
		s.Set[i] = i
	}
	for k := range s.Lo {
		s.Lo[k] = make([]float64, n)
	}
	return newGenerator(s, seed), nil
}

// NewConfigGenerator returns a seeded generator drawing cfg's data: its feature probabilities, correlated and
// anticorrelated sets, and signed inputs for the abs model.
func NewConfigGenerator(cfg Config, seed uint64) (*Generator, error) {
	cfg, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	return newGenerator(cfg.Sampling(), seed), nil
}

// MustNewConfigGenerator is [NewConfigGenerator] for notebooks: it panics on error.
func MustNewConfigGenerator(cfg Config, seed uint64) *Generator {
	return must.M1(NewConfigGenerator(cfg, seed))
}

func newGenerator(s Sampling, seed uint64) *Generator {
	// The seed goes through SplitMix64 first: PCG streams seeded with nearby raw values are correlated (measured:
	// paired losses on seeds 1…8 spread half as much as on well-separated seeds).
	return &Generator{s: s, rng: rand.New(rand.NewPCG(splitMix64(seed), splitMix64(seed^0x9e3779b97f4a7c15)))}
}

// splitMix64 is one SplitMix64 output for state x (Steele, Lea and Flood 2014): a bijective mixer.
func splitMix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// MustNewGenerator is [NewGenerator] for notebooks: it panics on error.
func MustNewGenerator(p [][]float64, seed uint64) *Generator { return must.M1(NewGenerator(p, seed)) }

// Sample draws a batch of `size` samples.
func (g *Generator) Sample(size int) Batch {
	k, n := len(g.s.Lo), len(g.s.Set)
	b := Batch{Size: size, Instances: k, Features: n, X: make([]float64, size*k*n)}
	setU, valueU := make([]float64, g.s.NumSets), make([]float64, n)
	for s := 0; s < size; s++ {
		for j := 0; j < k; j++ {
			for i := range setU {
				setU[i] = g.rng.Float64()
			}
			if g.s.SeparateValues {
				for i := range valueU {
					valueU[i] = g.rng.Float64()
				}
			}
			g.s.drawSample(j, setU, valueU, b.Row(s, j))
			if g.s.Normalize {
				normalizeRow(b.Row(s, j))
			}
		}
	}
	return b
}
