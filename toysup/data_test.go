package toysup

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/janpfeifer/must"
)

// Generated features are non-zero with probability p and have mean p/2, within 3σ of the sampling error.
func TestGeneratorStatistics(t *testing.T) {
	probs := [][]float64{{1, 0.5, 0.1}, {0.03, 0.01, 0.3}}
	const samples = 200_000
	b := must.M1(NewGenerator(probs, 42)).Sample(samples)
	for k := range probs {
		for i, p := range probs[k] {
			nonZero, sum := 0.0, 0.0
			for s := 0; s < samples; s++ {
				v := b.At(s, k, i)
				if v < 0 || v >= 1 {
					t.Fatalf("x[%d][%d][%d] = %v outside [0, 1)", s, k, i, v)
				}
				if v != 0 {
					nonZero++
				}
				sum += v
			}
			density, mean := nonZero/samples, sum/samples
			sdDensity := math.Sqrt(p * (1 - p) / samples)
			sdMean := math.Sqrt((p/3 - p*p/4) / samples)
			if math.Abs(density-p) > 3*sdDensity+1e-12 {
				t.Errorf("instance %d feature %d: density %.5f, want %.5f ± %.5f", k, i, density, p, 3*sdDensity)
			}
			if math.Abs(mean-p/2) > 3*sdMean {
				t.Errorf("instance %d feature %d: mean %.5f, want %.5f ± %.5f", k, i, mean, p/2, 3*sdMean)
			}
		}
	}
}

func TestGeneratorSeedRepeats(t *testing.T) {
	probs := [][]float64{{0.5, 0.2}}
	a := must.M1(NewGenerator(probs, 9)).Sample(100)
	b := must.M1(NewGenerator(probs, 9)).Sample(100)
	c := must.M1(NewGenerator(probs, 10)).Sample(100)
	same, diff := true, false
	for i := range a.X {
		same = same && a.X[i] == b.X[i]
		diff = diff || a.X[i] != c.X[i]
	}
	if !same || !diff {
		t.Errorf("same seed identical: %v (want true); other seed differs: %v (want true)", same, diff)
	}
}

func TestGeneratorRejectsBadProbability(t *testing.T) {
	for _, p := range [][][]float64{{{0}}, {{1.5}}, {{math.NaN()}}, {{0.5}, {0.5, 0.5}}, {}} {
		if _, err := NewGenerator(p, 1); err == nil {
			t.Errorf("NewGenerator(%v) accepted a bad feature probability", p)
		}
	}
}

func ExampleGenerator() {
	gen := MustNewGenerator([][]float64{{0.5, 0.5, 0.5, 0.5, 0.5}}, 0)
	batch := gen.Sample(3)
	fmt.Println(batch.Size, batch.Instances, batch.Features)
	// Output: 3 1 5
}

// Instance k's initial weights depend on the seed and k only: the first 3 instances of a 7-instance config start
// exactly like a 3-instance config's (tied and abs models), and another seed starts elsewhere.
func TestInitParamsPerInstance(t *testing.T) {
	for _, model := range []ModelKind{ModelReLUOutput, ModelAbs} {
		small, err := Config{Model: model, Features: 6, Hidden: 3, Instances: 3, Seed: 9}.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		large := small
		large.Instances, large.FeatureProbability = 7, Scalar(1)
		a, b := InitParams(small), InitParams(large)
		for k := range 3 {
			if !reflect.DeepEqual(a.W[k], b.W[k]) || !reflect.DeepEqual(a.B[k], b.B[k]) || (model == ModelAbs && !reflect.DeepEqual(a.WOut[k], b.WOut[k])) {
				t.Errorf("%s: instance %d starts differently beside 7 instances than beside 3", model, k)
			}
		}
		other := small
		other.Seed = 10
		if reflect.DeepEqual(InitParams(other).W[0], a.W[0]) || reflect.DeepEqual(a.W[0], a.W[1]) {
			t.Errorf("%s: another seed or another instance starts from the same weights", model)
		}
	}
}
