package cpu

import "fmt"

// LossGrad64 is the float64 reference of the engine's maths, a direct transcription for checks: for each
// instance k, loss_k = (1/B)·Σ_s Σ_i I_ki (x_ski − x'_ski)² on the given batch, and the gradient of Σ_k loss_k with
// respect to W `[K][n][m]` and b `[K][n]`. x is `[size][K][n]` row-major (toysup.Batch's layout); importance is
// `[K][n]` (used as given, no floor). It returns loss `[K]`, dW `[K][n][m]` and db `[K][n]`.
func LossGrad64(model Model, W [][][]float64, b [][]float64, importance [][]float64, x []float64, size int) (loss []float64, dW [][][]float64, db [][]float64, err error) {
	k := len(W)
	if k == 0 || len(W[0]) == 0 || len(W[0][0]) == 0 {
		return nil, nil, nil, fmt.Errorf("cpu: W must be [K][n][m] with K, n, m ≥ 1")
	}
	n, m := len(W[0]), len(W[0][0])
	if err := checkParams(W, b, k, n, m); err != nil {
		return nil, nil, nil, err
	}
	if model != Linear && model != ReLUOutput {
		return nil, nil, nil, fmt.Errorf("cpu: model %v: allowed linear, relu_output", model)
	}
	if size < 1 || len(x) != size*k*n {
		return nil, nil, nil, fmt.Errorf("cpu: batch has %d values, want size·K·n = %d·%d·%d with size ≥ 1", len(x), size, k, n)
	}
	if len(importance) != k {
		return nil, nil, nil, fmt.Errorf("cpu: importance has %d rows, want instances = %d", len(importance), k)
	}
	loss = make([]float64, k)
	dW = make([][][]float64, k)
	db = make([][]float64, k)
	h := make([]float64, m)
	g := make([]float64, m)
	d := make([]float64, n)
	for kk := 0; kk < k; kk++ {
		if len(importance[kk]) != n {
			return nil, nil, nil, fmt.Errorf("cpu: importance[%d] has %d values, want features = %d", kk, len(importance[kk]), n)
		}
		dW[kk] = make([][]float64, n)
		for i := range dW[kk] {
			dW[kk][i] = make([]float64, m)
		}
		db[kk] = make([]float64, n)
		Wk, bk, Ik := W[kk], b[kk], importance[kk]
		for s := 0; s < size; s++ {
			xs := x[(s*k+kk)*n : (s*k+kk+1)*n]
			for j := range h {
				h[j] = 0
				for i := 0; i < n; i++ {
					h[j] += xs[i] * Wk[i][j]
				}
			}
			for i := 0; i < n; i++ {
				z := bk[i]
				for j := 0; j < m; j++ {
					z += Wk[i][j] * h[j]
				}
				y, slope := z, 1.0
				if model == ReLUOutput && z <= 0 {
					y, slope = 0, 0
				}
				r := y - xs[i]
				loss[kk] += Ik[i] * r * r / float64(size)
				d[i] = 2 * Ik[i] * r * slope / float64(size)
			}
			for j := range g {
				g[j] = 0
				for i := 0; i < n; i++ {
					g[j] += d[i] * Wk[i][j]
				}
			}
			for i := 0; i < n; i++ {
				db[kk][i] += d[i]
				for j := 0; j < m; j++ {
					dW[kk][i][j] += d[i]*h[j] + xs[i]*g[j]
				}
			}
		}
	}
	return loss, dW, db, nil
}
