package toysup

import (
	"fmt"
	"math/rand/v2"
	"strings"
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
type Generator struct {
	p   [][]float64 // `[instances][features]`
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
	return &Generator{p: p, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}, nil
}

// MustNewGenerator is [NewGenerator] for notebooks: it panics on error.
func MustNewGenerator(p [][]float64, seed uint64) *Generator { return must(NewGenerator(p, seed)) }

// Sample draws a batch of `size` samples.
func (g *Generator) Sample(size int) Batch {
	k, n := len(g.p), len(g.p[0])
	b := Batch{Size: size, Instances: k, Features: n, X: make([]float64, size*k*n)}
	for s := 0; s < size; s++ {
		for j := 0; j < k; j++ {
			row := b.Row(s, j)
			for i, p := range g.p[j] {
				if u := g.rng.Float64(); u < p {
					row[i] = u / p
				}
			}
		}
	}
	return b
}
