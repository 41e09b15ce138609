package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup/sae"
)

// `toysup sae --base R --latents L` works with the defaults; a config file and flags combine; the result has
// the documented keys.
func TestSAECommand(t *testing.T) {
	dir := t.TempDir()
	base, out := filepath.Join(dir, "base.json"), filepath.Join(dir, "sae.json")
	if code, _, stderr := runCaptured(t, "train", "--features", "5", "--hidden", "2", "--feature-probability", "0.1", "--steps", "200", "--quiet", "--out", base); code != 0 {
		t.Fatalf("train: exit %d, %s", code, stderr)
	}
	code, stdout, stderr := runCaptured(t, "sae", "--base", base, "--latents", "5", "--steps", "300", "--out", out)
	if code != 0 {
		t.Fatalf("sae: exit %d, %s", code, stderr)
	}
	if !strings.Contains(stdout, "1 SAEs (5 latents, relu, λ = 0.2, resample anthropic)") || !strings.Contains(stdout, "MMCS") {
		t.Errorf("summary:\n%s", stdout)
	}
	var raw map[string]json.RawMessage
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	var saes []map[string]json.RawMessage
	if err := json.Unmarshal(raw["saes"], &saes); err != nil || len(saes) != 1 {
		t.Fatalf("saes: %v", err)
	}
	for _, key := range []string{"base_instance", "seed", "W_enc", "W_dec", "b_enc", "b_dec", "metrics"} {
		if _, ok := saes[0][key]; !ok {
			t.Errorf("an SAE entry lacks %q", key)
		}
	}
	cfgPath := filepath.Join(dir, "sae_cfg.json")
	if err := os.WriteFile(cfgPath, []byte(`{"activation": "topk", "k": 1, "steps": 200, "resample": "simple"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCaptured(t, "sae", "--base", base, "--config", cfgPath, "--seeds", "2", "--out", out); code != 0 {
		t.Fatalf("sae with a config: exit %d, %s", code, stderr)
	}
	res, err := sae.LoadResult(out)
	if err != nil || len(res.SAEs) != 2 || res.Config.Activation != sae.ActivationTopK || res.Config.Resample != sae.ResampleSimple {
		t.Errorf("config and flags not combined: %+v, %v", res.Config, err)
	}
}

// Bad input exits 1 with one line naming the problem.
func TestSAECommandBadInput(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.json")
	if code, _, stderr := runCaptured(t, "train", "--model", "relu_hidden", "--features", "4", "--hidden", "2", "--steps", "10", "--quiet", "--out", base); code != 0 {
		t.Fatalf("train: exit %d, %s", code, stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sae"}, "--base is required"},
		{[]string{"sae", "--base", base}, "ReLU(W x)"},
		{[]string{"sae", "--base", base, "--l1", "x"}, "--l1"},
		{[]string{"sae", "--base", base, "--activation", "gated"}, `"activation"`},
	} {
		code, _, stderr := runCaptured(t, tc.args...)
		if code != 1 || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want 1 and one line containing %q", tc.args, code, stderr, tc.want)
		}
	}
}
