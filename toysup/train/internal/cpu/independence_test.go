package cpu

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// independenceCase is a K = 7 config whose instances have different densities, for the instance-independence
// tests: tied (small kernel, tiled kernel, one slice and several), hidden and abs models, and feature sets.
func independenceCase(name string) (Config, [][][]float64, [][][]float64, [][]float64) {
	n, m, batch, model := 20, 5, 256, ReLUOutput
	switch name {
	case "tiled":
		n, m, batch = 40, 12, 512
	case "one slice":
		n, m, batch = 4, 2, 64
	case "abs":
		n, m, model = 12, 6, Abs
	case "hidden":
		n, m, model = 10, 9, ReLUHidden
	}
	rng := rand.New(rand.NewPCG(5, 6))
	k := 7
	W, b := randomParams(rng, k, n, m, 0.3, 0.1)
	var WOut [][][]float64
	if model == Abs {
		WOut, _ = randomParams(rng, k, n, m, 0.3, 0)
	}
	c := Config{Model: model, Features: n, Hidden: m, Instances: k, BatchSize: batch,
		FeatureProbability: fill(k, n, func(a, i int) float64 { return []float64{1, 0.5, 0.2, 0.1, 0.05, 0.3, 0.7}[a] }),
		Importance:         fill(k, n, func(a, i int) float64 { return 1 / float64(1+i) }), WeightDecay: 0.01, Seed: 41}
	if name == "sets" { // {0, 1} correlated, {2, 3} anticorrelated (the paper's: one of them in [0, p/2), [p/2, p)).
		set := []int{0, 0, 1, 1}
		for i := 4; i < n; i++ {
			set = append(set, i-2)
		}
		corr := make([]bool, n-2)
		corr[0] = true
		p := c.FeatureProbability
		c.Sets = &FeatureSets{Set: set, Correlated: corr,
			Lo: fill(k, n, func(a, i int) float64 { return map[bool]float64{true: p[a][i] / 2}[i == 3] }),
			Hi: fill(k, n, func(a, i int) float64 { return map[bool]float64{true: p[a][i] / 2, false: p[a][i]}[i == 2] })}
	}
	return c, W, WOut, b
}

// sub returns instances [a, b) of c and of its parameters, as a shard starting at global instance a.
func sub(c Config, W, WOut [][][]float64, b [][]float64, a, e int) (Config, [][][]float64, [][][]float64, [][]float64) {
	s := c
	s.Instances, s.FirstInstance = e-a, a
	s.FeatureProbability, s.Importance = c.FeatureProbability[a:e], c.Importance[a:e]
	if c.Sets != nil {
		fs := *c.Sets
		fs.Lo, fs.Hi = c.Sets.Lo[a:e], c.Sets.Hi[a:e]
		s.Sets = &fs
	}
	var wo [][][]float64
	if WOut != nil {
		wo = WOut[a:e]
	}
	return s, W[a:e], wo, b[a:e]
}

// trainSteps trains c for 4 steps with the given workers and returns the float32 parameters and the last losses.
func trainSteps(t *testing.T, c Config, W, WOut [][][]float64, b [][]float64, workers int) ([]float32, []float64) {
	t.Helper()
	c.Workers = workers
	tr, err := NewUntiedTrainer(c, W, WOut, b)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	loss := make([]float64, c.Instances)
	for step := range 4 {
		if err := tr.Step(step, 1e-2, loss); err != nil {
			t.Fatal(err)
		}
	}
	return slices.Clone(tr.params), loss
}

// Instance independence: instance k's trajectory depends only on the seed, k and its own settings. Training
// instances 2…5 of a 7-instance config as a shard (first instance 2), or the first 3 as a config of their own, gives
// bit-identical parameters and losses to the full run, on 1 or 3 workers and with one instance per memory wave.
func TestInstancesAreIndependent(t *testing.T) {
	for _, name := range []string{"small", "tiled", "one slice", "abs", "hidden", "sets"} {
		c, W, WOut, b := independenceCase(name)
		full, fullLoss := trainSteps(t, c, W, WOut, b, 2)
		per := len(full) / c.Instances
		for _, r := range [][2]int{{2, 6}, {0, 3}} {
			for _, workers := range []int{1, 3} {
				sc, sW, sWO, sb := sub(c, W, WOut, b, r[0], r[1])
				got, loss := trainSteps(t, sc, sW, sWO, sb, workers)
				if !slices.Equal(got, full[r[0]*per:r[1]*per]) || !slices.Equal(loss, fullLoss[r[0]:r[1]]) {
					t.Errorf("%s: instances %d…%d trained alone (%d workers) differ from the full run", name, r[0], r[1]-1, workers)
				}
			}
		}
		saved := maxSliceGradFloats
		maxSliceGradFloats = 1 // one instance per wave
		waves, _ := trainSteps(t, c, W, WOut, b, 2)
		maxSliceGradFloats = saved
		if !slices.Equal(waves, full) {
			t.Errorf("%s: training in waves of one instance changes the result", name)
		}
	}
}
