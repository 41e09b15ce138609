package train

import (
	"fmt"
	"slices"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train/internal/cpu"
)

// The native engine: internal/cpu's fused float32 training loop in plain Go (data generation, forward pass, loss,
// backward pass and AdamW in one pass per sample block, parallel over the cores, following the sparsity of the
// inputs).

// nativeModels maps the model kinds the native engine trains to its kernels.
var nativeModels = map[toysup.ModelKind]cpu.Model{
	toysup.ModelLinear:     cpu.Linear,
	toysup.ModelReLUOutput: cpu.ReLUOutput,
}

// nativeSupports accepts the models of nativeModels with independent features, on the CPU.
func nativeSupports(cfg toysup.Config) error {
	if _, ok := nativeModels[cfg.Model]; !ok {
		var names []string
		for name := range nativeModels {
			names = append(names, string(name))
		}
		slices.Sort(names)
		return fmt.Errorf("model %q is not implemented by the native engine (it trains %q)", cfg.Model, names)
	}
	if cfg.Backend != "" && cfg.Backend != toysup.DefaultBackend {
		return fmt.Errorf("backend %q is a GoMLX backend; the native engine runs on the CPU only (use engine \"gomlx\")", cfg.Backend)
	}
	if !cfg.Sampling().Independent() {
		return fmt.Errorf("correlated and anticorrelated feature sets are not implemented by the native engine")
	}
	return nil
}

// nativeConfig translates a resolved config for internal/cpu.
func nativeConfig(cfg toysup.Config) cpu.Config {
	return cpu.Config{
		Model:              nativeModels[cfg.Model],
		Features:           cfg.Features,
		Hidden:             cfg.Hidden,
		Instances:          cfg.Instances,
		BatchSize:          cfg.BatchSize,
		FeatureProbability: cfg.FeatureProbabilities(),
		Importance:         cfg.Importances(),
		ImportanceFloor:    toysup.ImportanceFloor,
		WeightDecay:        cfg.WeightDecayValue(),
		Seed:               cfg.Seed,
	}
}

// nativeStepper adapts a cpu.Trainer to [stepper].
type nativeStepper struct{ tr *cpu.Trainer }

func newNativeStepper(cfg toysup.Config) (stepper, error) {
	init := toysup.InitParams(cfg)
	tr, err := cpu.NewTrainer(nativeConfig(cfg), init.W, init.B)
	if err != nil {
		return nil, err
	}
	return nativeStepper{tr}, nil
}

func (s nativeStepper) Step(step int, lr float64, loss []float64) error {
	return s.tr.Step(step, lr, loss)
}

func (s nativeStepper) Params() (toysup.Params, error) {
	W, b := s.tr.Params()
	return toysup.Params{W: W, B: b}, nil
}

func (s nativeStepper) Close() { s.tr.Close() }
