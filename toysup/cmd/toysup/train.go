package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train"
)

func init() {
	register("train", "train one config (JSON file and/or flags) and write a result file", runTrain)
}

func runTrain(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "JSON config file (fields as in the README); flags below override it")
	out := fs.String("out", "result.json", "result file to write")
	quiet := fs.Bool("quiet", false, "no progress bar")
	// Overrides: only flags given on the command line are applied.
	model := fs.String("model", "", "model kind: relu_output or linear")
	features := fs.Int("features", 0, "n, number of features")
	hidden := fs.Int("hidden", 0, "m, hidden dimension")
	instances := fs.Int("instances", 0, "K, instances trained side by side")
	p := fs.String("feature-probability", "", "p = 1−S: a number, or a JSON list [K] or [K][n]")
	decay := fs.Float64("importance-decay", 0, "I_i = decay^i")
	steps := fs.Int("steps", 0, "training steps")
	batch := fs.Int("batch-size", 0, "batch size")
	lr := fs.Float64("learning-rate", 0, "learning rate")
	optimizer := fs.String("optimizer", "", "adamw or adam")
	seed := fs.Int64("seed", 0, "random seed")
	logEvery := fs.Int("log-every", 0, "loss-history interval in steps")
	backend := fs.String("backend", "", "GoMLX backend: go (default), xla:cpu, xla:cuda")
	engine := fs.String("engine", "", "auto, gomlx or native")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	raw := map[string]any{}
	if *cfgPath != "" {
		data, err := os.ReadFile(*cfgPath)
		if err != nil {
			return err
		}
		if _, err := toysup.ParseConfig(data); err != nil {
			return fmt.Errorf("%s: %w", *cfgPath, err)
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			return err
		}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	override := func(flagName, field string, v any) {
		if set[flagName] {
			raw[field] = v
		}
	}
	override("model", "model", *model)
	override("features", "features", *features)
	override("hidden", "hidden", *hidden)
	override("instances", "instances", *instances)
	if set["feature-probability"] {
		var v any
		if err := json.Unmarshal([]byte(*p), &v); err != nil {
			return fmt.Errorf("--feature-probability %q: not a number or JSON list", *p)
		}
		raw["feature_probability"] = v
	}
	override("importance-decay", "importance_decay", *decay)
	override("steps", "steps", *steps)
	override("batch-size", "batch_size", *batch)
	override("learning-rate", "learning_rate", *lr)
	override("optimizer", "optimizer", *optimizer)
	override("seed", "seed", *seed)
	override("log-every", "log_every", *logEvery)
	override("backend", "backend", *backend)
	override("engine", "engine", *engine)
	data, _ := json.Marshal(raw)
	cfg, err := toysup.ParseConfig(data)
	if err != nil {
		return err
	}
	var opts []train.Option
	if *quiet {
		opts = append(opts, train.WithProgress(nil))
	}
	res, err := train.Train(ctx, cfg, opts...)
	if err != nil {
		return err
	}
	if err := res.Save(*out); err != nil {
		return err
	}
	return printSummary(os.Stdout, res, *out)
}

// printSummary prints one line per instance: p, final loss, evaluated loss, features represented and D*.
// The loss is evaluated on 20 000 fresh samples per instance, fewer (down to 1 000) for large sweeps so the
// summary stays a few seconds of host work.
func printSummary(w io.Writer, res *toysup.Result, path string) error {
	c := res.Config
	samples := min(20_000, max(1_000, 8_000_000/(c.Instances*c.Features)))
	an, err := res.Analyze(samples, uint64(res.Config.Seed)+1)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %s n=%d m=%d K=%d, %d steps in %.1fs (%s engine, %.0f steps/s)\n", path, c.Model,
		c.Features, c.Hidden, c.Instances, c.Steps, res.Run.Seconds, res.Run.Engine, res.Run.StepsPerSecond)
	fmt.Fprintf(w, "%4s  %-14s %12s %12s %12s %8s   (eval loss on %d fresh samples)\n", "inst", "p (1-S)", "final loss", "eval loss", "represented", "D*", samples)
	for k, in := range res.Instances {
		fmt.Fprintf(w, "%4d  %-14s %12.6g %12.6g %9d/%-2d %8.4f\n", k, describeP(in.FeatureProbability),
			in.FinalLoss, an[k].EvalLoss, an[k].Represented, c.Features, an[k].DimensionsPerFeature)
	}
	return nil
}

// describeP prints a probability vector compactly: one number when all features share it.
func describeP(p []float64) string {
	for _, v := range p[1:] {
		if v != p[0] {
			var parts []string
			for _, x := range p[:min(3, len(p))] {
				parts = append(parts, fmt.Sprintf("%.3g", x))
			}
			return strings.Join(parts, ",") + ",…"
		}
	}
	return fmt.Sprintf("%.4g", p[0])
}
