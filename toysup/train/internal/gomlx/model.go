package gomlx

import (
	G "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/toymodels/superposition/toysup"
)

// ToyModel is the toy model of K instances in one graph: W `[instances, features, hidden]`, b
// `[instances, features]`, x `[instances, batch, features]`; it returns the output `[instances, batch, features]`:
//
//	linear:       WᵀW x + b
//	relu_output:  ReLU(WᵀW x + b)
//	relu_hidden:  ReLU(Wᵀ ReLU(W x) + b)
//	abs:          ReLU(WOut ReLU(W x) + b)   (WOut `[instances, features, hidden]`; nil for the other models)
func ToyModel(model toysup.ModelKind, W, WOut, b, x *G.Node) *G.Node {
	_, out := ToyModelHidden(model, W, WOut, b, x)
	return out
}

// ToyModelHidden is [ToyModel] that also returns the hidden activations h `[instances, batch, hidden]` (W x, through
// a ReLU for relu_hidden and abs).
func ToyModelHidden(model toysup.ModelKind, W, WOut, b, x *G.Node) (h, out *G.Node) {
	// h = W x: contract features; instances is the batch axis of the product. `[instances, batch, hidden]`.
	h = dotGeneral(x, []int{2}, []int{0}, W, []int{1}, []int{0})
	if model == toysup.ModelReLUHidden || model == toysup.ModelAbs {
		h = ReLUWhere(h)
	}
	if model == toysup.ModelAbs {
		W = WOut
	}
	// z = Wᵀ h: contract hidden. `[instances, batch, features]`.
	z := dotGeneral(h, []int{2}, []int{0}, W, []int{2}, []int{0})
	z = G.Add(z, G.ExpandAxes(b, 1))
	if model == toysup.ModelLinear {
		return h, z
	}
	return h, ReLUWhere(z)
}

// L1Penalty is λ·(1/B)·Σ_s Σ_j |h_sj| per instance, `[instances]`, for h `[instances, batch, hidden]`.
func L1Penalty(h *G.Node, lambda float64) *G.Node {
	return G.MulScalar(G.ReduceMean(G.ReduceSum(G.Abs(h), -1), -1), lambda)
}

// NormalizeRows scales every sample of x `[instances, batch, features]` to unit L2 norm; all-zero samples stay zero.
func NormalizeRows(x *G.Node) *G.Node {
	sq := G.ReduceAndKeep(G.Mul(x, x), G.ReduceSum, -1)
	zero := G.ZerosLike(sq)
	safe := G.Where(G.GreaterThan(sq, zero), sq, G.OnesLike(sq))
	return G.Div(x, G.Sqrt(safe))
}

// TargetGraph is what the model reconstructs, `[instances, batch, features]`: x, or |x| for the abs model.
func TargetGraph(model toysup.ModelKind, x *G.Node) *G.Node {
	if model == toysup.ModelAbs {
		return G.Abs(x)
	}
	return x
}

// ReLUWhere is max(z, 0) written as `G.Where(z > 0, z, 0)`, measured faster than Max on the pure-Go backend.
func ReLUWhere(z *G.Node) *G.Node {
	zero := G.ZerosLike(z)
	return G.Where(G.GreaterThan(z, zero), z, zero)
}

// ImportanceWeightedLoss is the loss of each instance, the mean over the batch of Σ_i I_i (y_i − y'_i)²:
// the target y (x, or |x| for the abs model) and the output y' (out) are `[instances, batch, features]`, importance broadcasts to them (`[instances, 1, features]` or full
// shape); it returns `[instances]`.
func ImportanceWeightedLoss(x, out, importance *G.Node) *G.Node {
	d := G.Sub(x, out)
	perSample := G.ReduceSum(G.Mul(importance, G.Mul(d, d)), -1) // `[instances, batch]`
	return G.ReduceMean(perSample, -1)
}

// SampleFeatures draws the paper's independent sparse features in the graph from uniforms u
// `[instances, batch, features]`: x = u/p where u < p, else 0 — one uniform per feature; invP = 1/p and p
// broadcast to u's shape. With signed (the abs model) non-zero values are 2·u/p − 1, Uniform[−1, 1).
func SampleFeatures(u, p, invP *G.Node, signed bool) *G.Node {
	return G.Where(G.LessThan(u, p), signedValue(G.Mul(u, invP), signed), G.ZerosLike(u))
}

// signedValue maps a Uniform[0, 1) value v to 2v − 1 when signed.
func signedValue(v *G.Node, signed bool) *G.Node {
	if !signed {
		return v
	}
	return G.AddScalar(G.MulScalar(v, 2), -1)
}

// SampleFeatureSets draws features that share draws within sets (see [Sampling]): setU `[instances, batch, sets]`
// holds one uniform per set, expand `[sets, features]` is the 0/1 matrix of set membership, lo, hi and
// invWidth = 1/(hi − lo) are `[instances, batch, features]`, and valueU (nil unless some set is correlated) holds
// one uniform per feature. Feature i is non-zero iff lo_i ≤ u_set(i) < hi_i.
func SampleFeatureSets(setU, expand, lo, hi, invWidth, valueU *G.Node, signed bool) *G.Node {
	u := G.DotGeneral(setU, []int{2}, nil, expand, []int{0}, nil) // `[instances, batch, features]`
	active := G.LogicalAnd(G.GreaterOrEqual(u, lo), G.LessThan(u, hi))
	v := G.Mul(G.Sub(u, lo), invWidth)
	if valueU != nil {
		v = valueU
	}
	return G.Where(active, signedValue(v, signed), G.ZerosLike(u))
}
