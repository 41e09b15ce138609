package gonbext

import (
	"bytes"
	"context"
	"math"
	"sync/atomic"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train"
)

// countingEngine trains instantly (the initial parameters, a loss of 1/(1+step) at the logged steps) and counts
// its runs, so tests can tell a cache hit from a training run. It replaces trainFunc for configs with fakeSeed only,
// so real configs in the same test binary still train for real.
type countingEngine struct{ runs atomic.Int64 }

const fakeSeed = 424242

func (e *countingEngine) train(ctx context.Context, cfg toysup.Config, opts ...train.Option) (*toysup.Result, error) {
	if cfg.Seed != fakeSeed {
		return train.Train(ctx, cfg, opts...)
	}
	cfg, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	e.runs.Add(1)
	loss := make([]float64, cfg.Instances)
	var hist toysup.LossHistory
	for step := range cfg.Steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if step%cfg.LogEvery == 0 || step == cfg.Steps-1 {
			for k := range loss {
				loss[k] = (1 + float64(k)) / (1 + float64(step))
			}
			hist.Step = append(hist.Step, step)
			hist.Loss = append(hist.Loss, append([]float64(nil), loss...))
		}
	}
	res := toysup.NewResult(cfg, toysup.InitParams(cfg), loss)
	res.LossHistory = hist
	res.Run = &toysup.RunInfo{Engine: "counting-test-engine"}
	return res, nil
}

var engine = func() *countingEngine {
	e := &countingEngine{}
	trainFunc = e.train
	return e
}()

// fakeConfig is a small config the counting engine trains.
func fakeConfig() toysup.Config {
	decay := 0.9
	return toysup.Config{Features: 5, Hidden: 2, Instances: 3, Steps: 200, Seed: fakeSeed,
		FeatureProbability: toysup.Vector([]float64{1, 0.2, 0.1}), ImportanceDecay: &decay}
}

// handResult is an n = 20, m = 5 result made by hand: rows 0…4 of W the basis vectors, the rest zero, at
// 1−S = 1 and 0.1.
func handResult() *toysup.Result {
	decay := 0.7
	cfg, err := toysup.Config{Features: 20, Hidden: 5, Instances: 2, Steps: 1000,
		FeatureProbability: toysup.Vector([]float64{1, 0.1}), ImportanceDecay: &decay}.Resolve()
	if err != nil {
		panic(err)
	}
	res := &toysup.Result{Config: cfg}
	for k := range 2 {
		in := toysup.Instance{FeatureProbability: cfg.FeatureProbabilities()[k], Importance: cfg.Importances()[k],
			W: make([][]float64, 20), B: make([]float64, 20), FinalLoss: 0.05 * float64(k+1)}
		for i := range in.W {
			in.W[i] = make([]float64, 5)
			if i < 5 {
				in.W[i][i] = 1
			}
		}
		res.Instances = append(res.Instances, in)
	}
	for s := 0; s < 1000; s += 10 {
		res.LossHistory.Step = append(res.LossHistory.Step, s)
		res.LossHistory.Loss = append(res.LossHistory.Loss, []float64{0.05 + math.Exp(-float64(s)/200), 0.01})
	}
	return res
}

// captureText redirects the outside-notebook notes to a buffer for the test.
func captureText(t *testing.T) *bytes.Buffer {
	var b bytes.Buffer
	old := textOut
	textOut = &b
	t.Cleanup(func() { textOut = old })
	return &b
}
