package cpu

import (
	"math"
	"math/rand/v2"
	"testing"
)

// fill returns a `[k][n]` table with value f(k, i).
func fill(k, n int, f func(k, i int) float64) [][]float64 {
	t := make([][]float64, k)
	for a := range t {
		t[a] = make([]float64, n)
		for i := range t[a] {
			t[a][i] = f(a, i)
		}
	}
	return t
}

// randomParams draws W `[k][n][m]` ~ N(0, std²) and b `[k][n]` ~ N(0, bstd²).
func randomParams(rng *rand.Rand, k, n, m int, std, bstd float64) ([][][]float64, [][]float64) {
	W := make([][][]float64, k)
	b := make([][]float64, k)
	for a := range W {
		W[a] = make([][]float64, n)
		for i := range W[a] {
			W[a][i] = make([]float64, m)
			for j := range W[a][i] {
				W[a][i][j] = std * rng.NormFloat64()
			}
		}
		b[a] = make([]float64, n)
		for i := range b[a] {
			b[a][i] = bstd * rng.NormFloat64()
		}
	}
	return W, b
}

// benchConfig returns the speed configurations a–d that the side-by-side benchmark against PyTorch times
// (toysup/internal/bench.SpeedConfigs: batch 1024, AdamW wd 0.01, ReLU output), with Xavier-normal initial
// parameters.
func benchConfig(name string) (Config, [][][]float64, [][]float64) {
	c := Config{Model: ReLUOutput, BatchSize: 1024, WeightDecay: 0.01, ImportanceFloor: 1e-20, Seed: 1}
	decay := func(k, i int) float64 { return math.Pow(0.7, float64(i)) }
	switch name {
	case "a":
		c.Features, c.Hidden, c.Instances = 20, 5, 1
		c.FeatureProbability = fill(1, 20, func(int, int) float64 { return 0.1 })
		c.Importance = fill(1, 20, decay)
	case "b":
		ps := []float64{1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001}
		c.Features, c.Hidden, c.Instances = 20, 5, 7
		c.FeatureProbability = fill(7, 20, func(k, _ int) float64 { return ps[k] })
		c.Importance = fill(7, 20, decay)
	case "c":
		c.Features, c.Hidden, c.Instances = 400, 30, 1
		c.FeatureProbability = fill(1, 400, func(int, int) float64 { return 0.1 })
		c.Importance = fill(1, 400, func(int, int) float64 { return 1 })
	case "d":
		c.Features, c.Hidden, c.Instances = 2, 1, 400
		c.FeatureProbability = fill(400, 2, func(k, _ int) float64 { return math.Pow(10, -2*float64(k/20)/19) })
		c.Importance = fill(400, 2, func(k, i int) float64 {
			if i == 0 {
				return 1
			}
			return math.Pow(10, -1+2*float64(k%20)/19)
		})
	case "e":
		ps := []float64{1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001}
		c.Model, c.Features, c.Hidden, c.Instances = ReLUHidden, 10, 5, 56
		c.FeatureProbability = fill(56, 10, func(k, _ int) float64 { return ps[k/8] })
		c.Importance = fill(56, 10, func(_, i int) float64 { return math.Pow(0.75, float64(i)) })
	default:
		panic(name)
	}
	W, b := randomParams(rand.New(rand.NewPCG(7, 7)), c.Instances, c.Features, c.Hidden, math.Sqrt(2/float64(c.Features+c.Hidden)), 0)
	return c, W, b
}

func newTrainer(tb testing.TB, c Config, W [][][]float64, b [][]float64) *Trainer {
	tb.Helper()
	tr, err := NewTrainer(c, W, b)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(tr.Close)
	return tr
}

func newRand() *rand.Rand { return rand.New(rand.NewPCG(11, 12)) }
