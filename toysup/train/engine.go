package train

import (
	"github.com/toymodels/superposition/toysup"
)

// stepper is one engine's training state: the parameters, the optimizer state and whatever a step needs.
type stepper interface {
	// Step trains step (0-based) at learning rate lr and writes the per-instance loss before the update,
	// `[instances]`, into loss.
	Step(step int, lr float64, loss []float64) error
	// Params copies the current parameters to the host, in float64.
	Params() (toysup.Params, error)
	// Close releases the engine's resources.
	Close()
}

// engine is one way of training a resolved config.
type engine struct {
	kind toysup.EngineKind
	// supports reports whether the engine can train cfg (nil) or why not.
	supports func(cfg toysup.Config) error
	// newStepper starts training cfg from [toysup.InitParams].
	newStepper func(cfg toysup.Config) (stepper, error)
}

// nativeEngine trains on internal/cpu; gomlxEngine (engine_gomlx.go, or its stub in the browser build) on GoMLX.
var nativeEngine = engine{toysup.EngineNative, nativeSupports, newNativeStepper}

// selectEngine returns the engine named by cfg.Engine; "auto" is the native engine where it supports cfg, else
// gomlx.
func selectEngine(cfg toysup.Config) (engine, error) {
	var e engine
	switch cfg.Engine {
	case toysup.EngineNative:
		e = nativeEngine
	case toysup.EngineGoMLX:
		e = gomlxEngine
	case toysup.EngineAuto:
		if nativeSupports(cfg) == nil {
			return nativeEngine, nil
		}
		e = gomlxEngine
	default:
		return engine{}, toysup.FieldErrorf("engine", "got %q, allowed: %q", cfg.Engine, toysup.EngineKinds)
	}
	if err := e.supports(cfg); err != nil {
		return engine{}, toysup.FieldErrorf("engine", "%q cannot train this config: %v", cfg.Engine, err)
	}
	return e, nil
}

// EngineFor returns the engine that trains cfg ("native" or "gomlx"), or why none can.
func EngineFor(cfg toysup.Config) (toysup.EngineKind, error) {
	cfg, err := cfg.Resolve()
	if err != nil {
		return "", err
	}
	e, err := selectEngine(cfg)
	if err != nil {
		return "", err
	}
	return e.kind, nil
}
