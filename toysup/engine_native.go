package toysup

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/toymodels/superposition/toysup/internal/cpu"
)

// The native engine: toysup/internal/cpu's fused float32 training loop in plain Go (data generation, forward
// pass, loss, backward pass and AdamW in one pass per sample block, parallel over the cores, following the
// sparsity of the inputs). "auto" prefers it to GoMLX for every config it supports.
type nativeEngine struct{}

func init() { RegisterEngine(nativeEngine{}, 10) }

// nativeModels maps the model kinds the native engine trains to its kernels. A model kind added to internal/cpu
// (with its kernel) is enabled here.
var nativeModels = map[string]cpu.Model{
	ModelLinear:     cpu.Linear,
	ModelReLUOutput: cpu.ReLUOutput,
	ModelReLUHidden: cpu.ReLUHidden,
	ModelAbs:        cpu.Abs,
}

func (nativeEngine) Name() string { return "native" }

// Supports accepts the models of nativeModels, with independent features or feature sets, on the CPU.
func (nativeEngine) Supports(cfg Config) error {
	if _, ok := nativeModels[cfg.Model]; !ok {
		names := make([]string, 0, len(nativeModels))
		for name := range nativeModels {
			names = append(names, fmt.Sprintf("%q", name))
		}
		sort.Strings(names)
		return fmt.Errorf("model %q is not implemented by the native engine (it trains %s)", cfg.Model, strings.Join(names, ", "))
	}
	if cfg.Backend != "" && cfg.Backend != DefaultBackend {
		return fmt.Errorf("backend %q is a GoMLX backend; the native engine runs on the CPU only (use engine \"gomlx\")", cfg.Backend)
	}
	return nil
}

// nativeConfig translates a resolved config for internal/cpu.
func nativeConfig(cfg Config) cpu.Config {
	c := cpu.Config{
		Model:              nativeModels[cfg.Model],
		Features:           cfg.Features,
		Hidden:             cfg.Hidden,
		Instances:          cfg.Instances,
		BatchSize:          cfg.BatchSize,
		FeatureProbability: cfg.FeatureProbabilities(),
		Importance:         cfg.Importances(),
		ImportanceFloor:    ImportanceFloor,
		WeightDecay:        cfg.WeightDecayValue(),
		Seed:               cfg.Seed,
	}
	if s := cfg.Sampling(); !s.Independent() {
		c.Sets = nativeSets(cfg, s)
	}
	return c
}

// nativeSets translates feature sets. [Sampling] numbers the correlated sets first; their members draw their
// values separately. [Sampling.SeparateValues] draws every feature's value separately once some set is correlated,
// internal/cpu only the correlated members': the distribution is the same, since a value taken from its set's
// draw, (u − lo)/(hi − lo), is uniform given the feature is active and independent of the other features.
func nativeSets(cfg Config, s Sampling) *cpu.FeatureSets {
	fs := &cpu.FeatureSets{Set: s.Set, Correlated: make([]bool, s.NumSets), Lo: s.Lo, Hi: s.Hi}
	for i := range cfg.Correlated {
		fs.Correlated[i] = true
	}
	return fs
}

// Train implements [Engine]: it starts from [InitParams], checks ctx every step, hands the recorder the snapshots
// it wants, and returns the float32 weights converted to float64.
func (e nativeEngine) Train(ctx context.Context, cfg Config, rec *Recorder) (*Result, error) {
	if err := e.Supports(cfg); err != nil {
		return nil, err
	}
	init := InitParams(cfg)
	tr, err := cpu.NewUntiedTrainer(nativeConfig(cfg), init.W, init.WOut, init.B)
	if err != nil {
		return nil, err
	}
	defer tr.Close()
	loss := make([]float64, cfg.Instances)
	for step := 0; step < cfg.Steps; step++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if rec.WantsSnapshot(step) {
			rec.Snapshot(step, nativeParams(tr))
		}
		if err := tr.Step(step, LearningRateAt(cfg, step), loss); err != nil {
			return nil, err
		}
		if err := rec.Record(step, loss); err != nil {
			return nil, err
		}
	}
	p := nativeParams(tr)
	if rec.WantsSnapshot(cfg.Steps) {
		rec.Snapshot(cfg.Steps, p)
	}
	return NewResult(cfg, p, loss, "native", ""), nil
}

// nativeParams returns the trainer's current parameters in float64.
func nativeParams(tr *cpu.Trainer) Params {
	W, WOut, b := tr.UntiedParams()
	return Params{W: W, B: b, WOut: WOut}
}

// nativeGradients evaluates the native kernels' per-instance loss `[instances]` on batch x (layout
// `[batch][instances][features]`) and the gradients of Σ_k loss_k with respect to p's W, b and WOut, in float32
// (returned as float64) — the counterpart of [GoMLXGradients] for the cross-checks.
func nativeGradients(cfg Config, p Params, x Batch) (loss []float64, grad Params, err error) {
	if cfg, err = cfg.Resolve(); err != nil {
		return nil, Params{}, err
	}
	if err := (nativeEngine{}).Supports(cfg); err != nil {
		return nil, Params{}, err
	}
	if x.Instances != cfg.Instances || x.Features != cfg.Features {
		return nil, Params{}, fmt.Errorf("batch is [%d][%d][%d], config wants [batch][%d][%d]", x.Size, x.Instances, x.Features, cfg.Instances, cfg.Features)
	}
	nc := nativeConfig(cfg)
	nc.Workers = 1
	tr, err := cpu.NewUntiedTrainer(nc, p.W, p.WOut, p.B)
	if err != nil {
		return nil, Params{}, err
	}
	defer tr.Close()
	loss, grad.W, grad.WOut, grad.B, err = tr.UntiedGradients(x.X, x.Size)
	return loss, grad, err
}
