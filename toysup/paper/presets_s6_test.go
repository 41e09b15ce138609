package paper

import (
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train"
)

func TestSection6Preset(t *testing.T) {
	for _, quick := range []bool{false, true} {
		e := Section6(quick).Sweep
		cfg, err := e.Config.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		wantSteps := 10_000
		if quick {
			wantSteps = QuickSteps
		}
		if cfg.Model != toysup.ModelReLUOutput || cfg.Features != 40 || cfg.Hidden != 10 || cfg.Steps != wantSteps || e.Name != "s6_adversarial" {
			t.Errorf("quick=%v: %s %s n=%d m=%d steps=%d", quick, e.Name, cfg.Model, cfg.Features, cfg.Hidden, cfg.Steps)
		}
		p := cfg.FeatureProbabilities()
		if len(p) != 13 || p[0][0] != 1 || p[12][0] != 0.001 {
			t.Fatalf("densities %v…, want 13 from 1 to 0.001", p[0][0])
		}
		for k := 1; k < len(p); k++ { // a quarter decade apart
			if r := p[k-1][0] / p[k][0]; math.Abs(r-math.Pow(10, 0.25)) > 1e-9 {
				t.Errorf("density %d/%d ratio %v, want 10^¼", k-1, k, r)
			}
		}
		for _, row := range cfg.Importances() {
			for _, v := range row {
				if v != 1 {
					t.Fatalf("importance %v, want uniform 1", v)
				}
			}
		}
		// The native engine (or GoMLX) can train it, and the attack accepts its model.
		if _, err := train.EngineFor(cfg); err != nil {
			t.Error(err)
		}
	}
}
