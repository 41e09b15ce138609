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
// b starts at zero. Instance k draws from its own stream (seed, first_instance + k): W, then W_out for the abs
// model; so an instance starts the same whatever instances train beside it, and a shard as in its whole sweep.
func InitParams(cfg Config) Params {
	std := cfg.InitStd
	if cfg.Init == InitXavierNormal {
		std = math.Sqrt(2 / float64(cfg.Features+cfg.Hidden))
	}
	p := Params{W: make([][][]float64, cfg.Instances), B: make([][]float64, cfg.Instances)}
	if cfg.Model == ModelAbs {
		p.WOut = make([][][]float64, cfg.Instances)
	}
	for k := range p.W {
		rng := rand.New(rand.NewPCG(uint64(cfg.Seed), instanceStream(cfg.FirstInstance+k)))
		p.W[k] = normalMatrix(rng, cfg.Features, cfg.Hidden, std)
		if p.WOut != nil {
			p.WOut[k] = normalMatrix(rng, cfg.Features, cfg.Hidden, std)
		}
		p.B[k] = make([]float64, cfg.Features)
	}
	return p
}

// instanceStream is the second PCG seed word of instance k's initialisation stream.
func instanceStream(k int) uint64 { return 0x5eed_1417 ^ (uint64(k)+1)*0x9e3779b97f4a7c15 }

// normalMatrix is an n×m matrix of independent Normal(0, std²) draws from rng, row by row.
func normalMatrix(rng *rand.Rand, n, m int, std float64) [][]float64 {
	w := make([][]float64, n)
	for i := range w {
		w[i] = make([]float64, m)
		for j := range w[i] {
			w[i][j] = std * rng.NormFloat64()
		}
	}
	return w
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
