package figures

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/toymodels/superposition/toysup"
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

// SmoothLoss returns each instance's loss history smoothed with a Gaussian of σ = sigmaSteps training steps,
// `[instances][T]` (transposed from LossHistory.Loss `[T][instances]`), as scipy's gaussian_filter1d with mode
// "reflect" on the logged samples, σ converted to samples by the median spacing of LossHistory.Step.
func SmoothLoss(h toysup.LossHistory, sigmaSteps float64) ([][]float64, error) {
	T := len(h.Step)
	if T == 0 {
		return nil, errors.New("figures: the loss history is empty")
	}
	if len(h.Loss) != T {
		return nil, fmt.Errorf("figures: loss history has %d steps but %d loss rows", T, len(h.Loss))
	}
	K := len(h.Loss[0])
	if K == 0 {
		return nil, errors.New("figures: the loss history has no instances")
	}
	if !(sigmaSteps >= 0) || math.IsInf(sigmaSteps, 0) {
		return nil, fmt.Errorf("figures: sigmaSteps = %v, allowed ≥ 0 and finite", sigmaSteps)
	}
	diffs := make([]float64, 0, T)
	for t := 1; t < T; t++ {
		if h.Step[t] <= h.Step[t-1] {
			return nil, fmt.Errorf("figures: loss_history.step[%d] = %d does not increase (previous %d)", t, h.Step[t], h.Step[t-1])
		}
		diffs = append(diffs, float64(h.Step[t]-h.Step[t-1]))
	}
	spacing := 1.0
	if len(diffs) > 0 {
		sort.Float64s(diffs)
		spacing = diffs[len(diffs)/2]
	}
	out := make([][]float64, K)
	for k := range out {
		series := make([]float64, T)
		for t := range series {
			if len(h.Loss[t]) != K {
				return nil, fmt.Errorf("figures: loss_history.loss[%d] has %d values, want %d", t, len(h.Loss[t]), K)
			}
			series[t] = h.Loss[t][k]
			if math.IsNaN(series[t]) || math.IsInf(series[t], 0) {
				return nil, fmt.Errorf("figures: loss_history.loss[%d][%d] = %v, must be finite", t, k, series[t])
			}
		}
		sm, err := GaussianFilter1D(series, sigmaSteps/spacing)
		if err != nil {
			return nil, err
		}
		out[k] = sm
	}
	return out, nil
}
