package toysup

import (
	"fmt"

	G "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// GoMLXGradients evaluates, in float64 with GoMLX's autodiff on cfg's backend, the per-instance loss `[instances]`
// on batch x (layout `[batch][instances][features]`) and the gradients of Σ_k loss_k with respect to W
// `[instances][features][hidden]` and b `[instances][features]`. It is the reference the native engine and the
// finite-difference tests check against.
func GoMLXGradients(cfg Config, p Params, x Batch) (loss []float64, grad Params, err error) {
	if cfg, err = cfg.Resolve(); err != nil {
		return nil, Params{}, err
	}
	k, n, m := cfg.Instances, cfg.Features, cfg.Hidden
	if x.Instances != k || x.Features != n {
		return nil, Params{}, fmt.Errorf("batch is [%d][%d][%d], config wants [batch][%d][%d]", x.Size, x.Instances, x.Features, k, n)
	}
	backend, err := Backend(cfg.Backend)
	if err != nil {
		return nil, Params{}, err
	}
	// x to instance-major `[instances, batch, features]`, importance to `[instances, 1, features]`.
	xs := make([]float64, 0, len(x.X))
	for kk := 0; kk < k; kk++ {
		for s := 0; s < x.Size; s++ {
			xs = append(xs, x.Row(s, kk)...)
		}
	}
	imps := cfg.Importances()
	var imp []float64
	for _, row := range imps {
		imp = append(imp, row...)
	}
	err = catch(func() {
		exec, err := G.NewExecAny(backend, func(W, b, xn, in *G.Node) []*G.Node {
			l := ImportanceWeightedLoss(xn, ToyModel(cfg.Model, W, b, xn), in)
			grads := G.Gradient(G.ReduceAllSum(l), W, b)
			return []*G.Node{l, grads[0], grads[1]}
		})
		if err != nil {
			panic(err)
		}
		defer exec.Finalize()
		outs, err := exec.Exec(tensors.FromValue(p.W), tensors.FromValue(p.B),
			tensors.FromFlatDataAndDimensions(xs, k, x.Size, n), tensors.FromFlatDataAndDimensions(imp, k, 1, n))
		if err != nil {
			panic(err)
		}
		loss = outs[0].Value().([]float64)
		grad.W = outs[1].Value().([][][]float64)
		grad.B = outs[2].Value().([][]float64)
		_ = m
	})
	return loss, grad, err
}
