package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// A config file plus flag overrides trains and writes a result in the documented format.
func TestTrainCommand(t *testing.T) {
	dir := t.TempDir()
	cfgPath, out := filepath.Join(dir, "cfg.json"), filepath.Join(dir, "r.json")
	if err := os.WriteFile(cfgPath, []byte(`{"features": 6, "hidden": 2, "instances": 2, "feature_probability": [1, 0.1], "steps": 40, "seed": 3}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCaptured(t, "train", "--config", cfgPath, "--hidden", "3", "--steps", "30", "--quiet", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "n=6 m=3 K=2, 30 steps") || strings.Count(stdout, "\n") != 4 {
		t.Errorf("summary does not reflect the overrides or has not one line per instance:\n%s", stdout)
	}
	var raw map[string]json.RawMessage
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"config", "instances", "loss_history"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("result file lacks %q", key)
		}
	}
	res, err := toysup.LoadResult(out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Config.Hidden != 3 || len(res.Instances) != 2 || len(res.Instances[1].W[0]) != 3 || res.Instances[1].FeatureProbability[0] != 0.1 {
		t.Errorf("result does not match the config: %+v", res.Config)
	}
}

// Bad input exits non-zero with one line naming the field.
func TestTrainCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte(`{"features": 6, "hidden": 2, "feature_probability": 2}`), 0o644)
	for _, tc := range []struct {
		args  []string
		field string
	}{
		{[]string{"train", "--config", bad}, "feature_probability"},
		{[]string{"train", "--features", "0", "--hidden", "2"}, "features"},
		{[]string{"train", "--features", "3", "--hidden", "2", "--model", "cnn"}, "model"},
		{[]string{"train", "--features", "3", "--hidden", "2", "--feature-probability", "[0.5, 0.5]"}, "feature_probability"},
		{[]string{"train", "--config", filepath.Join(dir, "missing.json")}, "missing.json"},
		{[]string{"train", "--no-such-flag"}, "no-such-flag"},
	} {
		code, stdout, stderr := runCaptured(t, append(tc.args, "--out", filepath.Join(dir, "x.json"))...)
		if code == 0 || !strings.Contains(stderr, tc.field) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want non-zero and one line naming %q", tc.args, code, stderr, stdout, tc.field)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.json")); err == nil {
		t.Error("a result file was written for a bad config")
	}
}

// Values reach the config exactly as written: a seed above 2^53 from the file and from a flag, and a flag that is
// not a number is refused naming the flag.
func TestTrainCommandKeepsExactValues(t *testing.T) {
	dir := t.TempDir()
	cfgPath, out := filepath.Join(dir, "cfg.json"), filepath.Join(dir, "r.json")
	if err := os.WriteFile(cfgPath, []byte(`{"features": 3, "hidden": 1, "steps": 2, "batch_size": 8, "seed": 9007199254740993}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--config", cfgPath}, {"--features", "3", "--hidden", "1", "--steps", "2", "--batch-size", "8", "--seed", "9007199254740995"}} {
		code, _, stderr := runCaptured(t, append(append([]string{"train"}, args...), "--quiet", "--out", out)...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
		res, err := toysup.LoadResult(out)
		if err != nil {
			t.Fatal(err)
		}
		want := map[bool]int64{true: 9007199254740993, false: 9007199254740995}[args[0] == "--config"]
		if res.Config.Seed != want {
			t.Errorf("%v: seed %d, want %d", args, res.Config.Seed, want)
		}
	}
	code, _, stderr := runCaptured(t, "train", "--features", "3", "--hidden", "1", "--learning-rate", "NaN", "--out", out)
	if code == 0 || !strings.Contains(stderr, "--learning-rate") {
		t.Errorf("--learning-rate NaN: exit %d, stderr %q; want an error naming the flag", code, stderr)
	}
}

// `toysup train --shard A:B` trains instances A…B−1 exactly as the whole sweep does, and `toysup merge` joins the
// parts, in order, into the whole sweep's result (config, weights and loss history); parts out of order, an --out
// that is a part, and a bad --shard are refused with one line naming the argument.
func TestShardAndMerge(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "cfg.json")
	if err := os.WriteFile(cfgPath, []byte(`{"features": 5, "hidden": 2, "instances": 5, "feature_probability": [1, 0.5, 0.2, 0.1, 0.05], "steps": 40, "batch_size": 64, "seed": 4}`), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) {
		t.Helper()
		if code, _, stderr := runCaptured(t, args...); code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	whole, p1, p2, all := filepath.Join(dir, "whole.json"), filepath.Join(dir, "p1.json"), filepath.Join(dir, "p2.json"), filepath.Join(dir, "all.json")
	run("train", "--config", cfgPath, "--quiet", "--out", whole)
	run("train", "--config", cfgPath, "--quiet", "--shard", "0:2", "--out", p1)
	run("train", "--config", cfgPath, "--quiet", "--shard", "2:5", "--out", p2)
	run("merge", "--out", all, p1, p2)
	a, err := toysup.LoadResult(whole)
	if err != nil {
		t.Fatal(err)
	}
	b, err := toysup.LoadResult(all)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Config, b.Config) || !reflect.DeepEqual(a.Instances, b.Instances) || !reflect.DeepEqual(a.LossHistory, b.LossHistory) {
		t.Error("the merged shards differ from the whole sweep")
	}
	for _, tc := range []struct {
		args []string
		name string
	}{
		{[]string{"merge", "--out", filepath.Join(dir, "x.json"), p2, p1}, "parts"},
		{[]string{"merge", "--out", p1, p1, p2}, "--out"},
		{[]string{"train", "--config", cfgPath, "--shard", "3:9", "--out", filepath.Join(dir, "x.json")}, "--shard"},
		{[]string{"train", "--config", cfgPath, "--shard", "two", "--out", filepath.Join(dir, "x.json")}, "--shard"},
	} {
		code, _, stderr := runCaptured(t, tc.args...)
		if code == 0 || !strings.Contains(stderr, tc.name) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want non-zero and one line naming %q", tc.args, code, stderr, tc.name)
		}
	}
}
