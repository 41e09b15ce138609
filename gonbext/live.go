package gonbext

import (
	"context"
	"fmt"
	"html"
	"time"

	"github.com/janpfeifer/gonb/cache"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/train"
)

// LiveOptions configures the live training displays ([LiveTrain], [Sliders]).
type LiveOptions struct {
	// Every is the frame interval in training steps (0: steps/100, at least 1).
	Every int
	// FPS bounds the redraws per second, whatever the engine's speed (0: 4).
	FPS float64
	// Figure is passed to [figures.TrainingFrameFigure] (Title, Width).
	Figure figures.Options
}

func (lo LiveOptions) every(steps int) int {
	if lo.Every > 0 {
		return lo.Every
	}
	return max(1, steps/100)
}

func (lo LiveOptions) interval() time.Duration {
	fps := lo.FPS
	if !(fps > 0) {
		fps = 4
	}
	return time.Duration(float64(time.Second) / fps)
}

// LiveTrain trains cfg through the cache (as [Train]: the same key, so the cached result is the one a non-live
// run stores, and a seed gives the same weights either way) and, while it trains in a notebook with a browser
// attached ([Interactive]), redraws in place the figure of the model so far ([figures.TrainingFrameFigure]: the
// m = 2 arrows, WᵀW with the bias, the D_i scatter and the loss curve, under the step and the loss) every
// lo.Every steps, at most lo.FPS times a second, through GoNB's display updates (gonbui.UpdateHTML). It ends
// with the final figure as a plain output (what a saved notebook keeps). Headless, or on a cache hit, it draws
// the final figure once.
func LiveTrain(ctx context.Context, key string, cfg toysup.Config, lo LiveOptions) (*toysup.Result, error) {
	return liveTrainIn(ctx, cache.Default, key, cfg, lo)
}

// MustLiveTrain is [LiveTrain] for notebooks: it panics on error.
func MustLiveTrain(ctx context.Context, key string, cfg toysup.Config, lo LiveOptions) *toysup.Result {
	return must.M1(LiveTrain(ctx, key, cfg, lo))
}

func liveTrainIn(ctx context.Context, storage *cache.Storage, key string, cfg toysup.Config, lo LiveOptions) (*toysup.Result, error) {
	var res *toysup.Result
	var err error
	if Interactive() {
		figID := "toysup_live_" + gonbui.UniqueId()
		res, err = liveRender(ctx, storage, key, cfg, lo, func(h string) {
			gonbui.UpdateHTML(figID, h)
			gonbui.Sync()
		})
		gonbui.UpdateHTML(figID, "")
	} else {
		res, err = trainCached(ctx, storage, key, cfg, true)
	}
	if err != nil {
		return nil, err
	}
	final, err := frameHTML(key, res, res.Config.Steps, lo.Figure)
	if err != nil {
		return nil, err
	}
	Display(final)
	return res, nil
}

// liveRender shows cfg's cached result's final frame, or trains it through the cache showing a frame every
// lo.every steps (bounded by lo.FPS), then the final frame. show may be called from the training goroutine.
func liveRender(ctx context.Context, storage *cache.Storage, key string, cfg toysup.Config, lo LiveOptions, show func(string)) (*toysup.Result, error) {
	resolved, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	var frameErr error
	frames := train.WithFrames(lo.every(resolved.Steps), lo.interval(), func(f train.Frame) {
		if f.Final {
			return // drawn below, from the stored result
		}
		h, err := frameHTML(key, f.Result, f.Step, lo.Figure)
		if err != nil {
			frameErr = err
			return
		}
		show(h)
	})
	res, err := trainCached(ctx, storage, key, resolved, false, train.WithProgress(nil), frames)
	if err != nil {
		return nil, err
	}
	if frameErr != nil {
		return nil, frameErr
	}
	final, err := frameHTML(key, res, resolved.Steps, lo.Figure)
	if err != nil {
		return nil, err
	}
	show(final)
	return res, nil
}

// frameHTML is a training frame of res after step steps in a <div> whose data attributes name the cache key of
// its config (data-toysup-key), the step and the latest logged loss, for scripts and browser tests.
func frameHTML(key string, res *toysup.Result, step int, opts figures.Options) (string, error) {
	svg, err := figures.TrainingFrameFigure(res, analyzeWeights(res), step, opts)
	if err != nil {
		return "", fmt.Errorf("gonbext: %w", err)
	}
	skey, _ := CacheKey(key, res.Config)
	loss := ""
	if h := res.LossHistory.Loss; len(h) > 0 {
		loss = fmt.Sprint(train.MeanLoss(h[len(h)-1]))
	}
	return fmt.Sprintf(`<div class="toysup-frame" data-toysup-key="%s" data-toysup-step="%d" data-toysup-steps="%d" data-toysup-loss="%s">%s</div>`,
		html.EscapeString(skey), step, res.Config.Steps, loss, svg), nil
}

// analyzeWeights is every instance's [toysup.AnalyzeWeights].
func analyzeWeights(res *toysup.Result) []toysup.Analysis {
	out := make([]toysup.Analysis, len(res.Instances))
	for k, in := range res.Instances {
		out[k] = toysup.AnalyzeWeights(in.W)
	}
	return out
}
