package toysup

import (
	"math"

	"github.com/janpfeifer/must"
)

// RepresentedThreshold is the ‖W_i‖ above which feature i counts as represented (the paper's convention).
const RepresentedThreshold = 0.5

// Analysis holds the paper's measures of one trained instance. All are computed in plain Go from W and b.
type Analysis struct {
	// WtW is WᵀW with W as `[hidden][features]` columns, i.e. the Gram matrix of the feature directions:
	// WtW[i][j] = W_i·W_j, `[features][features]`.
	WtW [][]float64 `json:"wtw"`
	// Norms is ‖W_i‖, `[features]`.
	Norms []float64 `json:"norms"`
	// Superposition is Σ_{j≠i} (Ŵ_i·W_j)², `[features]`: 0 when W_i is orthogonal to every other feature.
	Superposition []float64 `json:"superposition"`
	// FeatureDimensionality is D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)² (j = i included), `[features]`; 0 for W_i = 0.
	FeatureDimensionality []float64 `json:"feature_dimensionality"`
	// DimensionsPerFeature is D* = m / ‖W‖_F².
	DimensionsPerFeature float64 `json:"dimensions_per_feature"`
	// Represented counts features with ‖W_i‖ > [RepresentedThreshold].
	Represented int `json:"represented"`
	// EvalLoss is the loss on fresh samples (NaN when not evaluated).
	EvalLoss float64 `json:"eval_loss"`
}

// AnalyzeWeights computes the geometric measures of a weight matrix `W` `[features][hidden]` (row i = W_i).
// EvalLoss is left NaN.
func AnalyzeWeights(W [][]float64) Analysis {
	n := len(W)
	m := 0
	if n > 0 {
		m = len(W[0])
	}
	a := Analysis{
		WtW:                   Gram(W),
		Norms:                 make([]float64, n),
		Superposition:         make([]float64, n),
		FeatureDimensionality: make([]float64, n),
		EvalLoss:              math.NaN(),
	}
	frob := 0.0
	for i := range W {
		a.Norms[i] = math.Sqrt(a.WtW[i][i])
		frob += a.WtW[i][i]
		if a.Norms[i] > RepresentedThreshold {
			a.Represented++
		}
	}
	for i := range W {
		if a.Norms[i] == 0 {
			continue
		}
		var all float64 // Σ_j (Ŵ_i·W_j)², j = i included.
		for j := range W {
			proj := a.WtW[i][j] / a.Norms[i]
			all += proj * proj
		}
		a.Superposition[i] = all - a.WtW[i][i]
		a.FeatureDimensionality[i] = a.WtW[i][i] / all
	}
	if frob > 0 {
		a.DimensionsPerFeature = float64(m) / frob
	} else {
		a.DimensionsPerFeature = math.Inf(1)
	}
	return a
}

// AnalyzeNorms computes the measures of `W` `[features][hidden]` that need no n×n Gram matrix, in O(features ×
// hidden): Norms, Represented and DimensionsPerFeature. WtW, Superposition and FeatureDimensionality are left nil
// and EvalLoss NaN. [AnalyzeWeights] (O(features² × hidden) time, O(features²) memory) gives them all.
func AnalyzeNorms(W [][]float64) Analysis {
	a := Analysis{Norms: make([]float64, len(W)), EvalLoss: math.NaN()}
	frob, m := 0.0, 0
	for i, row := range W {
		m = len(row)
		sq := Dot(row, row)
		a.Norms[i] = math.Sqrt(sq)
		frob += sq
		if a.Norms[i] > RepresentedThreshold {
			a.Represented++
		}
	}
	a.DimensionsPerFeature = math.Inf(1)
	if frob > 0 {
		a.DimensionsPerFeature = float64(m) / frob
	}
	return a
}

// Gram returns G[i][j] = W_i·W_j for rows W_i of `W` `[features][hidden]`: the paper's WᵀW, `[features][features]`.
func Gram(W [][]float64) [][]float64 {
	g := make([][]float64, len(W))
	for i := range W {
		g[i] = make([]float64, len(W))
		for j := range W {
			g[i][j] = Dot(W[i], W[j])
		}
	}
	return g
}

// Dot is the dot product Σ_i a_i b_i of two vectors of the same length.
func Dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// Analyze computes each instance's [Analysis], with the loss evaluated on `samples` fresh samples drawn with seed.
// It builds each instance's n×n Gram matrix ([AnalyzeWeights]); for large n use [AnalyzeNorms] and [EvalLoss].
func (r *Result) Analyze(samples int, seed uint64) ([]Analysis, error) {
	if samples < 1 {
		return nil, fieldErr("samples", "got %d, allowed ≥ 1", samples)
	}
	out := make([]Analysis, len(r.Instances))
	losses, err := EvalLoss(r.Config, r.Instances, samples, seed)
	if err != nil {
		return nil, err
	}
	for k, in := range r.Instances {
		out[k] = AnalyzeWeights(in.W)
		out[k].EvalLoss = losses[k]
	}
	return out, nil
}

// MustAnalyze is [Result.Analyze] for notebooks: it panics on error.
func (r *Result) MustAnalyze(samples int, seed uint64) []Analysis {
	return must.M1(r.Analyze(samples, seed))
}
