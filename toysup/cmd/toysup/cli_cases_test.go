package main

import (
	"fmt"
	"strings"
	"testing"
)

// cfgCase is a bad config file: `toysup train --config c.json --out r.json --quiet`.
func cfgCase(name, content, want string) badCase {
	return badCase{name: name, args: []string{"train", "--config", "c.json", "--out", "r.json", "--quiet"},
		files: map[string]string{"c.json": content}, want: want}
}

// flagCase is `toysup train` with bad flags (and a small valid base).
func flagCase(name, want string, args ...string) badCase {
	base := []string{"train", "--features", "5", "--hidden", "2", "--steps", "5", "--out", "r.json", "--quiet"}
	return badCase{name: name, args: append(base, args...), want: want}
}

// badCases lists the bad inputs of [TestCLIRefusesBadInput], class by class.
func badCases(t *testing.T) []badCase {
	var cs []badCase
	base := `"features": 5, "hidden": 2, "steps": 5`
	// Silent defaults: an explicit zero or empty value is out of range; only an absent field takes the default.
	for field, v := range map[string]string{"steps": "0", "batch_size": "0", "learning_rate": "0", "instances": "0",
		"log_every": "0", "model": `""`, "optimizer": `""`, "lr_schedule": `""`, "init": `""`, "backend": `""`,
		"engine": `""`, "anticorrelated_mode": `""`} {
		b := base
		if field == "steps" {
			b = `"features": 5, "hidden": 2`
		}
		cs = append(cs, cfgCase("explicit "+field+" = "+v, fmt.Sprintf(`{%s, "%s": %s}`, b, field, v), `"`+field+`"`))
	}
	cs = append(cs, cfgCase("explicit init_std 0", `{`+base+`, "init": "normal", "init_std": 0}`, `"init_std"`))
	// Explicit nulls.
	for _, field := range []string{"model", "instances", "feature_probability", "importance_decay", "importance",
		"correlated", "anticorrelated", "steps", "batch_size", "learning_rate", "optimizer", "weight_decay",
		"lr_schedule", "warmup_steps", "init", "init_std", "seed", "log_every", "backend", "engine"} {
		cs = append(cs, cfgCase("null "+field, `{"features": 5, "hidden": 2, "`+field+`": null}`, `"`+field+`"`))
	}
	// Values out of range, overflowing float32, or of the wrong shape or type.
	for _, v := range []struct{ json, want string }{
		{`"features": 0, "hidden": 2`, `"features"`}, {`"features": -1, "hidden": 2`, `"features"`},
		{`"features": 2097152, "hidden": 1`, `"features"`}, {`"features": 5, "hidden": 0`, `"hidden"`},
		{`"features": 5, "hidden": 2097152`, `"hidden"`}, {`"features": 5, "hidden": 2, "instances": -3`, `"instances"`},
		{`"features": 5, "hidden": 2, "steps": -5`, `"steps"`}, {`"features": 5, "hidden": 2, "steps": 4294967296`, `"steps"`},
		{`"features": 5, "hidden": 2, "batch_size": -1`, `"batch_size"`},
		{`"features": 5, "hidden": 2, "learning_rate": -0.1`, `"learning_rate"`},
		{`"features": 5, "hidden": 2, "learning_rate": 11`, `"learning_rate"`},
		{`"features": 5, "hidden": 2, "learning_rate": 1e400`, `"learning_rate"`},
		{`"features": 5, "hidden": 2, "weight_decay": -1`, `"weight_decay"`},
		{`"features": 5, "hidden": 2, "weight_decay": 2`, `"weight_decay"`},
		{`"features": 5, "hidden": 2, "optimizer": "sgd", "weight_decay": 1.5`, `"weight_decay"`},
		{`"features": 5, "hidden": 2, "importance_decay": 0`, `"importance_decay"`},
		{`"features": 5, "hidden": 2, "importance_decay": -1`, `"importance_decay"`},
		{`"features": 10, "hidden": 2, "importance_decay": 1e6`, `"importance_decay"`},
		{`"features": 60, "hidden": 2, "importance_decay": 1e-6`, `"importance_decay"`},
		{`"features": 2, "hidden": 1, "importance": [1, 0]`, `"importance[1]"`},
		{`"features": 2, "hidden": 1, "importance": [1, 1e19]`, `"importance[1]"`},
		{`"features": 2, "hidden": 1, "importance": [1, -1]`, `"importance[1]"`},
		{`"features": 2, "hidden": 1, "importance": [1, 2, 3]`, `"importance"`},
		{`"features": 5, "hidden": 2, "feature_probability": 0`, `"feature_probability"`},
		{`"features": 5, "hidden": 2, "feature_probability": 1.5`, `"feature_probability"`},
		{`"features": 5, "hidden": 2, "feature_probability": 1e-9`, `"feature_probability"`},
		{`"features": 2, "hidden": 1, "instances": 2, "feature_probability": [1, 0.5, 0.2]`, `"feature_probability"`},
		{`"features": 2, "hidden": 1, "instances": 2, "feature_probability": [[1, 0.5], [1]]`, `"feature_probability[1]"`},
		{`"features": 2, "hidden": 1, "feature_probability": "dense"`, `"feature_probability"`},
		{`"features": 5, "hidden": 2, "steps": 10, "warmup_steps": 11`, `"warmup_steps"`},
		{`"features": 5, "hidden": 2, "steps": 10, "log_every": 11`, `"log_every"`},
		{`"features": 5, "hidden": 2, "init_std": 0.1`, `"init_std"`},
		{`"features": 5, "hidden": 2, "init": "normal", "init_std": 1000`, `"init_std"`},
		{`"features": 5, "hidden": 2, "correlated": [0, 1]`, `"correlated"`},
		{`"features": 5, "hidden": 2, "correlated": [[0, 99]]`, `correlated`},
		{`"features": 5, "hidden": 2, "anticorrelated": [[0, 0]]`, `anticorrelated`},
		{`"features": 5, "hidden": 2, "seed": 1.5`, `"seed"`},
		{`"features": 5, "hidden": 2, "seed": 9223372036854775808`, `"seed"`},
		{`"features": "five", "hidden": 2`, `"features"`}, {`"features": 5, "hidden": true`, `"hidden"`},
		{`"features": 5, "hidden": 2, "model": 5`, `"model"`}, {`"features": 5, "hidden": 2, "steps": [1]`, `"steps"`},
		{`"features": 5, "hidden": 2, "model": "mlp"`, `"model"`}, {`"features": 5, "hidden": 2, "engine": "cuda"`, `"engine"`},
		{`"features": 5, "hidden": 2, "optimizer": "rmsprop"`, `"optimizer"`}, {`"features": 5, "hidden": 2, "sparsity": 0.9`, `"sparsity"`},
		{`"features": 5, "hidden": 2, "model": "` + strings.Repeat("m", 120_000) + `"`, `"model"`},
	} {
		cs = append(cs, cfgCase("config "+v.json[:min(60, len(v.json))], "{"+v.json+"}", v.want))
	}
	return append(append(cs, fileCases()...), moreCases(t)...)
}

// fileCases are malformed or unreadable config files.
func fileCases() []badCase {
	cs := []badCase{
		cfgCase("empty file", "", "empty"), cfgCase("blank file", "  \n ", "empty"),
		cfgCase("list", "[]", "JSON object"), cfgCase("number", "5", "JSON object"),
		cfgCase("truncated", `{"features": 5,`, "invalid JSON"), cfgCase("garbage", "\x00\xff\xfe", "invalid JSON"),
		cfgCase("trailing data", `{"features": 5, "hidden": 2} {}`, "trailing data"),
		cfgCase("duplicate key", `{"features": 5, "hidden": 2, "hidden": 3}`, `"hidden"`),
		cfgCase("duplicate steps", `{"features": 5, "hidden": 2, "steps": 0, "steps": 5}`, `"steps"`),
		cfgCase("deep nesting", `{"features": 5, "hidden": 2, "feature_probability": `+strings.Repeat("[", 40)+strings.Repeat("]", 40)+`}`, "nested"),
		cfgCase("over 1 MiB", `{"features": 5, "hidden": 2, "seed": 1`+strings.Repeat(" ", 1<<20)+`}`, "limit"),
		{name: "missing config", args: []string{"train", "--config", "nope.json", "--out", "r.json"}, want: "nope.json"},
		{name: "config is a folder", args: []string{"train", "--config", "sub", "--out", "r.json"},
			files: map[string]string{"sub/x": ""}, want: "sub"},
		{name: "config is a device", args: []string{"train", "--config", "/dev/null", "--out", "r.json"}, want: "/dev/null"},
	}
	return cs
}

// moreCases: flags, output paths, resources, environment, reproduce and embed.
func moreCases(t *testing.T) []badCase {
	small := map[string]string{"c.json": `{"features": 5, "hidden": 2, "steps": 5}`}
	train := func(name, want string, files map[string]string, args ...string) badCase {
		return badCase{name: name, args: append([]string{"train", "--quiet"}, args...), files: files, want: want}
	}
	gpt2 := map[string]string{"g/vocab.json": readFixture(t, "vocab.json"), "g/model.safetensors": readFixture(t, "model.safetensors")}
	nan := map[string]string{"g/vocab.json": readFixture(t, "vocab.json"), "g/model.safetensors": nanSafetensors(t)}
	embedCase := func(name, want string, files map[string]string, args ...string) badCase {
		return badCase{name: name, args: append([]string{"embed", "--source", "g"}, args...), files: files, want: want}
	}
	return []badCase{
		flagCase("--learning-rate NaN", "--learning-rate", "--learning-rate", "NaN"),
		flagCase("--steps abc", "--steps", "--steps", "abc"),
		flagCase("--steps 0", "--steps", "--steps", "0"),
		flagCase("--features 0", "--features", "--features", "0"),
		flagCase("--seed 1.5", "--seed", "--seed", "1.5"),
		flagCase("--feature-probability [", "--feature-probability", "--feature-probability", "[0.5,"),
		flagCase("--model cnn", "--model", "--model", "cnn"),
		flagCase("--engine cuda", "--engine", "--engine", "cuda"),
		flagCase("--backend with a space", "--backend", "--backend", "x y"),
		flagCase("--importance-decay 1e7", "--importance-decay", "--importance-decay", "1e7"),
		flagCase("--batch-size -4", "--batch-size", "--batch-size", "-4"),
		flagCase("unknown flag", "no-such-flag", "--no-such-flag"),
		flagCase("positional argument", "extra", "extra"),
		// Output paths: refused before the first step.
		train("--out empty", "--out", small, "--config", "c.json", "--out", ""),
		train("--out is the config", "--out", small, "--config", "c.json", "--out", "c.json"),
		train("--out is the config by another path", "--out", small, "--config", "c.json", "--out", "./sub/../c.json"),
		train("--out is a folder", "--out", map[string]string{"c.json": small["c.json"], "d/x": ""}, "--config", "c.json", "--out", "d"),
		train("--out under a file", "--out", small, "--config", "c.json", "--out", "c.json/x.json"),
		train("--out in an unwritable place", "--out", small, "--config", "c.json", "--out", "/proc/toysup/x.json"),
		train("--out a device", "--out", small, "--config", "c.json", "--out", "/dev/null"),
		// Resources: estimated and refused before anything is allocated.
		train("weights at the limit", `"features"`, nil, "--features", "1048576", "--hidden", "256", "--steps", "1", "--batch-size", "1", "--out", "r.json"),
		train("a step that cannot finish", `"batch_size"`, nil, "--features", "1048576", "--hidden", "1", "--steps", "1", "--batch-size", "1048576", "--out", "r.json"),
		{name: "memory beyond GOMEMLIMIT", args: []string{"train", "--quiet", "--features", "100000", "--hidden", "10", "--steps", "1", "--batch-size", "1", "--out", "r.json"},
			env: []string{"GOMEMLIMIT=64MiB"}, want: "GOMEMLIMIT"},
		{name: "bogus TOYSUP_BACKEND", args: []string{"train", "--quiet", "--features", "5", "--hidden", "2", "--out", "r.json"},
			env: []string{"TOYSUP_BACKEND=bogus"}, want: "TOYSUP_BACKEND"},
		{name: "TOYSUP_BACKEND with a space", args: []string{"train", "--quiet", "--features", "5", "--hidden", "2", "--out", "r.json"},
			env: []string{"TOYSUP_BACKEND=xla: cpu"}, want: "TOYSUP_BACKEND"},
		{name: "unknown command", args: []string{"trian"}, want: "trian"},
		// reproduce: every argument checked before the first experiment.
		{name: "reproduce --section 2,99", args: []string{"reproduce", "--quick", "--quiet", "--section", "2,99", "--out", "o"}, want: "--section"},
		{name: "reproduce --section x", args: []string{"reproduce", "--quick", "--quiet", "--section", "x", "--out", "o"}, want: "--section"},
		{name: "reproduce --out a file", args: []string{"reproduce", "--quick", "--quiet", "--section", "2", "--out", "r.json"}, want: "--out"},
		{name: "reproduce --out empty", args: []string{"reproduce", "--quick", "--quiet", "--out", ""}, want: "--out"},
		{name: "reproduce positional", args: []string{"reproduce", "now"}, want: "now"},
		{name: "reproduce --seeds -1", args: []string{"reproduce", "--quick", "--quiet", "--seeds", "-1", "--out", "o"}, want: "--seeds"},
		{name: "reproduce --seeds too many", args: []string{"reproduce", "--quick", "--quiet", "--seeds", "10001", "--out", "o"}, want: "--seeds"},
		// embed.
		embedCase("embed NaN in safetensors", "non-finite", nan, "adult"),
		embedCase("embed overflow", "non-finite", gpt2, "adult/1e-320"),
		embedCase("embed huge word", "not a single token", gpt2, strings.Repeat("w", 4000)),
		embedCase("embed too long", "longer than", gpt2, strings.Repeat("a + ", 2000)+"a"),
		embedCase("embed empty expression", "empty expression", gpt2, " "),
		embedCase("embed --cos one expression", "--cos", gpt2, "--cos", "adult"),
		embedCase("embed unbalanced", "')'", gpt2, "(adult"),
		embedCase("embed --average-norm NaN", "--average-norm", nan, "--average-norm"),
		{name: "embed missing source", args: []string{"embed", "--source", "nowhere.txt", "king"}, want: "nowhere.txt"},
		{name: "embed NaN in text", args: []string{"embed", "--source", "w.txt", "king"},
			files: map[string]string{"w.txt": "king NaN 1\nqueen 1 2\n"}, want: "king"},
	}
}
