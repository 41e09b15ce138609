package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// ErrNonFinite is returned (wrapped) when the training loss turns NaN or ±Inf; the weights are not returned.
var ErrNonFinite = errors.New("training loss is not finite")

// Option configures [Train].
type Option func(*options)

type options struct {
	progress Progress
	hooks    []hook
	cfg      toysup.Config // the resolved config, set by Train
}

// hook receives the parameters after 0, every, 2·every, … steps and after the last step, with the loss history
// logged so far (shared with the loop: a hook copies what it keeps).
type hook struct {
	name  string
	every int
	fn    func(step int, p toysup.Params, hist *toysup.LossHistory)
}

// WithSnapshots calls fn with the parameters after 0, every, 2·every, … steps and after the last step
// (Section 5's learning dynamics). fn runs on the training goroutine and may keep p.
func WithSnapshots(every int, fn func(step int, p toysup.Params)) Option {
	return func(o *options) {
		o.hooks = append(o.hooks, hook{"WithSnapshots", every, func(step int, p toysup.Params, _ *toysup.LossHistory) { fn(step, p) }})
	}
}

// WithProgress reports training progress to p (nil: no progress). The default is [DefaultProgress].
func WithProgress(p Progress) Option { return func(o *options) { o.progress = p } }

// Train resolves cfg, trains it on the engine it selects ([Config.Engine]) and returns the result. It returns an
// error, and no result, on a bad config, on a config beyond the machine ([toysup.CheckResources], checked before
// anything is allocated), on cancellation and when the loss turns non-finite. Cancellation stops the native
// engine inside a step (within one block of at most 256 samples); the gomlx engine stops between steps (one graph
// execution; [toysup.MaxStepWork] bounds a step).
func Train(ctx context.Context, cfg toysup.Config, opts ...Option) (*toysup.Result, error) {
	cfg, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	o := options{progress: DefaultProgress(), cfg: cfg}
	for _, opt := range opts {
		opt(&o)
	}
	for _, h := range o.hooks {
		if h.every < 1 {
			return nil, toysup.ArgErrorf(h.name+".every", "got %d, allowed ≥ 1", h.every)
		}
	}
	eng, err := selectEngine(cfg)
	if err != nil {
		return nil, err
	}
	if err := toysup.CheckResources(cfg, 0); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	st, err := eng.newStepper(cfg)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if o.progress != nil {
		o.progress.Start(cfg.Steps, fmt.Sprintf("%s n=%d m=%d K=%d", cfg.Model, cfg.Features, cfg.Hidden, cfg.Instances))
		defer o.progress.Finish()
	}
	start := time.Now()
	res, err := run(ctx, cfg, st, o)
	if err != nil {
		return nil, err
	}
	secs := time.Since(start).Seconds()
	res.Run = &toysup.RunInfo{Engine: string(eng.kind), Seconds: secs, StepsPerSecond: float64(cfg.Steps) / secs}
	if cfg.Extended() { // test_loss, train_loss, train_hidden: after the timing
		if err := res.EvaluateData(); err != nil {
			return nil, err
		}
	}
	if eng.kind == toysup.EngineGoMLX {
		res.Run.Backend = cfg.Backend
	}
	return res, nil
}

// MustTrain is [Train] for notebooks: it panics on error.
func MustTrain(ctx context.Context, cfg toysup.Config, opts ...Option) *toysup.Result {
	return must.M1(Train(ctx, cfg, opts...))
}

// run is the one training loop of every engine: for step = 0…steps−1 it checks ctx, hands out the snapshots
// asked for, takes one step at [toysup.LearningRateAt] and checks and logs its per-instance loss `[instances]`.
func run(ctx context.Context, cfg toysup.Config, st stepper, o options) (*toysup.Result, error) {
	var hist toysup.LossHistory
	loss := make([]float64, cfg.Instances)
	if in, ok := st.(interruptible); ok {
		defer context.AfterFunc(ctx, in.interrupt)()
	}
	snapshot := func(done int) error {
		for _, h := range o.hooks {
			if done%h.every != 0 && done != cfg.Steps {
				continue
			}
			p, err := st.Params()
			if err != nil {
				return err
			}
			h.fn(done, p, &hist)
		}
		return nil
	}
	for step := 0; step < cfg.Steps; step++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := snapshot(step); err != nil {
			return nil, err
		}
		if err := st.Step(step, toysup.LearningRateAt(cfg, step), loss); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
		if err := checkFinite(step, loss); err != nil {
			return nil, err
		}
		if step%cfg.LogEvery == 0 || step == cfg.Steps-1 {
			hist.Step = append(hist.Step, step)
			hist.Loss = append(hist.Loss, append([]float64(nil), loss...))
			if o.progress != nil {
				o.progress.Update(step, loss)
			}
		}
	}
	if err := snapshot(cfg.Steps); err != nil {
		return nil, err
	}
	p, err := st.Params()
	if err != nil {
		return nil, err
	}
	res := toysup.NewResult(cfg, p, loss)
	res.LossHistory = hist
	return res, nil
}

// interruptible is a stepper whose running step can be stopped from another goroutine.
type interruptible interface{ interrupt() }

// checkFinite returns an error wrapping [ErrNonFinite] if any loss is NaN or infinite.
func checkFinite(step int, loss []float64) error {
	for k, l := range loss {
		if math.IsNaN(l) || math.IsInf(l, 0) {
			return fmt.Errorf("step %d, instance %d: loss = %v: %w (try a lower learning_rate)", step, k, l, ErrNonFinite)
		}
	}
	return nil
}
