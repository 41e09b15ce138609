package sae

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// The config is read strictly: unknown fields, wrong types and bad values are errors naming the field.
func TestParseConfigStrict(t *testing.T) {
	for _, tc := range []struct{ json, field string }{
		{`{"latnets": 5}`, "latnets"},
		{`{"latents": "5"}`, "latents"},
		{`{"l1": -1}`, "l1"},
		{`{"activation": "gated"}`, "activation"},
		{`{"activation": "topk"}`, "k"},
		{`{"activation": "topk", "k": 2, "l1": 0.1}`, "l1"},
		{`{"k": 2}`, "k"},
		{`{"threshold": 0.1}`, "threshold"},
		{`{"resample": "none", "resample_every": 10}`, "resample_every"},
		{`{"resample": "anthropic", "resample_scale": 0.3}`, "resample_scale"},
		{`{"steps": 100, "log_every": 200}`, "log_every"},
		{`{"base_instances": [0, 0]}`, "base_instances[1]"},
	} {
		_, err := ParseConfig([]byte(tc.json))
		var fe *toysup.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: error %v, want one naming field %q", tc.json, err, tc.field)
		}
	}
	if _, err := ParseConfig([]byte(`{} {}`)); err == nil {
		t.Error("trailing data accepted")
	}
}

// The defaults are the ARENA case's settings.
func TestDefaults(t *testing.T) {
	c, err := ParseConfig([]byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Activation != ActivationReLU || *c.L1 != DefaultL1 || c.Steps != 10_000 || c.BatchSize != 1024 || c.LearningRate != 1e-3 ||
		c.Resample != ResampleAnthropic || c.ResampleEvery != 2500 || c.ResampleWindow != 500 || c.LogEvery != 100 {
		t.Errorf("defaults %+v", c)
	}
}

func tinyBase(t *testing.T, model toysup.ModelKind) *toysup.Result {
	t.Helper()
	cfg, err := toysup.Config{Model: model, Features: 5, Hidden: 2, Instances: 2, FeatureProbability: toysup.Scalar(0.1), Steps: 1}.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	res := &toysup.Result{Config: cfg}
	for k := range 2 {
		in := toysup.Instance{FeatureProbability: []float64{0.1, 0.1, 0.1, 0.1, 0.1}, Importance: []float64{1, 1, 1, 1, 1}, B: make([]float64, 5)}
		for i := range 5 {
			in.W = append(in.W, []float64{float64(k+1) * float64(i%2), float64(i) / 5})
		}
		res.Instances = append(res.Instances, in)
	}
	return res
}

// Bases the SAE cannot read, and configs that do not fit the base, are refused with the reason.
func TestForBaseErrors(t *testing.T) {
	c, _ := ParseConfig([]byte(`{}`))
	_, err := c.ForBase(tinyBase(t, toysup.ModelReLUHidden))
	if err == nil || !strings.Contains(err.Error(), "ReLU(W x)") {
		t.Errorf("relu_hidden base: %v, want an error explaining h = ReLU(W x)", err)
	}
	if _, err := c.ForBase(tinyBase(t, toysup.ModelAbs)); err == nil {
		t.Error("abs base accepted")
	}
	c.BaseInstances = []int{2}
	var fe *toysup.FieldError
	if _, err := c.ForBase(tinyBase(t, toysup.ModelLinear)); !errors.As(err, &fe) || fe.Field != "base_instances[0]" {
		t.Errorf("instance out of range: %v", err)
	}
	c, _ = ParseConfig([]byte(`{"activation": "topk", "k": 9}`))
	if _, err := c.ForBase(tinyBase(t, toysup.ModelReLUOutput)); !errors.As(err, &fe) || fe.Field != "k" {
		t.Errorf("k > latents: %v", err)
	}
	c, _ = ParseConfig([]byte(`{}`))
	c, err = c.ForBase(tinyBase(t, toysup.ModelReLUOutput))
	if err != nil || c.Latents != 5 || !reflect.DeepEqual(c.BaseInstances, []int{0, 1}) {
		t.Errorf("resolved %+v, %v: want latents 5 and both instances", c, err)
	}
}

// Training is deterministic per seed, whatever the number of SAEs trained beside it; different seeds differ;
// the result round-trips through its file.
func TestTrainDeterministic(t *testing.T) {
	base := tinyBase(t, toysup.ModelReLUOutput)
	for _, act := range []string{`"relu"`, `"topk", "k": 1`, `"jumprelu"`} {
		cfg, err := ParseConfig([]byte(`{"steps": 300, "batch_size": 64, "seeds": 2, "resample_every": 100, "resample_window": 50, "record_decoder": true, "activation": ` + act + `}`))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Train(context.Background(), base, cfg)
		if err != nil {
			t.Fatal(err)
		}
		cfg.BaseInstances, cfg.Seeds, cfg.Seed = []int{1}, 1, 1
		b, err := Train(context.Background(), base, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.SAEs) != 4 || a.SAEs[3].BaseInstance != 1 || a.SAEs[3].Seed != 1 {
			t.Fatalf("%s: SAEs ordered %v", act, a.SAEs)
		}
		if !reflect.DeepEqual(a.SAEs[3], b.SAEs[0]) {
			t.Errorf("%s: instance 1 seed 1 differs when trained alone", act)
		}
		if reflect.DeepEqual(a.SAEs[2].WDec, a.SAEs[3].WDec) {
			t.Errorf("%s: seeds 0 and 1 gave the same SAE", act)
		}
		h := a.History
		if h.Step[0] != 0 || h.Step[len(h.Step)-1] != 300 || len(h.WDec) != len(h.Step) || len(h.MMCS[0]) != 4 {
			t.Errorf("%s: history steps %v, %d decoder frames", act, h.Step, len(h.WDec))
		}
		path := t.TempDir() + "/sae.json"
		if err := a.Save(path); err != nil {
			t.Fatal(err)
		}
		back, err := LoadResult(path)
		if err != nil || !reflect.DeepEqual(back.SAEs, a.SAEs) {
			t.Errorf("%s: round trip: %v", act, err)
		}
	}
}
