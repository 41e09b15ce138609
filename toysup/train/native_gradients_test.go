package train

import (
	"fmt"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train/internal/cpu"
)

// nativeGradients evaluates the native kernels' per-instance loss `[instances]` on batch x (layout
// `[batch][instances][features]`) and the gradients of Σ_k loss_k with respect to p's W, b and WOut, in float32
// (returned as float64) — the counterpart of gomlx.Gradients for the cross-checks.
func nativeGradients(cfg toysup.Config, p toysup.Params, x toysup.Batch) (loss []float64, grad toysup.Params, err error) {
	if cfg, err = cfg.Resolve(); err != nil {
		return nil, toysup.Params{}, err
	}
	if err := nativeSupports(cfg); err != nil {
		return nil, toysup.Params{}, err
	}
	if x.Instances != cfg.Instances || x.Features != cfg.Features {
		return nil, toysup.Params{}, fmt.Errorf("batch is [%d][%d][%d], config wants [batch][%d][%d]", x.Size, x.Instances, x.Features, cfg.Instances, cfg.Features)
	}
	nc := nativeConfig(cfg)
	nc.Workers = 1
	tr, err := cpu.NewUntiedTrainer(nc, p.W, p.WOut, p.B)
	if err != nil {
		return nil, toysup.Params{}, err
	}
	defer tr.Close()
	loss, grad.W, grad.WOut, grad.B, err = tr.UntiedGradients(x.X, x.Size)
	return loss, grad, err
}
