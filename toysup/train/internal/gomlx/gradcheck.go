package gomlx

import (
	"fmt"

	G "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/toymodels/superposition/toysup"
)

// Gradients evaluates, in float64 with GoMLX's autodiff on cfg's backend, the per-instance loss `[instances]`
// (with the L1 penalty of l1_hidden) on batch x (layout `[batch][instances][features]`) and the gradients of Σ_k loss_k with respect to W
// `[instances][features][hidden]`, b `[instances][features]` and, for the abs model, WOut. It is the reference the native engine and the
// finite-difference tests check against.
func Gradients(cfg toysup.Config, p toysup.Params, x toysup.Batch) (loss []float64, grad toysup.Params, err error) {
	if cfg, err = cfg.Resolve(); err != nil {
		return nil, toysup.Params{}, err
	}
	k, n := cfg.Instances, cfg.Features
	if x.Instances != k || x.Features != n {
		return nil, toysup.Params{}, fmt.Errorf("batch is [%d][%d][%d], config wants [batch][%d][%d]", x.Size, x.Instances, x.Features, k, n)
	}
	backend, err := Backend(cfg.Backend)
	if err != nil {
		return nil, toysup.Params{}, err
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
	wOut := p.WOut
	if wOut == nil { // tied models: a placeholder input the graph ignores.
		wOut = p.W
	}
	err = catch(func() {
		installDotGeneralVJP()
		exec, err := G.NewExecAny(backend, func(W, WOut, b, xn, in *G.Node) []*G.Node {
			defer forgetDots(W.Graph())
			if cfg.Model != toysup.ModelAbs {
				WOut = nil
			}
			h, out := ToyModelHidden(cfg.Model, W, WOut, b, xn)
			l := ImportanceWeightedLoss(TargetGraph(cfg.Model, xn), out, in)
			if cfg.L1Hidden > 0 {
				l = G.Add(l, L1Penalty(h, cfg.L1Hidden))
			}
			wrt := []*G.Node{W, b}
			if WOut != nil {
				wrt = append(wrt, WOut)
			}
			return append([]*G.Node{l}, G.Gradient(G.ReduceAllSum(l), wrt...)...)
		})
		if err != nil {
			panic(err)
		}
		defer exec.Finalize()
		outs, err := exec.Exec(tensors.FromValue(p.W), tensors.FromValue(wOut), tensors.FromValue(p.B),
			tensors.FromFlatDataAndDimensions(xs, k, x.Size, n), tensors.FromFlatDataAndDimensions(imp, k, 1, n))
		if err != nil {
			panic(err)
		}
		loss = outs[0].Value().([]float64)
		grad.W = outs[1].Value().([][][]float64)
		grad.B = outs[2].Value().([][]float64)
		if len(outs) > 3 {
			grad.WOut = outs[3].Value().([][][]float64)
		}
	})
	return loss, grad, err
}
