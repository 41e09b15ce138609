package main

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/internal/bench"
)

// benchCase is one configuration of the side-by-side benchmark.
type benchCase struct {
	name, desc string
	cfg        toysup.Config
}

// benchCases returns the speed configurations a–g (batch 1024, AdamW lr 1e-3, weight decay 0.01; see
// bench.SpeedConfigs), with step counts that take a few seconds per run on a 2-core machine, multiplied by
// stepScale.
func benchCases(stepScale float64) map[string]benchCase {
	cfgs := bench.SpeedConfigs()
	withSteps := func(name string, n int) toysup.Config {
		c := cfgs[name]
		c.Steps = scaledSteps(n, stepScale)
		return c
	}
	return map[string]benchCase{
		"a": {"a", "n=20 m=5 K=1 1-S=0.1 I=0.7^i", withSteps("a", 6000)},
		"b": {"b", "n=20 m=5 K=7 (Section 2 sweep)", withSteps("b", 1500)},
		"c": {"c", "n=400 m=30 K=1 1-S=0.1 I=1", withSteps("c", 150)},
		"d": {"d", "n=2 m=1 K=400 (20x20 grid)", withSteps("d", 150)},
		"e": {"e", "relu_hidden n=10 m=5 K=56 (Section 7)", withSteps("e", 600)},
		"f": {"f", "abs n=100 m=40 K=7 (Section 8)", withSteps("f", 200)},
		"g": {"g", "n=6 m=2 K=16, 3 correlated pairs", withSteps("g", 2000)},
	}
}

// scaledSteps is n·stepScale rounded, at least 1.
func scaledSteps(n int, stepScale float64) int { return max(1, int(math.Round(float64(n)*stepScale))) }

// selectCases returns the comma-separated configs (a–g) in order, each set to train on engine.
func selectCases(configs string, stepScale float64, engine string) ([]benchCase, error) {
	all := benchCases(stepScale)
	var cases []benchCase
	for _, name := range strings.FieldsFunc(configs, func(r rune) bool { return r == ',' }) {
		c, ok := all[strings.TrimSpace(name)]
		if !ok {
			return nil, fmt.Errorf("--configs: unknown config %q, allowed a, b, c, d, e, f, g", name)
		}
		c.cfg.Engine = toysup.EngineKind(engine)
		cases = append(cases, c)
	}
	return cases, nil
}

// writeConfig writes cfg as the JSON config file both sides read, after checking that it parses back.
func writeConfig(path string, cfg toysup.Config) error {
	data, err := json.MarshalIndent(cfg, "", " ")
	if err != nil {
		return err
	}
	if _, err := toysup.ParseConfig(data); err != nil {
		return fmt.Errorf("benchmark config %s: %w", filepath.Base(path), err)
	}
	return toysup.WriteFileAtomic(path, data)
}
