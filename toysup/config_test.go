package toysup

import (
	"errors"
	"strings"
	"testing"

	"github.com/janpfeifer/must"
)

func TestConfigDefaults(t *testing.T) {
	cfg, err := ParseConfig([]byte(`{"features": 20, "hidden": 5, "feature_probability": 0.1}`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Model != "relu_output" || cfg.Instances != 1 || cfg.BatchSize != 1024 || cfg.LearningRate != 1e-3 ||
		cfg.Optimizer != "adamw" || cfg.WeightDecayValue() != 0.01 || cfg.LRSchedule != "constant" ||
		cfg.Init != "xavier_normal" || cfg.Backend != "go" || cfg.Engine != "auto" {
		t.Errorf("defaults not applied: %+v", cfg)
	}
	t.Setenv(BackendEnv, "xla:cpu")
	if env := must.M1(ParseConfig([]byte(`{"features": 2, "hidden": 1}`))); env.Backend != "xla:cpu" {
		t.Errorf("with %s=xla:cpu the default backend is %q", BackendEnv, env.Backend)
	}
	if explicit := must.M1(ParseConfig([]byte(`{"features": 2, "hidden": 1, "backend": "go"}`))); explicit.Backend != "go" {
		t.Errorf("an explicit backend was replaced by $%s: %q", BackendEnv, explicit.Backend)
	}
	t.Setenv(BackendEnv, "")
	adam := must.M1(ParseConfig([]byte(`{"features": 2, "hidden": 1, "optimizer": "adam"}`)))
	if adam.WeightDecayValue() != 0 {
		t.Errorf("adam weight decay = %v, want 0", adam.WeightDecayValue())
	}
	if l2 := must.M1(ParseConfig([]byte(`{"features": 2, "hidden": 1, "optimizer": "adam", "weight_decay": 0.01}`))); l2.WeightDecayValue() != 0.01 {
		t.Errorf("adam with weight_decay 0.01: %v", l2.WeightDecayValue())
	}
	sgd := must.M1(ParseConfig([]byte(`{"features": 2, "hidden": 1, "optimizer": "sgd"}`)))
	if sgd.WeightDecayValue() != 0 {
		t.Errorf("sgd weight decay = %v, want 0", sgd.WeightDecayValue())
	}
	seedLike := must.M1(ParseConfig([]byte(`{"features": 20, "hidden": 5, "init": "normal"}`)))
	if seedLike.InitStd != 0.02 {
		t.Errorf("init normal: init_std = %v, want 0.02", seedLike.InitStd)
	}
}

func TestConfigTables(t *testing.T) {
	cfg := must.M1(ParseConfig([]byte(`{"features": 3, "hidden": 1, "instances": 2,
		"feature_probability": [1, 0.1], "importance": [1, 0.5, 0.25]}`)))
	p, imp := cfg.FeatureProbabilities(), cfg.Importances()
	if p[0][2] != 1 || p[1][0] != 0.1 || imp[1][2] != 0.25 || imp[0][1] != 0.5 {
		t.Errorf("tables expanded wrongly: p=%v I=%v", p, imp)
	}
	cfg = must.M1(ParseConfig([]byte(`{"features": 2, "hidden": 1, "importance_decay": 0.7, "feature_probability": [[0.5, 0.25]]}`)))
	if p, imp := cfg.FeatureProbabilities(), cfg.Importances(); p[0][1] != 0.25 || imp[0][1] != 0.7 || imp[0][0] != 1 {
		t.Errorf("tables expanded wrongly: p=%v I=%v", p, imp)
	}
}

// Each bad config is rejected with an error naming its field.
func TestConfigValidationNamesTheField(t *testing.T) {
	for _, tc := range []struct{ json, field string }{
		{`{"features": 0, "hidden": 5}`, "features"},
		{`{"features": 20, "hidden": -1}`, "hidden"},
		{`{"features": 20, "hidden": 5, "instances": -2}`, "instances"},
		{`{"features": 20, "hidden": 5, "model": "mlp"}`, "model"},
		{`{"features": 20, "hidden": 5, "feature_probability": 0}`, "feature_probability"},
		{`{"features": 20, "hidden": 5, "feature_probability": 1.5}`, "feature_probability"},
		{`{"features": 2, "hidden": 1, "instances": 2, "feature_probability": [1, 0.5, 0.2]}`, "feature_probability"},
		{`{"features": 2, "hidden": 1, "instances": 2, "feature_probability": [[1, 0.5], [1]]}`, "feature_probability[1]"},
		{`{"features": 2, "hidden": 1, "instances": 1, "feature_probability": [[1, -0.5]]}`, "feature_probability[0][1]"},
		{`{"features": 2, "hidden": 1, "feature_probability": "dense"}`, "feature_probability"},
		{`{"features": 2, "hidden": 1, "importance": [1, 0]}`, "importance[1]"},
		{`{"features": 2, "hidden": 1, "importance": [1, 2, 3]}`, "importance"},
		{`{"features": 2, "hidden": 1, "importance_decay": 0}`, "importance_decay"},
		{`{"features": 2, "hidden": 1, "steps": -5}`, "steps"},
		{`{"features": 2, "hidden": 1, "batch_size": -1}`, "batch_size"},
		{`{"features": 2, "hidden": 1, "learning_rate": -0.1}`, "learning_rate"},
		{`{"features": 2, "hidden": 1, "optimizer": "rmsprop"}`, "optimizer"},
		{`{"features": 2, "hidden": 1, "optimizer": "sgd", "weight_decay": 2}`, "weight_decay"},
		{`{"features": 2, "hidden": 1, "optimizer": "adam", "weight_decay": 1.5}`, "weight_decay"},
		{`{"features": 2, "hidden": 1, "weight_decay": -1}`, "weight_decay"},
		{`{"features": 2, "hidden": 1, "lr_schedule": "step"}`, "lr_schedule"},
		{`{"features": 2, "hidden": 1, "steps": 10, "warmup_steps": 11}`, "warmup_steps"},
		{`{"features": 2, "hidden": 1, "init": "zeros"}`, "init"},
		{`{"features": 2, "hidden": 1, "init": "normal", "init_std": -1}`, "init_std"},
		{`{"features": 2, "hidden": 1, "init_std": 0.1}`, "init_std"},
		{`{"features": 2, "hidden": 1, "steps": 10, "log_every": 11}`, "log_every"},
		{`{"features": 2, "hidden": 1, "engine": "cuda"}`, "engine"},
		{`{"features": 2, "hidden": 1, "backend": ""}`, "backend"},
		{`{"features": 2, "hidden": 1, "steps": 0}`, "steps"},
		{`{"features": 2, "hidden": 1, "batch_size": 0}`, "batch_size"},
		{`{"features": 2, "hidden": 1, "learning_rate": 0}`, "learning_rate"},
		{`{"features": 2, "hidden": 1, "instances": 0}`, "instances"},
		{`{"features": 2, "hidden": 1, "log_every": 0}`, "log_every"},
		{`{"features": 2, "hidden": 1, "model": ""}`, "model"},
		{`{"features": 2, "hidden": 1, "init": "normal", "init_std": 0}`, "init_std"},
		{`{"features": 2, "hidden": 1, "seed": null}`, "seed"},
		{`{"features": 2, "hidden": 1, "steps": 5, "steps": 6}`, "steps"},
		{`{"features": 2, "hidden": 1, "seed": 9223372036854775808}`, "seed"},
		{`{"features": 10, "hidden": 1, "importance_decay": 1e6}`, "importance_decay"},
		{`{"features": 60, "hidden": 1, "importance_decay": 1e-6}`, "importance_decay"},
		{`{"features": 2, "hidden": 1, "importance": [1, 1e19]}`, "importance[1]"},
		{`{"features": 2, "hidden": 1, "feature_probability": 1e-9}`, "feature_probability"},
		{`{"features": 4, "hidden": 1, "correlated": [0, 1]}`, "correlated"},
		{`{"features": "twenty", "hidden": 1}`, "features"},
		{`{"features": 2, "hidden": 1, "seed": 1.5}`, "seed"},
		{`{"features": 2, "hidden": 1, "sparsity": 0.9}`, "sparsity"},
	} {
		_, err := ParseConfig([]byte(tc.json))
		if err == nil {
			if tc.field != "" {
				t.Errorf("%s: accepted, want an error naming %q", tc.json, tc.field)
			}
			continue
		}
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: error %q, want one naming field %q", tc.json, err, tc.field)
		}
		if !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: message %q does not name %q", tc.json, err, tc.field)
		}
	}
}

// Parsing never panics, and a config it accepts survives a JSON round trip unchanged.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(`{"features": 20, "hidden": 5, "feature_probability": [[0.1, 0.2]], "importance": [1, 2]}`))
	f.Add([]byte(`{"features": 2, "hidden": 1, "instances": 2, "feature_probability": [1, 0.01], "importance_decay": 0.7}`))
	f.Add([]byte(`{"model": "linear", "features": 3, "hidden": 2, "steps": 10, "lr_schedule": "cosine", "warmup_steps": 2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig(data)
		if err != nil {
			return
		}
		out, err := jsonMarshal(cfg)
		if err != nil {
			t.Fatalf("marshal accepted config: %v", err)
		}
		back, err := ParseConfig(out)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
		again, _ := jsonMarshal(back)
		if string(again) != string(out) {
			t.Fatalf("round trip changed the config:\n%s\n%s", out, again)
		}
	})
}
