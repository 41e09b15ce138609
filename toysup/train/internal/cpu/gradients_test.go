package cpu

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomBatch draws x `[size][k][n]` with each entry non-zero with probability p, Uniform[0, 1) when non-zero.
func randomBatch(rng *rand.Rand, size, k, n int, p float64) []float64 {
	x := make([]float64, size*k*n)
	for i := range x {
		if rng.Float64() < p {
			x[i] = rng.Float64()
		}
	}
	return x
}

// TestLossGrad64FiniteDifferences checks the float64 reference gradient against central differences of its own
// loss (Σ_k loss_k), for both models: |analytic − numeric| ≤ 1e-6·(1 + |numeric|) with step 1e-6 (the difference
// quotient's truncation error is O(h²) ≈ 1e-12 and its rounding error ≈ 1e-16/1e-6 = 1e-10).
func TestLossGrad64FiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, model := range []Model{Linear, ReLUOutput} {
		k, n, m, size := 2, 6, 3, 9
		W, b := randomParams(rng, k, n, m, 0.7, 0.3)
		imp := fill(k, n, func(a, i int) float64 { return math.Pow(0.8, float64(i)) * float64(a+1) })
		x := randomBatch(rng, size, k, n, 0.5)
		total := func() float64 {
			l, _, _, err := LossGrad64(model, W, b, imp, x, size)
			if err != nil {
				t.Fatal(err)
			}
			return l[0] + l[1]
		}
		_, dW, db, err := LossGrad64(model, W, b, imp, x, size)
		if err != nil {
			t.Fatal(err)
		}
		const h = 1e-6
		check := func(name string, p *float64, analytic float64) {
			old := *p
			*p = old + h
			up := total()
			*p = old - h
			down := total()
			*p = old
			num := (up - down) / (2 * h)
			if math.Abs(analytic-num) > 1e-6*(1+math.Abs(num)) {
				t.Errorf("%v %s: analytic %.10g, finite difference %.10g", model, name, analytic, num)
			}
		}
		nonzero := 0
		for a := range W {
			for i := range W[a] {
				for j := range W[a][i] {
					check("W", &W[a][i][j], dW[a][i][j])
					if dW[a][i][j] != 0 {
						nonzero++
					}
				}
				check("b", &b[a][i], db[a][i])
			}
		}
		if nonzero < k*n*m/2 {
			t.Errorf("%v: only %d of %d weight gradients are non-zero: the check is too weak", model, nonzero, k*n*m)
		}
	}
}

// TestKernelsMatchReference runs every kernel family (m = 1, the unrolled m ≤ 8, the tiled m > 8 with padded
// rows) through Trainer.Gradients on random models and batches, and compares with the float64 reference:
// |float32 − float64| ≤ 2e-5·(max |gradient| + 1e-3), loss within relative 1e-5 (float32 rounding over sums of a
// few hundred terms).
func TestKernelsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, model := range []Model{Linear, ReLUOutput} {
		for _, nm := range [][2]int{{2, 1}, {7, 1}, {5, 2}, {20, 5}, {11, 8}, {13, 9}, {40, 30}, {9, 17}} {
			n, m, k, size := nm[0], nm[1], 3, 300
			W, b := randomParams(rng, k, n, m, 1/math.Sqrt(float64(m)), 0.2)
			imp := fill(k, n, func(a, i int) float64 { return math.Pow(0.9, float64(i+a)) })
			cfg := Config{Model: model, Features: n, Hidden: m, Instances: k, BatchSize: 1024,
				FeatureProbability: fill(k, n, func(int, int) float64 { return 0.5 }), Importance: imp, Workers: 1}
			tr := newTrainer(t, cfg, W, b)
			x := randomBatch(rng, size, k, n, []float64{1, 0.3, 0.05}[n%3])
			l32, dW32, db32, err := tr.Gradients(x, size)
			if err != nil {
				t.Fatal(err)
			}
			l64, dW64, db64, err := LossGrad64(model, W, b, imp, x, size)
			if err != nil {
				t.Fatal(err)
			}
			for a := 0; a < k; a++ {
				if math.Abs(l32[a]-l64[a]) > 1e-5*l64[a] {
					t.Errorf("%v n=%d m=%d instance %d: loss %g, reference %g", model, n, m, a, l32[a], l64[a])
				}
				scale := 1e-3
				for i := 0; i < n; i++ {
					scale = max(scale, math.Abs(db64[a][i]))
					for j := 0; j < m; j++ {
						scale = max(scale, math.Abs(dW64[a][i][j]))
					}
				}
				for i := 0; i < n; i++ {
					if e := math.Abs(db32[a][i] - db64[a][i]); e > 2e-5*scale {
						t.Errorf("%v n=%d m=%d: db[%d][%d] = %g, reference %g", model, n, m, a, i, db32[a][i], db64[a][i])
					}
					for j := 0; j < m; j++ {
						if e := math.Abs(dW32[a][i][j] - dW64[a][i][j]); e > 2e-5*scale {
							t.Errorf("%v n=%d m=%d: dW[%d][%d][%d] = %g, reference %g", model, n, m, a, i, j, dW32[a][i][j], dW64[a][i][j])
						}
					}
				}
			}
		}
	}
}
