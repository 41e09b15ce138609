package toysup

import (
	"math"
	"testing"

	"github.com/janpfeifer/must"
)

// rate is the fraction of samples in which pred holds, with its 3σ binomial sampling error for probability want.
func rate(b Batch, k int, pred func(row []float64) bool) float64 {
	hits := 0
	for s := 0; s < b.Size; s++ {
		if pred(b.Row(s, k)) {
			hits++
		}
	}
	return float64(hits) / float64(b.Size)
}

func within3Sigma(t *testing.T, name string, got, want float64, samples int) {
	t.Helper()
	sd := math.Sqrt(want * (1 - want) / float64(samples))
	if math.Abs(got-want) > 3*sd+1e-12 {
		t.Errorf("%s: rate %.5f, want %.5f ± %.5f (3σ)", name, got, want, 3*sd)
	}
}

// Correlated sets co-occur, anticorrelated sets never do, and each definition's rates match it.
func TestFeatureSetStatistics(t *testing.T) {
	const samples = 100_000
	nz := func(i int) func([]float64) bool { return func(r []float64) bool { return r[i] != 0 } }
	both := func(i, j int) func([]float64) bool { return func(r []float64) bool { return r[i] != 0 && r[j] != 0 } }
	for _, tc := range []struct {
		name                    string
		cfg                     Config
		single, pair, anyOfPair float64 // P(x_0 ≠ 0), P(x_0, x_1 ≠ 0), P(x_0 ≠ 0 or x_1 ≠ 0)
	}{
		{"correlated", Config{Features: 4, Hidden: 2, FeatureProbability: Scalar(0.2), Correlated: [][]int{{0, 1}, {2, 3}}}, 0.2, 0.2, 0.2},
		{"anticorrelated paper", Config{Features: 4, Hidden: 2, FeatureProbability: Scalar(0.2), Anticorrelated: [][]int{{0, 1}, {2, 3}}}, 0.1, 0, 0.2},
		{"anticorrelated arena", Config{Features: 4, Hidden: 2, FeatureProbability: Scalar(0.2), Anticorrelated: [][]int{{0, 1}, {2, 3}}, AnticorrelatedMode: "arena"}, 0.2, 0, 0.4},
		{"independent", Config{Features: 4, Hidden: 2, FeatureProbability: Scalar(0.2)}, 0.2, 0.04, 0.36},
	} {
		b := must.M1(NewConfigGenerator(tc.cfg, 3)).Sample(samples)
		within3Sigma(t, tc.name+" P(x0≠0)", rate(b, 0, nz(0)), tc.single, samples)
		within3Sigma(t, tc.name+" P(x0,x1≠0)", rate(b, 0, both(0, 1)), tc.pair, samples)
		within3Sigma(t, tc.name+" P(x0 or x1≠0)", rate(b, 0, func(r []float64) bool { return r[0] != 0 || r[1] != 0 }), tc.anyOfPair, samples)
		// Sets are independent of each other.
		within3Sigma(t, tc.name+" P(x0,x2≠0)", rate(b, 0, both(0, 2)), tc.single*tc.single, samples)
		// Values stay Uniform[0,1): mean of non-zero values 1/2, and members of a correlated set are not equal.
		sum, count, equal := 0.0, 0, 0
		for s := 0; s < samples; s++ {
			if v := b.At(s, 0, 0); v != 0 {
				sum += v
				count++
				if v == b.At(s, 0, 1) {
					equal++
				}
			}
		}
		if mean, sd := sum/float64(count), math.Sqrt(1.0/12/float64(count)); math.Abs(mean-0.5) > 3*sd || equal > 0 {
			t.Errorf("%s: non-zero mean %.4f (want 0.5 ± %.4f), %d equal pair values (want 0)", tc.name, mean, 3*sd, equal)
		}
	}
}

// The abs model's inputs are Uniform[−1, 1) where non-zero.
func TestAbsModelInputsAreSigned(t *testing.T) {
	cfg := Config{Model: ModelAbs, Features: 3, Hidden: 6, FeatureProbability: Scalar(0.5)}
	b := must.M1(NewConfigGenerator(cfg, 1)).Sample(50_000)
	neg, nonZero, sum := 0, 0, 0.0
	for _, v := range b.X {
		if v < -1 || v >= 1 {
			t.Fatalf("value %v outside [−1, 1)", v)
		}
		if v != 0 {
			nonZero++
			sum += v
			if v < 0 {
				neg++
			}
		}
	}
	within3Sigma(t, "P(x<0 | x≠0)", float64(neg)/float64(nonZero), 0.5, nonZero)
	if sd := math.Sqrt(1.0 / 3 / float64(nonZero)); math.Abs(sum/float64(nonZero)) > 3*sd {
		t.Errorf("mean of non-zero values %.4f, want 0 ± %.4f", sum/float64(nonZero), 3*sd)
	}
}

func TestFeatureSetValidation(t *testing.T) {
	for _, tc := range []struct{ json, field string }{
		{`{"features": 4, "hidden": 2, "correlated": [[0]]}`, "correlated[0]"},
		{`{"features": 4, "hidden": 2, "correlated": [[0, 4]]}`, "correlated[0]"},
		{`{"features": 4, "hidden": 2, "correlated": [[0, 1]], "anticorrelated": [[1, 2]]}`, "anticorrelated[0]"},
		{`{"features": 4, "hidden": 2, "feature_probability": [[0.1, 0.2, 0.1, 0.1]], "correlated": [[0, 1]]}`, "correlated[0]"},
		{`{"features": 4, "hidden": 2, "feature_probability": 0.6, "anticorrelated": [[0, 1]], "anticorrelated_mode": "arena"}`, "anticorrelated[0]"},
		{`{"features": 4, "hidden": 2, "anticorrelated": [[0, 1]], "anticorrelated_mode": "both"}`, "anticorrelated_mode"},
		{`{"features": 4, "hidden": 2, "anticorrelated_mode": "paper"}`, "anticorrelated_mode"},
	} {
		_, err := ParseConfig([]byte(tc.json))
		fe, ok := err.(*FieldError)
		if !ok || fe.Field != tc.field {
			t.Errorf("%s: error %v, want one naming %q", tc.json, err, tc.field)
		}
	}
}
