package main

import (
	"context"
	"fmt"
	"io"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/report"
)

// The summary's bounds: it does O(instances × features × hidden) geometry (norms and D*, never the n×n Gram
// matrix) and evaluates the loss on fresh samples within evalWork multiply-adds.
const (
	evalWork       = 2e9
	minEvalSamples = 100
	// summaryBytes is the memory the summary adds to the pre-flight estimate (sample batches of at most 8 MiB).
	summaryBytes = 32 << 20
)

// printSummary prints the run's line and [report.Summary] of its instances. The loss is evaluated on up to
// 20 000 fresh samples per instance, fewer for large models (so the summary stays seconds of host work), and
// skipped, with a note, when fewer than 100 samples fit. It returns early when ctx is done.
func printSummary(ctx context.Context, w io.Writer, res *toysup.Result, path string) error {
	c := res.Config
	k, n, m := float64(c.Instances), float64(c.Features), float64(c.Hidden)
	samples := min(20_000, max(1_000, 8_000_000/(c.Instances*c.Features)))
	samples = int(min(float64(samples), evalWork/(k*n*(2*m+2))))
	type out struct {
		an  []toysup.Analysis
		err error
	}
	done := make(chan out, 1)
	go func() {
		an, err := summaryAnalyses(res, samples)
		done <- out{an, err}
	}()
	var o out
	select {
	case <-ctx.Done():
		return ctx.Err()
	case o = <-done:
	}
	if o.err != nil {
		return o.err
	}
	t, err := report.Summary("", res, o.an)
	if err != nil {
		return err
	}
	eval := fmt.Sprintf("eval loss on %d fresh samples", samples)
	if samples < minEvalSamples {
		eval = fmt.Sprintf("eval loss skipped: fewer than %d samples fit in %.0g multiply-adds", minEvalSamples, evalWork)
	}
	fmt.Fprintf(w, "%s: %s n=%d m=%d K=%d, %d steps in %.1fs (%s engine, %.0f steps/s; %s)\n", path,
		c.Model, c.Features, c.Hidden, c.Instances, c.Steps, res.Run.Seconds, res.Run.Engine, res.Run.StepsPerSecond, eval)
	t.Note = ""
	_, err = io.WriteString(w, t.Text())
	return err
}

// summaryAnalyses computes what the summary shows: the norms, the represented count and D* of each instance (in
// O(features × hidden)), and the eval loss when samples ≥ minEvalSamples (else NaN).
func summaryAnalyses(res *toysup.Result, samples int) ([]toysup.Analysis, error) {
	an := make([]toysup.Analysis, len(res.Instances))
	for i, in := range res.Instances {
		an[i] = toysup.AnalyzeNorms(in.W)
	}
	if samples < minEvalSamples {
		return an, nil
	}
	losses, err := toysup.EvalLoss(res.Config, res.Instances, samples, uint64(res.Config.Seed)+1)
	if err != nil {
		return nil, err
	}
	for i := range an {
		an[i].EvalLoss = losses[i]
	}
	return an, nil
}
