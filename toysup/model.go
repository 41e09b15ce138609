package toysup

import (
	G "github.com/gomlx/gomlx/pkg/core/graph"
)

// ToyModel is the tied toy model of K instances, `x' = act(WᵀW x + b)` per instance, in one graph:
// W `[instances, features, hidden]`, b `[instances, features]`, x `[instances, batch, features]`; it returns x'
// `[instances, batch, features]`. act is ReLU for "relu_output" and the identity for "linear".
func ToyModel(model string, W, b, x *G.Node) *G.Node {
	// h = W x: contract features; instances is the batch axis of the product. `[instances, batch, hidden]`.
	h := dotGeneral(x, []int{2}, []int{0}, W, []int{1}, []int{0})
	// z = Wᵀ h: contract hidden. `[instances, batch, features]`.
	z := dotGeneral(h, []int{2}, []int{0}, W, []int{2}, []int{0})
	z = G.Add(z, G.ExpandAxes(b, 1))
	if model == ModelLinear {
		return z
	}
	return ReLUWhere(z)
}

// ReLUWhere is max(z, 0) written as `G.Where(z > 0, z, 0)`, measured faster than Max on the pure-Go backend.
func ReLUWhere(z *G.Node) *G.Node {
	zero := G.ZerosLike(z)
	return G.Where(G.GreaterThan(z, zero), z, zero)
}

// ImportanceWeightedLoss is the loss of each instance, the mean over the batch of Σ_i I_i (x_i − x'_i)²:
// x and out are `[instances, batch, features]`, importance broadcasts to them (`[instances, 1, features]` or full
// shape); it returns `[instances]`.
func ImportanceWeightedLoss(x, out, importance *G.Node) *G.Node {
	d := G.Sub(x, out)
	perSample := G.ReduceSum(G.Mul(importance, G.Mul(d, d)), -1) // `[instances, batch]`
	return G.ReduceMean(perSample, -1)
}

// SampleFeatures draws the paper's sparse features in the graph from uniforms u `[instances, batch, features]`:
// x = u/p where u < p, else 0 — one uniform per feature; invP = 1/p and p broadcast to u's shape.
func SampleFeatures(u, p, invP *G.Node) *G.Node {
	return G.Where(G.LessThan(u, p), G.Mul(u, invP), G.ZerosLike(u))
}
