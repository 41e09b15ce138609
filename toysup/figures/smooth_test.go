package figures

import (
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

func TestGaussianWeights(t *testing.T) {
	for _, sigma := range []float64{0.3, 1, 1.2, 5, 37.5} {
		w, err := GaussianWeights(sigma)
		if err != nil {
			t.Fatal(err)
		}
		r := int(4*sigma + 0.5) // scipy's radius for truncate = 4
		if len(w) != 2*r+1 {
			t.Errorf("σ=%v: %d weights, want %d", sigma, len(w), 2*r+1)
		}
		sum := 0.0
		for j := range w {
			sum += w[j]
			if math.Abs(w[j]-w[len(w)-1-j]) > 1e-15 {
				t.Errorf("σ=%v: not symmetric at %d", sigma, j)
			}
			// Ratio to the centre is exp(−d²/2σ²).
			d := float64(j - r)
			if got, want := w[j]/w[r], math.Exp(-d*d/(2*sigma*sigma)); math.Abs(got-want) > 1e-12 {
				t.Errorf("σ=%v: w[%d]/w[centre] = %v, want %v", sigma, j, got, want)
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("σ=%v: weights sum to %v, want 1", sigma, sum)
		}
	}
	if w, err := GaussianWeights(0); err != nil || len(w) != 1 || w[0] != 1 {
		t.Errorf("σ=0: got %v, %v; want [1]", w, err)
	}
	for _, bad := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, err := GaussianWeights(bad); err == nil {
			t.Errorf("σ=%v: no error", bad)
		}
	}
}

func TestReflectIndex(t *testing.T) {
	// scipy's "reflect": (d c b a | a b c d | d c b a), repeated.
	const n = 4
	base := []int{0, 1, 2, 3}
	period := append(append([]int{}, base...), 3, 2, 1, 0)
	for i := -3 * n; i < 3*n; i++ {
		want := period[((i%8)+8)%8]
		if got := reflectIndex(i, n); got != want {
			t.Errorf("reflectIndex(%d, %d) = %d, want %d", i, n, got, want)
		}
	}
	if got := reflectIndex(-1, 1); got != 0 {
		t.Errorf("reflectIndex(-1, 1) = %d, want 0", got)
	}
}

func TestGaussianFilterConstantAndRamp(t *testing.T) {
	const n = 60
	c := make([]float64, n)
	ramp := make([]float64, n)
	for i := range c {
		c[i] = 3.25
		ramp[i] = 0.5 + 2*float64(i)
	}
	for _, sigma := range []float64{0, 1, 2.5, 7, 40} {
		out, err := GaussianFilter1D(c, sigma)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range out {
			if math.Abs(v-3.25) > 1e-12 {
				t.Fatalf("σ=%v: constant changed at %d: %v", sigma, i, v)
			}
		}
		out, err = GaussianFilter1D(ramp, sigma)
		if err != nil {
			t.Fatal(err)
		}
		r := int(4*sigma + 0.5)
		for i := r; i < n-r; i++ { // the interior, where the kernel does not reach an edge
			if math.Abs(out[i]-ramp[i]) > 1e-9 {
				t.Errorf("σ=%v: ramp interior changed at %d: %v, want %v", sigma, i, out[i], ramp[i])
			}
		}
		if sigma > 0 && !(out[0] > ramp[0]) {
			t.Errorf("σ=%v: reflected edge of an increasing ramp should rise: %v ≤ %v", sigma, out[0], ramp[0])
		}
	}
}

// A half-sample cosine is an eigenvector of the reflect-mode filter: its even, 2N-periodic extension is the
// cosine itself, so the output is x_i·Σ_j w_j cos(πkj/N) at every index, edges included — a closed form that
// pins down the edge handling, also when the kernel is wider than the signal.
func TestGaussianFilterReflectEigenvector(t *testing.T) {
	const n = 50
	for _, k := range []int{1, 3, 8} {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Cos(math.Pi * float64(k) * (float64(i) + 0.5) / n)
		}
		for _, sigma := range []float64{2, 4.5, 30} {
			w, _ := GaussianWeights(sigma)
			r := len(w) / 2
			gain := 0.0
			for j, wj := range w {
				gain += wj * math.Cos(math.Pi*float64(k)*float64(j-r)/n)
			}
			out, err := GaussianFilter1D(x, sigma)
			if err != nil {
				t.Fatal(err)
			}
			for i := range out {
				if math.Abs(out[i]-gain*x[i]) > 1e-12 {
					t.Fatalf("k=%d σ=%v: out[%d] = %v, want %v", k, sigma, i, out[i], gain*x[i])
				}
			}
		}
	}
}

func TestGaussianFilterRejectsNonFinite(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := GaussianFilter1D([]float64{1, v, 2}, 1); err == nil {
			t.Errorf("x containing %v: no error", v)
		}
	}
}

func TestSmoothLossConvertsStepsToSamples(t *testing.T) {
	h := toysup.LossHistory{}
	for t := 0; t < 80; t++ {
		h.Step = append(h.Step, 100*t)
		h.Loss = append(h.Loss, []float64{1 + math.Sin(float64(t)), float64(t * t)})
	}
	h.Step[79] = 7_899 // the last logged step is usually off the grid
	got, err := SmoothLoss(h, 500)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 2 {
		series := make([]float64, 80)
		for t := range series {
			series[t] = h.Loss[t][k]
		}
		want, _ := GaussianFilter1D(series, 5) // 500 steps at 100 steps per sample
		for i := range want {
			if math.Abs(got[k][i]-want[i]) > 1e-12 {
				t.Fatalf("instance %d, sample %d: %v, want %v", k, i, got[k][i], want[i])
			}
		}
	}
	bad := h
	bad.Step = append([]int{}, h.Step...)
	bad.Step[3] = bad.Step[2]
	if _, err := SmoothLoss(bad, 500); err == nil {
		t.Error("non-increasing steps: no error")
	}
	if _, err := SmoothLoss(h, -1); err == nil {
		t.Error("negative sigma: no error")
	}
	if _, err := SmoothLoss(toysup.LossHistory{}, 1); err == nil {
		t.Error("empty history: no error")
	}
}
