package cpu

import (
	"math"
	"runtime"
	"testing"
)

// sweepConfig is an n=2, m=1 sweep of k instances (p and importance varying over the instances).
func sweepConfig(k int) (Config, [][][]float64, [][]float64) {
	c := Config{Model: ReLUOutput, Features: 2, Hidden: 1, Instances: k, BatchSize: 64, WeightDecay: 0.01,
		FeatureProbability: fill(k, 2, func(a, _ int) float64 { return math.Pow(10, -2*float64(a%100)/99) }),
		Importance: fill(k, 2, func(a, i int) float64 {
			if i == 0 {
				return 1
			}
			return math.Pow(10, -1+2*float64(a/100%100)/99)
		}), Workers: 2}
	W, b := randomParams(newRand(), k, 2, 1, 0.8, 0)
	return c, W, b
}

// TestStepDoesNotAllocate: a training step allocates nothing, so memory stays bounded however long training runs.
func TestStepDoesNotAllocate(t *testing.T) {
	for _, name := range []string{"a", "b", "d"} {
		c, W, b := benchConfig(name)
		c.BatchSize = 128
		tr := newTrainer(t, c, W, b)
		loss := make([]float64, c.Instances)
		step := 0
		if allocs := testing.AllocsPerRun(5, func() { _ = tr.Step(step, 1e-3, loss); step++ }); allocs != 0 {
			t.Errorf("%s: %v allocations per step, want 0", name, allocs)
		}
	}
}

// TestMemoryLinearInInstances: the trainer's memory for an n=2, m=1 sweep grows linearly in the number of
// instances K: the bytes allocated by NewTrainer for K = 20 000 are 10× those for K = 2 000 within 20 %, and stay
// under 400 bytes per instance (measured 276: 48 B of parameters and Adam moments, the rest per-instance constants
// and slice headers).
func TestMemoryLinearInInstances(t *testing.T) {
	alloc := func(k int) float64 {
		c, W, b := sweepConfig(k)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		tr, err := NewTrainer(c, W, b)
		if err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		tr.Close()
		return float64(after.TotalAlloc - before.TotalAlloc)
	}
	small, large := alloc(2_000), alloc(20_000)
	if r := large / small; r < 8 || r > 12 {
		t.Errorf("NewTrainer allocated %.0f B for 2 000 instances and %.0f B for 20 000: ratio %.2f, want 10 ± 2", small, large, r)
	}
	t.Logf("%.0f bytes per instance", large/20_000)
	if per := large / 20_000; per > 400 {
		t.Errorf("%.0f bytes per instance, want under 400", per)
	}
}
