package paper

import (
	"fmt"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// The Section 5 presets: shapes, the small init, the native engine (auto), about 500 snapshots, quick steps.
func TestSection5Presets(t *testing.T) {
	for _, quick := range []bool{false, true} {
		exps := Section5(quick).All()
		if len(exps) != 3 || exps[0].Name != "s5_octahedron" || exps[1].Name != "s5_antiprism" || exps[2].Name != "s5_uniform_large" {
			t.Fatalf("presets %v", exps)
		}
		for _, e := range exps {
			cfg, err := e.Config.Resolve()
			if err != nil {
				t.Fatalf("%s: %v", e.Name, err)
			}
			if want := map[string]int{"s5_uniform_large": 10}[e.Name]; want == 0 && cfg.Hidden != 3 || want > 0 && cfg.Hidden != want || cfg.Init != "normal" || cfg.InitStd != toysup.DefaultInitStd || cfg.Engine != toysup.EngineAuto {
				t.Errorf("%s: m=%d init %s(%v) engine %s", e.Name, cfg.Hidden, cfg.Init, cfg.InitStd, cfg.Engine)
			}
			if quick && cfg.Steps != QuickSteps || !quick && cfg.Steps != 10_000 {
				t.Errorf("%s (quick=%v): %d steps", e.Name, quick, cfg.Steps)
			}
			if n := cfg.Steps / max(1, e.SnapshotEvery); e.SnapshotEvery < 1 || n < 150 || n > 500 || e.Name == "s5_uniform_large" && !quick && n > 200 {
				t.Errorf("%s: %d snapshots", e.Name, n)
			}
		}
		if c := exps[0].Config; c.Features != 6 || fmt.Sprint(c.Correlated) != "[[0 1 2] [3 4 5]]" {
			t.Errorf("s5_octahedron: n=%d, correlated %v", c.Features, c.Correlated)
		}
	}
}
