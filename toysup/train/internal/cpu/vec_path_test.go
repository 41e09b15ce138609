package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// allLevels returns the kernel paths this build and CPU run: the portable one and each vector one.
func allLevels() []simdLevel { return append([]simdLevel{levelGo}, vecLevels()...) }

// withLevel runs f with new trainers on path l.
func withLevel(t *testing.T, l simdLevel, f func(t *testing.T)) {
	t.Run(l.String(), func(t *testing.T) {
		old := kernelLevel
		kernelLevel = l
		defer func() { kernelLevel = old }()
		f(t)
	})
}

// TestDeterminismOnEveryPath runs the determinism tests (1, 2 and 3 workers bit-identical; configs a–d and the
// relu_hidden, abs and feature-set cases, m = 12 among them) on each kernel path.
func TestDeterminismOnEveryPath(t *testing.T) {
	for _, l := range allLevels() {
		withLevel(t, l, func(t *testing.T) {
			TestSameResultForAnyWorkerCount(t)
			TestNewModelsSameResultForAnyWorkerCount(t)
		})
	}
}

// TestPathsAgree trains the m > 8 cases (config c, relu_hidden and abs with m = 12 and 40) and the lane path's
// (every model, m = 1…8, n = 2, 3, 20, 37, batch 1000 and 17; and with feature sets, normalised samples with the
// L1 penalty, and a fixed dataset) for a few steps on each path and compares against the
// portable path: each step's loss to relative 1e-4, and the parameters: Adam moves
// each by about lr per step whatever the gradient's size, so a parameter whose gradient is tiny may differ by up
// to 2·lr·steps when rounding flips its sign; we bound the largest difference by that and the mean one by 1e-2·lr.
func TestPathsAgree(t *testing.T) {
	type tcase struct {
		name string
		make func() (Config, [][][]float64, [][][]float64, [][]float64)
	}
	cases := []tcase{{"c", func() (Config, [][][]float64, [][][]float64, [][]float64) {
		c, W, b := benchConfig("c")
		c.BatchSize = 256
		return c, W, nil, b
	}}}
	for _, m := range []Model{ReLUHidden, Abs} {
		for _, mk := range [][2]int{{12, 2}, {40, 3}} {
			cases = append(cases, tcase{fmt.Sprintf("%v m=%d", m, mk[0]), func() (Config, [][][]float64, [][][]float64, [][]float64) {
				return modelConfig(m, false, mk[0], mk[1])
			}})
		}
	}
	// The lane path (m ≤ 8): every model and m, small and larger n, batches that leave tail groups.
	for _, model := range laneModels {
		for m := 1; m <= maxSmallHidden; m++ {
			for _, n := range []int{2, 3, 20, 37} {
				for _, batch := range []int{1000, 17} {
					cases = append(cases, tcase{fmt.Sprintf("%v m=%d n=%d batch=%d", model, m, n, batch), func() (Config, [][][]float64, [][][]float64, [][]float64) {
						return laneConfig(model, n, m, batch)
					}})
				}
			}
		}
	}
	// The lane path with the other data paths: feature sets, normalised samples with the L1 penalty, a fixed set.
	for _, model := range laneModels {
		for _, m := range []int{3, 5} {
			cases = append(cases, tcase{fmt.Sprintf("%v m=%d sets", model, m), func() (Config, [][][]float64, [][][]float64, [][]float64) {
				return modelConfig(model, true, m, 2)
			}})
		}
		cases = append(cases, tcase{fmt.Sprintf("%v m=4 normalize l1", model), func() (Config, [][][]float64, [][][]float64, [][]float64) {
			c, W, WOut, b := laneConfig(model, 20, 4, 1000)
			c.Normalize, c.L1 = true, 0.05
			return c, W, WOut, b
		}})
		cases = append(cases, tcase{fmt.Sprintf("%v m=6 dataset", model), func() (Config, [][][]float64, [][][]float64, [][]float64) {
			c, W, WOut, b := laneConfig(model, 11, 6, 100)
			c.Dataset = laneDataset(model, 2, 11, 250)
			return c, W, WOut, b
		}})
	}
	const steps, lr = 5, 1e-3
	for _, tc := range cases {
		run := func(l simdLevel) ([]float32, [][]float64) {
			old := kernelLevel
			kernelLevel = l
			defer func() { kernelLevel = old }()
			c, W, WOut, b := tc.make()
			tr, err := NewUntiedTrainer(c, W, WOut, b)
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Close()
			var losses [][]float64
			for s := 0; s < steps; s++ {
				loss := make([]float64, c.Instances)
				if err := tr.Step(s, lr, loss); err != nil {
					t.Fatal(err)
				}
				losses = append(losses, loss)
			}
			p, _ := tr.RawParams()
			return append([]float32(nil), p...), losses
		}
		p0, l0 := run(levelGo)
		for _, l := range vecLevels() {
			p, ls := run(l)
			for s := range ls {
				for k := range ls[s] {
					if d := math.Abs(ls[s][k] - l0[s][k]); !(d <= 1e-4*l0[s][k]) {
						t.Errorf("%s %v: step %d instance %d: loss %v, portable %v", tc.name, l, s, k, ls[s][k], l0[s][k])
					}
				}
			}
			worst, sum := 0.0, 0.0
			for i := range p {
				d := math.Abs(float64(p[i] - p0[i]))
				worst, sum = max(worst, d), sum+d
			}
			if mean := sum / float64(len(p)); worst > 2*lr*steps || mean > 1e-2*lr {
				t.Errorf("%s %v: parameters differ from the portable path by up to %g, mean %g", tc.name, l, worst, mean)
			}
		}
	}
}

// laneConfig is a two-instance config of the model with n features and hidden size m (densities 1 and 0.2, random
// parameters with biases of both signs), for the lane path's comparisons.
func laneConfig(model Model, n, m, batch int) (Config, [][][]float64, [][][]float64, [][]float64) {
	c := Config{Model: model, Features: n, Hidden: m, Instances: 2, BatchSize: batch, WeightDecay: 0.01, ImportanceFloor: 1e-20, Seed: 3,
		FeatureProbability: fill(2, n, func(a, _ int) float64 { return []float64{1, 0.2}[a] }),
		Importance:         fill(2, n, func(_, i int) float64 { return math.Pow(0.9, float64(i)) })}
	rng := rand.New(rand.NewPCG(uint64(n), uint64(m)))
	W, b := randomParams(rng, 2, n, m, 1/math.Sqrt(float64(m)), 0.2)
	var WOut [][][]float64
	if model == Abs {
		WOut, _ = randomParams(rng, 2, n, m, 1/math.Sqrt(float64(m)), 0)
	}
	return c, W, WOut, b
}

// laneDataset returns a fixed training set per instance of T samples of n features (density 0.3, Uniform[0, 1),
// signed for abs).
func laneDataset(model Model, k, n, T int) []Samples {
	rng := rand.New(rand.NewPCG(uint64(T), 5))
	out := make([]Samples, k)
	for a := range out {
		s := Samples{Off: []int32{0}}
		for t := 0; t < T; t++ {
			for i := 0; i < n; i++ {
				if rng.Float64() < 0.3 {
					v := float32(rng.Float64())
					if model == Abs {
						v = 2*v - 1
					}
					s.Index, s.Value = append(s.Index, int32(i)), append(s.Value, v)
				}
			}
			s.Off = append(s.Off, int32(len(s.Index)))
		}
		out[a] = s
	}
	return out
}
