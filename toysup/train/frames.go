package train

import (
	"time"

	"github.com/toymodels/superposition/toysup"
)

// Frame is a model partway through training, for live displays ([WithFrames]).
type Frame struct {
	// Step is the number of steps done (0: the initial parameters); Steps the total.
	Step, Steps int
	// Result holds the parameters after Step steps and the loss history logged so far (each instance's
	// final_loss is its latest logged batch loss, 0 before the first step). The frame owns it.
	Result *toysup.Result
	// Final is set on the frame after the last step, whose weights are the trained result's.
	Final bool
}

// WithFrames calls fn with a [Frame] after 0, every, 2·every, … steps and after the last step, but at most one
// frame per minInterval of wall time (the first and the final frame always come): a live figure is redrawn a few
// times a second however fast the engine steps. fn runs on the training goroutine (training waits for it). Like
// [WithSnapshots], frames only read the parameters: a run with frames trains exactly as one without.
func WithFrames(every int, minInterval time.Duration, fn func(Frame)) Option {
	return func(o *options) {
		var last time.Time
		o.hooks = append(o.hooks, hook{"WithFrames", every, func(step int, p toysup.Params, hist *toysup.LossHistory) {
			steps := o.cfg.Steps
			final := step == steps
			if !final && !last.IsZero() && time.Since(last) < minInterval {
				return
			}
			last = time.Now()
			fn(Frame{Step: step, Steps: steps, Result: frameResult(o.cfg, p, hist), Final: final})
		}})
	}
}

// frameResult is a result of the parameters p with a copy of the loss history so far.
func frameResult(cfg toysup.Config, p toysup.Params, hist *toysup.LossHistory) *toysup.Result {
	loss := make([]float64, cfg.Instances)
	if n := len(hist.Loss); n > 0 {
		copy(loss, hist.Loss[n-1])
	}
	res := toysup.NewResult(cfg, p, loss)
	res.LossHistory = toysup.LossHistory{Step: append([]int(nil), hist.Step...), Loss: make([][]float64, len(hist.Loss))}
	for t, l := range hist.Loss {
		res.LossHistory.Loss[t] = append([]float64(nil), l...)
	}
	return res
}
