// Package web is the playground's training code, shared by its WebAssembly program (../wasm, GOOS=js) and the
// host tests: the page's fields to a config (through toysup.ParseConfig, so bad input gets the CLI's
// field-naming errors), a training run with live frames (train.WithFrames drawn by
// figures.TrainingFrameFigure) and the result as the result file's JSON.
package web

import (
	"context"
	"encoding/json"
	"sort"
	"time"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/train"
)

// stringFields are the config fields whose values are JSON strings; every other field's value is passed as
// written when it is JSON (a number, a list), else as a JSON string, which toysup.ParseConfig then rejects naming
// the field.
var stringFields = map[string]bool{"model": true, "optimizer": true, "lr_schedule": true, "init": true,
	"backend": true, "engine": true, "anticorrelated_mode": true}

// ConfigFromFields parses the page's fields (the config's JSON names → the text typed or given in the URL query;
// empty values left out) as toysup.ParseConfig does a config file.
func ConfigFromFields(fields map[string]string) (toysup.Config, error) {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	raw := map[string]json.RawMessage{}
	for _, k := range names {
		v := fields[k]
		if v == "" {
			continue
		}
		if !stringFields[k] && json.Valid([]byte(v)) {
			raw[k] = json.RawMessage(v)
			continue
		}
		raw[k], _ = json.Marshal(v)
	}
	data, err := json.Marshal(raw)
	if err != nil {
		return toysup.Config{}, err
	}
	return toysup.ParseConfig(data)
}

// Frame is what the page draws while training: the figure and the step and loss it shows.
type Frame struct {
	SVG   string
	Step  int
	Steps int
	Loss  float64
}

// Train trains cfg with [train.Train] (no progress bar), calling show with a frame after 0, every, 2·every, …
// steps (every: steps/100 when 0), at most one per minInterval, and after the last step.
func Train(ctx context.Context, cfg toysup.Config, every int, minInterval time.Duration, show func(Frame)) (*toysup.Result, error) {
	cfg, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	if every <= 0 {
		every = max(1, cfg.Steps/100)
	}
	var frameErr error
	frames := train.WithFrames(every, minInterval, func(f train.Frame) {
		fr, err := Draw(f.Result, f.Step)
		if err != nil {
			frameErr = err
			return
		}
		show(fr)
	})
	res, err := train.Train(ctx, cfg, train.WithProgress(nil), frames)
	if err != nil {
		return nil, err
	}
	return res, frameErr
}

// Draw is the training frame of res after step steps.
func Draw(res *toysup.Result, step int) (Frame, error) {
	an := make([]toysup.Analysis, len(res.Instances))
	for k, in := range res.Instances {
		an[k] = toysup.AnalyzeWeights(in.W)
	}
	svg, err := figures.TrainingFrameFigure(res, an, step, figures.Options{})
	if err != nil {
		return Frame{}, err
	}
	loss := 0.0
	if h := res.LossHistory.Loss; len(h) > 0 {
		loss = train.MeanLoss(h[len(h)-1])
	}
	return Frame{SVG: svg, Step: step, Steps: res.Config.Steps, Loss: loss}, nil
}

// ResultJSON is res as the result file holds it (toysup.Result.Save's content).
func ResultJSON(res *toysup.Result) (string, error) {
	data, err := json.Marshal(res)
	return string(data), err
}
