package toysup

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/janpfeifer/must"
)

// ErrNonFinite is returned (wrapped) when the training loss turns NaN or ±Inf; the weights are not returned.
var ErrNonFinite = errors.New("training loss is not finite")

// TrainOption configures [Train].
type TrainOption func(*trainOptions)

type trainOptions struct {
	progress      Progress
	snapshotEvery int
	snapshot      func(step int, p Params)
}

// WithSnapshots calls fn with the parameters after 0, every, 2·every, … steps and after the last step
// (Section 5's learning dynamics). fn runs on the training goroutine and may keep p.
func WithSnapshots(every int, fn func(step int, p Params)) TrainOption {
	return func(o *trainOptions) { o.snapshotEvery, o.snapshot = every, fn }
}

// WithProgress reports training progress to p (nil: no progress). The default is [DefaultProgress]: a bar on a
// terminal, an updating HTML bar in a GoNB notebook, nothing otherwise.
func WithProgress(p Progress) TrainOption { return func(o *trainOptions) { o.progress = p } }

// Progress receives training progress. Update is called every log_every steps with the per-instance batch loss
// `[instances]`; engines call it from the training goroutine.
type Progress interface {
	Start(totalSteps int, title string)
	Update(step int, loss []float64)
	Finish()
}

// Engine runs the training steps of a resolved config. Every engine returns the same [Result] format; the loss
// history holds the loss of steps 0, log_every, 2·log_every, … and the last step.
type Engine interface {
	// Name is the config's engine name ("gomlx", "native").
	Name() string
	// Supports reports whether the engine can train cfg (nil) or why not.
	Supports(cfg Config) error
	// Train trains cfg, calling rec.Record with every step's loss; it stops with ctx's error when ctx is
	// cancelled, and with an error wrapping [ErrNonFinite] when a loss is not finite.
	Train(ctx context.Context, cfg Config, rec *Recorder) (*Result, error)
}

// engines in order of preference for engine "auto" (highest priority first); engines register themselves in init.
var engines []registeredEngine

type registeredEngine struct {
	Engine
	priority int
}

// RegisterEngine adds an engine; "auto" prefers engines of higher priority (the faster ones).
func RegisterEngine(e Engine, priority int) {
	engines = append(engines, registeredEngine{e, priority})
	sort.SliceStable(engines, func(i, j int) bool { return engines[i].priority > engines[j].priority })
}

// SelectEngine returns the engine that trains cfg: the named one, or for "auto" the first registered (fastest)
// engine that supports cfg.
func SelectEngine(cfg Config) (Engine, error) {
	var reasons []string
	for _, e := range engines {
		if cfg.Engine != "auto" && cfg.Engine != e.Name() {
			continue
		}
		err := e.Supports(cfg)
		if err == nil {
			return e.Engine, nil
		}
		reasons = append(reasons, fmt.Sprintf("%s: %v", e.Name(), err))
	}
	if len(reasons) == 0 {
		return nil, fieldErr("engine", "no engine named %q is built in", cfg.Engine)
	}
	return nil, fieldErr("engine", "%q cannot train this config: %v", cfg.Engine, reasons)
}

// Train resolves cfg, trains it on the engine it selects and returns the result. It returns an error, and no
// result, on a bad config, on cancellation and when the loss turns non-finite.
func Train(ctx context.Context, cfg Config, opts ...TrainOption) (*Result, error) {
	cfg, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	o := trainOptions{progress: DefaultProgress()}
	for _, opt := range opts {
		opt(&o)
	}
	eng, err := SelectEngine(cfg)
	if err != nil {
		return nil, err
	}
	if o.snapshot != nil && o.snapshotEvery < 1 {
		return nil, fieldErr("snapshot_every", "got %d, allowed ≥ 1", o.snapshotEvery)
	}
	rec := &Recorder{cfg: cfg, progress: o.progress, snapshotEvery: o.snapshotEvery, snapshot: o.snapshot}
	if o.progress != nil {
		o.progress.Start(cfg.Steps, fmt.Sprintf("%s n=%d m=%d K=%d", cfg.Model, cfg.Features, cfg.Hidden, cfg.Instances))
		defer o.progress.Finish()
	}
	start := time.Now()
	res, err := eng.Train(ctx, cfg, rec)
	if err != nil {
		return nil, err
	}
	secs := time.Since(start).Seconds()
	res.Config = cfg
	res.LossHistory = rec.history
	if res.Run == nil {
		res.Run = &RunInfo{Engine: eng.Name()}
	}
	res.Run.Seconds = secs
	res.Run.StepsPerSecond = float64(cfg.Steps) / secs
	return res, nil
}

// MustTrain is [Train] for notebooks: it panics on error.
func MustTrain(ctx context.Context, cfg Config, opts ...TrainOption) *Result {
	return must.M1(Train(ctx, cfg, opts...))
}

// Recorder collects the loss history for an engine and forwards it to the progress display.
type Recorder struct {
	cfg           Config
	progress      Progress
	history       LossHistory
	snapshotEvery int
	snapshot      func(step int, p Params)
}

// WantsSnapshot reports whether the engine should call [Recorder.Snapshot] with the parameters after `done`
// training steps (0 ≤ done ≤ steps).
func (r *Recorder) WantsSnapshot(done int) bool {
	return r.snapshot != nil && (done%r.snapshotEvery == 0 || done == r.cfg.Steps)
}

// Snapshot hands the parameters after `done` steps to the [WithSnapshots] callback.
func (r *Recorder) Snapshot(done int, p Params) {
	if r.snapshot != nil {
		r.snapshot(done, p)
	}
}

// ShouldLog reports whether step (0-based) is logged: every log_every steps and the last one.
func (r *Recorder) ShouldLog(step int) bool {
	return step%r.cfg.LogEvery == 0 || step == r.cfg.Steps-1
}

// Record takes the per-instance batch loss `[instances]` of every step: it returns an error wrapping
// [ErrNonFinite] if any is NaN or infinite, and stores the loss of logged steps ([Recorder.ShouldLog]).
func (r *Recorder) Record(step int, loss []float64) error {
	if err := CheckFinite(step, loss); err != nil {
		return err
	}
	if !r.ShouldLog(step) {
		return nil
	}
	r.history.Step = append(r.history.Step, step)
	r.history.Loss = append(r.history.Loss, append([]float64(nil), loss...))
	if r.progress != nil {
		r.progress.Update(step, loss)
	}
	return nil
}

// CheckFinite returns an error wrapping [ErrNonFinite] if any loss is NaN or infinite (for unlogged steps).
func CheckFinite(step int, loss []float64) error {
	for k, l := range loss {
		if math.IsNaN(l) || math.IsInf(l, 0) {
			return fmt.Errorf("step %d, instance %d: loss = %v: %w (try a lower learning_rate)", step, k, l, ErrNonFinite)
		}
	}
	return nil
}
