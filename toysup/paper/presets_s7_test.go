package paper

import (
	"math"
	"strings"
	"testing"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/report"
	"github.com/toymodels/superposition/toysup/theory"
)

func TestSection7Preset(t *testing.T) {
	e := Section7(false).Sweep
	cfg, err := e.Config.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Model != toysup.ModelReLUHidden || cfg.Features != 10 || cfg.Hidden != 5 || cfg.Steps != 6_000 || cfg.Optimizer != "adam" || cfg.WeightDecayValue() != 0 {
		t.Errorf("%s n=%d m=%d steps=%d %s wd=%v", cfg.Model, cfg.Features, cfg.Hidden, cfg.Steps, cfg.Optimizer, cfg.WeightDecayValue())
	}
	p, imp := cfg.FeatureProbabilities(), cfg.Importances()
	if len(p) != len(Section7Densities)*Section7Seeds {
		t.Fatalf("%d instances, want %d", len(p), len(Section7Densities)*Section7Seeds)
	}
	for k := range p {
		if want := Section7Densities[k/Section7Seeds]; p[k][0] != want || p[k][9] != want {
			t.Errorf("instance %d: density %v, want %v", k, p[k][0], want)
		}
		if math.Abs(imp[k][3]-math.Pow(0.75, 3)) > 1e-15 {
			t.Errorf("instance %d: I_3 = %v, want 0.75³", k, imp[k][3])
		}
	}
	if q := Section7(true).Sweep.Config; q.Steps != QuickSteps {
		t.Errorf("quick: %d steps, want %d", q.Steps, QuickSteps)
	}
}

// BestSeeds keeps the lowest-loss seed of each density, in order of first appearance, with its analysis.
func TestBestSeedsAndNeuronTable(t *testing.T) {
	cfg := toysup.Config{Model: toysup.ModelReLUHidden, Features: 2, Hidden: 2, Instances: 4, FeatureProbability: toysup.Vector([]float64{1, 1, 0.1, 0.1})}
	cfg = must.M1(cfg.Resolve())
	res := &toysup.Result{Config: cfg}
	probs, imps := cfg.FeatureProbabilities(), cfg.Importances()
	for k := range 4 {
		w := [][]float64{{1, 0}, {0, 1}}
		if k == 3 {
			w = [][]float64{{1, 1}, {1, 1}}
		}
		res.Instances = append(res.Instances, toysup.Instance{FeatureProbability: probs[k], Importance: imps[k], W: w, B: []float64{0, 0}})
	}
	an := []toysup.Analysis{{EvalLoss: 0.5}, {EvalLoss: 0.2}, {EvalLoss: 0.3}, {EvalLoss: 0.1}}
	best, bestAn, err := theory.BestSeeds(res, an)
	if err != nil {
		t.Fatal(err)
	}
	if len(best.Instances) != 2 || bestAn[0].EvalLoss != 0.2 || bestAn[1].EvalLoss != 0.1 || best.Instances[1].W[0][1] != 1 {
		t.Fatalf("kept losses %v, want [0.2 0.1] (instances 1 and 3)", bestAn)
	}
	if _, _, err := theory.BestSeeds(res, an[:3]); err == nil {
		t.Error("3 analyses for 4 instances: no error")
	}
	nas := theory.MustAnalyzeNeurons(best)
	tbl, err := report.Neurons("", best, bestAn, nas)
	if err != nil {
		t.Fatal(err)
	}
	table := tbl.Markdown()
	for _, want := range []string{"| 1 | 0.2 | 2 | 0 | 0 | 0 | 2/2 | 1.00 | 1.00 |", "| 0.1 | 0.1 | 0 | 2 | 2 | 0 | 0/2 | 2.00 | 2.00 |"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks row %q:\n%s", want, table)
		}
	}
}
