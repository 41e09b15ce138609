package toysup

import (
	"math"
	"math/rand/v2"
)

// Params are the trainable parameters of K tied toy models, in float64 on the host.
type Params struct {
	// W is `[instances][features][hidden]`: W[k][i] is feature i's direction in instance k.
	W [][][]float64
	// B is the output bias, `[instances][features]`.
	B [][]float64
	// WOut is the untied output matrix of the abs model, `[instances][features][hidden]` (W₂ with row i =
	// feature i's output weights); nil for the tied models.
	WOut [][][]float64
}

// InitParams draws the initial parameters of cfg from cfg.Seed; every engine starts from them, so engines can be
// compared from the same starting point.
//
//   - "xavier_normal": W ~ Normal(0, 2/(n+m)) per instance (Glorot, for the n×m matrix of one instance; the
//     Colab applies PyTorch's xavier_normal_ to the whole `[K, n, m]` tensor, whose variance 2/(n·m + K·m) also
//     depends on K — we keep instances independent of each other instead);
//   - "normal": W ~ Normal(0, init_std²) (the seed notebook: std 0.02).
//
// b starts at zero.
func InitParams(cfg Config) Params {
	std := cfg.InitStd
	if cfg.Init == "xavier_normal" {
		std = math.Sqrt(2 / float64(cfg.Features+cfg.Hidden))
	}
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x5eed_1417))
	matrices := func() [][][]float64 {
		w := make([][][]float64, cfg.Instances)
		for k := range w {
			w[k] = make([][]float64, cfg.Features)
			for i := range w[k] {
				w[k][i] = make([]float64, cfg.Hidden)
				for j := range w[k][i] {
					w[k][i][j] = std * rng.NormFloat64()
				}
			}
		}
		return w
	}
	p := Params{W: matrices(), B: make([][]float64, cfg.Instances)}
	for k := range p.B {
		p.B[k] = make([]float64, cfg.Features)
	}
	if cfg.Model == ModelAbs {
		p.WOut = matrices()
	}
	return p
}

// ImportanceFloor is the smallest importance engines train with: I_i = 0.7^i underflows to float32 denormals for
// large n, which makes every engine (PyTorch too) about 2× slower while contributing nothing to the loss.
const ImportanceFloor = 1e-20

// instancesFromParams builds result instances from trained parameters and cfg's per-instance tables.
func instancesFromParams(cfg Config, p Params, finalLoss []float64) []Instance {
	probs, imps := cfg.FeatureProbabilities(), cfg.Importances()
	out := make([]Instance, cfg.Instances)
	for k := range out {
		out[k] = Instance{FeatureProbability: probs[k], Importance: imps[k], W: p.W[k], B: p.B[k], FinalLoss: finalLoss[k]}
		if p.WOut != nil {
			out[k].WOut = p.WOut[k]
		}
	}
	return out
}

// NewResult assembles a result from an engine's trained parameters and last per-instance batch loss `[instances]`.
// Engines call it; [Train] fills the loss history and run information.
func NewResult(cfg Config, p Params, finalLoss []float64) *Result {
	return &Result{Config: cfg, Instances: instancesFromParams(cfg, p, finalLoss)}
}
