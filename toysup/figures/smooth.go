package figures

import (
	"fmt"
	"math"
)

// gaussianTruncate is scipy's default: the kernel reaches truncate·σ samples either side.
const gaussianTruncate = 4.0

// GaussianWeights returns the normalised kernel of [GaussianFilter1D], `[2r+1]` with r = ⌊4σ + 0.5⌋, as scipy's
// gaussian_filter1d builds it: w_j ∝ exp(−j²/2σ²), j = −r…r, summing to 1. σ = 0 gives `[1]`.
func GaussianWeights(sigma float64) ([]float64, error) {
	if !(sigma >= 0) || math.IsInf(sigma, 0) {
		return nil, fmt.Errorf("figures: sigma = %v, allowed ≥ 0 and finite", sigma)
	}
	if sigma == 0 {
		return []float64{1}, nil
	}
	r := int(gaussianTruncate*sigma + 0.5)
	if r > 1<<24 {
		return nil, fmt.Errorf("figures: sigma = %v is too large (kernel radius %d samples)", sigma, r)
	}
	w := make([]float64, 2*r+1)
	sum := 0.0
	for j := -r; j <= r; j++ {
		v := math.Exp(-0.5 * float64(j*j) / (sigma * sigma))
		w[j+r] = v
		sum += v
	}
	for i := range w {
		w[i] /= sum
	}
	return w, nil
}

// reflectIndex maps any index onto [0, n) the way scipy's mode "reflect" extends a signal: the edge sample is
// repeated, (d c b a | a b c d | d c b a), periodically for offsets beyond one length.
func reflectIndex(i, n int) int {
	period := 2 * n
	k := i % period
	if k < 0 {
		k += period
	}
	if k >= n {
		k = period - 1 - k
	}
	return k
}

// GaussianFilter1D smooths x with a Gaussian of standard deviation sigma samples, like scipy's
// `gaussian_filter1d(x, sigma)` (truncate 4, mode "reflect"). x must be finite; σ = 0 returns a copy.
func GaussianFilter1D(x []float64, sigma float64) ([]float64, error) {
	w, err := GaussianWeights(sigma)
	if err != nil {
		return nil, err
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("figures: x[%d] = %v, must be finite", i, v)
		}
	}
	n, r := len(x), len(w)/2
	out := make([]float64, n)
	for i := range out {
		s := 0.0
		for j, wj := range w {
			s += wj * x[reflectIndex(i+j-r, n)]
		}
		out[i] = s
	}
	return out, nil
}
