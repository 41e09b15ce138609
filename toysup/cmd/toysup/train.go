package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train"
)

func init() {
	register("train", "train one config (JSON file and/or flags) and write a result file", runTrain)
}

func runTrain(ctx context.Context, args []string) error {
	tf := newTrainFlags()
	if err := parseFlags(tf.fs, args); err != nil {
		return err
	}
	cfg, err := tf.config()
	if err != nil {
		return err
	}
	if *tf.shard != "" {
		if cfg, err = shardOf(cfg, *tf.shard); err != nil {
			return err
		}
	}
	if err := checkOutFile("--out", *tf.out, map[string]string{"--config": *tf.cfgPath}); err != nil {
		return err
	}
	if err := toysup.CheckResources(cfg, summaryBytes); err != nil {
		return err
	}
	var opts []train.Option
	if *tf.quiet {
		opts = append(opts, train.WithProgress(nil))
	}
	res, err := train.Train(ctx, cfg, opts...)
	if ctx.Err() != nil {
		return interrupted(ctx, "stopped before writing %s (a file there is unchanged)", *tf.out)
	}
	if err != nil {
		return err
	}
	if err := res.SaveContext(ctx, *tf.out); err != nil {
		if ctx.Err() != nil {
			return interrupted(ctx, "stopped before writing %s (a file there is unchanged)", *tf.out)
		}
		return err
	}
	if err := printSummary(ctx, os.Stdout, res, *tf.out); err != nil {
		if ctx.Err() != nil {
			return interrupted(ctx, "%s was written; the summary was not printed", *tf.out)
		}
		return err
	}
	if ctx.Err() != nil {
		return interrupted(ctx, "%s was written", *tf.out)
	}
	return nil
}

// trainFlags are the flags of `toysup train`: the config file, the output, and overrides of config fields.
type trainFlags struct {
	fs           *flag.FlagSet
	cfgPath, out *string
	quiet        *bool
	shard        *string
	// fields maps a flag name to its config field (the JSON name); only flags given on the command line apply.
	fields map[string]string
}

func newTrainFlags() *trainFlags {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	tf := &trainFlags{fs: fs, fields: map[string]string{}}
	tf.cfgPath = fs.String("config", "", "JSON config file (fields as in the README); flags below override it")
	tf.out = fs.String("out", "result.json", "result file to write")
	tf.quiet = fs.Bool("quiet", false, "no progress bar")
	tf.shard = fs.String("shard", "", "A:B trains only instances A…B−1 of the config, exactly as in the whole sweep (join the parts with `toysup merge`)")
	str := func(name, field, usage string) { fs.String(name, "", usage); tf.fields[name] = field }
	num := func(name, field, usage string) { fs.String(name, "", usage+" (a number)"); tf.fields[name] = field }
	str("model", "model", "model kind: relu_output, linear, relu_hidden or abs")
	num("features", "features", "n, number of features")
	num("hidden", "hidden", "m, hidden dimension")
	num("instances", "instances", "K, instances trained side by side")
	num("feature-probability", "feature_probability", "p = 1−S: a number, or a JSON list [K] or [K][n]")
	num("importance-decay", "importance_decay", "I_i = decay^i")
	num("steps", "steps", "training steps")
	num("batch-size", "batch_size", "batch size")
	num("learning-rate", "learning_rate", "learning rate")
	str("optimizer", "optimizer", "adamw or adam")
	num("seed", "seed", "random seed")
	num("log-every", "log_every", "loss-history interval in steps")
	str("backend", "backend", "GoMLX backend: go (default), xla:cpu, xla:cuda")
	str("engine", "engine", "auto, gomlx or native")
	return tf
}

// config reads the config file (if any), applies the flags given on the command line and parses the result
// strictly. Values travel as JSON text, so numbers keep every digit (no float64 round trip).
func (tf *trainFlags) config() (toysup.Config, error) {
	raw := map[string]json.RawMessage{}
	if *tf.cfgPath != "" {
		data, err := toysup.ReadFileLimited(*tf.cfgPath, toysup.MaxConfigBytes, "--config")
		if err != nil {
			return toysup.Config{}, err
		}
		if _, err := toysup.ParseConfig(data); err != nil {
			return toysup.Config{}, fmt.Errorf("%s: %w", *tf.cfgPath, err)
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			return toysup.Config{}, err
		}
	}
	var err error
	tf.fs.Visit(func(f *flag.Flag) {
		field, ok := tf.fields[f.Name]
		if !ok || err != nil {
			return
		}
		raw[field], err = flagJSON(f)
	})
	if err != nil {
		return toysup.Config{}, err
	}
	data, err := json.Marshal(raw)
	if err != nil {
		return toysup.Config{}, err
	}
	cfg, err := toysup.ParseConfig(data)
	return cfg, tf.nameFlag(err)
}

// nameFlag prefixes a config field's error with the flag that set the field, if one did.
func (tf *trainFlags) nameFlag(err error) error {
	var fe *toysup.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	field, _, _ := strings.Cut(fe.Field, "[")
	var named error
	tf.fs.Visit(func(f *flag.Flag) {
		if tf.fields[f.Name] == field {
			named = fmt.Errorf("--%s %s: %w", f.Name, toysup.Clip(f.Value.String(), 64), err)
		}
	})
	if named != nil {
		return named
	}
	if *tf.cfgPath != "" {
		return fmt.Errorf("%s: %w", *tf.cfgPath, err)
	}
	return err
}

// stringFlags are the flags whose values are JSON strings; every other override is a JSON number (or list).
var stringFlags = map[string]bool{"model": true, "optimizer": true, "backend": true, "engine": true}

// flagJSON is a flag's value as JSON: a string flag quoted, a numeric one as written, which must then be a JSON
// number (or, for --feature-probability, a JSON list).
func flagJSON(f *flag.Flag) (json.RawMessage, error) {
	v := f.Value.String()
	if stringFlags[f.Name] {
		return json.Marshal(v)
	}
	if !json.Valid([]byte(v)) {
		return nil, fmt.Errorf("--%s %q: not a JSON number (or, for --feature-probability, a JSON list)", f.Name, toysup.Clip(v, 64))
	}
	return json.RawMessage(v), nil
}
