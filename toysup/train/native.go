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
	toysup.ModelReLUHidden: cpu.ReLUHidden,
	toysup.ModelAbs:        cpu.Abs,
}

// nativeRules maps the optimizers to the native update rules: "adam" with a weight decay is Adam on the gradient
// of loss + (wd/2)‖θ‖² (PyTorch's Adam(weight_decay)), which with weight decay 0 is plain Adam like "adamw" at 0.
var nativeRules = map[toysup.Optimizer]cpu.Rule{
	toysup.OptimizerAdamW: cpu.AdamW,
	toysup.OptimizerAdam:  cpu.AdamL2,
	toysup.OptimizerSGD:   cpu.SGD,
}

// nativeSupports accepts the models of nativeModels, with independent features or feature sets, on the CPU.
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
	return nil
}

// nativeConfig translates a resolved config for internal/cpu.
func nativeConfig(cfg toysup.Config) cpu.Config {
	c := cpu.Config{
		Model:              nativeModels[cfg.Model],
		Features:           cfg.Features,
		Hidden:             cfg.Hidden,
		Instances:          cfg.Instances,
		BatchSize:          cfg.EffectiveBatch(),
		FeatureProbability: cfg.FeatureProbabilities(),
		Importance:         cfg.Importances(),
		ImportanceFloor:    toysup.ImportanceFloor,
		WeightDecay:        cfg.WeightDecayValue(),
		Rule:               nativeRules[cfg.Optimizer],
		Seed:               cfg.Seed,
		FirstInstance:      cfg.FirstInstance,
		Normalize:          cfg.NormalizeInputs,
		L1:                 cfg.L1Hidden,
	}
	if cfg.DatasetSize > 0 {
		c.Dataset = make([]cpu.Samples, cfg.Instances)
		for k := range c.Dataset {
			c.Dataset[k] = nativeSamples(cfg.TrainingSet(k))
		}
	}
	if s := cfg.Sampling(); !s.Independent() {
		c.Sets = nativeSets(cfg, s)
	}
	return c
}

// nativeSamples converts a fixed training set to float32.
func nativeSamples(set toysup.SparseSet) cpu.Samples {
	out := cpu.Samples{Off: make([]int32, len(set.Off)), Index: set.Index, Value: make([]float32, len(set.Value))}
	for t, o := range set.Off {
		out.Off[t] = int32(o)
	}
	for e, v := range set.Value {
		out.Value[e] = float32(v)
	}
	return out
}

// nativeSets translates feature sets. [toysup.Sampling] numbers the correlated sets first; their members draw
// their values separately. Sampling.SeparateValues draws every feature's value separately once some set is
// correlated, internal/cpu only the correlated members': the distribution is the same, since a value taken from its
// set's draw, (u − lo)/(hi − lo), is uniform given the feature is active and independent of the other features.
func nativeSets(cfg toysup.Config, s toysup.Sampling) *cpu.FeatureSets {
	fs := &cpu.FeatureSets{Set: s.Set, Correlated: make([]bool, s.NumSets), Lo: s.Lo, Hi: s.Hi}
	for i := range cfg.Correlated {
		fs.Correlated[i] = true
	}
	return fs
}

// nativeStepper adapts a cpu.Trainer to [stepper].
type nativeStepper struct{ tr *cpu.Trainer }

func newNativeStepper(cfg toysup.Config) (stepper, error) {
	init := toysup.InitParams(cfg)
	tr, err := cpu.NewUntiedTrainer(nativeConfig(cfg), init.W, init.WOut, init.B)
	if err != nil {
		return nil, err
	}
	return nativeStepper{tr}, nil
}

func (s nativeStepper) Step(step int, lr float64, loss []float64) error {
	return s.tr.Step(step, lr, loss)
}

func (s nativeStepper) Params() (toysup.Params, error) {
	W, WOut, b := s.tr.UntiedParams()
	return toysup.Params{W: W, B: b, WOut: WOut}, nil
}

func (s nativeStepper) Close() { s.tr.Close() }

// interrupt stops the running step within one sample block ([cpu.Trainer.Interrupt]).
func (s nativeStepper) interrupt() { s.tr.Interrupt() }
