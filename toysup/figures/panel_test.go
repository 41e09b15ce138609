package figures

import (
	"math"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

func TestMixedPanels(t *testing.T) {
	lin := section2Result()
	lin.Config.Model = toysup.ModelLinear
	lin.Instances = lin.Instances[:1]
	relu := section2Result()
	pl, err := PanelsOf(lin, weightAnalyses(lin))
	if err != nil {
		t.Fatal(err)
	}
	pr, err := PanelsOf(relu, weightAnalyses(relu))
	if err != nil {
		t.Fatal(err)
	}
	panels := append(pl, pr...)
	for name, f := range map[string]func([]Panel, Options) (string, error){"WtW": WtWFigure, "NormBars": NormBarsFigure} {
		doc, err := f(panels, Options{Columns: 2})
		if err != nil {
			t.Fatal(err)
		}
		root := parseSVG(t, doc)
		containsAll(t, root.texts(), "linear and ReLU output, n = 20, m = 5", "linear", "ReLU output", "1−S = 0.01")
		if got := strings.Count(strings.Join(root.texts(), "\n"), "ReLU output"); got != 4 { // 3 panels + title
			t.Errorf("%s: %d texts name the ReLU model, want 3 panel titles and the figure title", name, got)
		}
		heat, bars := len(root.find("g", "ts-wtw")), len(root.find("rect", "ts-bar"))
		if name == "WtW" && heat != 4 || name == "NormBars" && bars != 80 {
			t.Errorf("%s: %d heatmaps, %d bars; want 4 panels of 20 features", name, heat, bars)
		}
	}
}

func TestBadInputGivesErrors(t *testing.T) {
	fresh := func() (*toysup.Result, []toysup.Analysis) {
		r := section2Result()
		a, _ := r.Analyze(100, 1)
		return r, a
	}
	cases := []struct {
		name   string
		figs   []string
		mutate func(*toysup.Result, []toysup.Analysis) []toysup.Analysis
		want   string
	}{
		{"WtW NaN", []string{"WtW"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			a[1].WtW[3][4] = math.NaN()
			return a
		}, "panels[1].Analysis.WtW[3][4]"},
		{"bias Inf", []string{"WtW"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			r.Instances[2].B[0] = math.Inf(1)
			return a
		}, "panels[2].Instance.B[0]"},
		{"norm NaN", []string{"NormBars"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			a[0].Norms[7] = math.NaN()
			return a
		}, "Norms[7]"},
		{"superposition Inf", []string{"NormBars"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			a[0].Superposition[1] = math.Inf(-1)
			return a
		}, "Superposition[1]"},
		{"W NaN (analysed from it)", []string{"WtW", "NormBars"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			r.Instances[0].W[2][1] = math.NaN()
			return weightAnalyses(r)
		}, "panels[0].Analysis."},
		{"no analyses (figures do not analyse)", []string{"WtW", "NormBars"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			return nil
		}, "panels[0].Analysis is empty"},
		{"short WtW", []string{"WtW"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			a[0].WtW = a[0].WtW[:5]
			return a
		}, "5 rows, want 20"},
		{"analyses count", []string{"WtW", "NormBars"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			return a[:2]
		}, "2 analyses for 3 instances"},
		{"no instances", []string{"WtW", "NormBars"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			r.Instances = nil
			return nil
		}, "no instances"},
	}
	for _, c := range cases {
		for _, fg := range panelFigs {
			if !strings.Contains(strings.Join(c.figs, ","), fg.name) {
				continue
			}
			r, a := fresh()
			a = c.mutate(r, a)
			doc, err := fg.f(r, a)
			if err == nil || doc != "" {
				t.Errorf("%s / %s: got %d bytes and error %v, want an error", c.name, fg.name, len(doc), err)
			} else if !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s / %s: error %q does not name %q", c.name, fg.name, err, c.want)
			}
		}
	}

}

func TestBadGeometryAndLossInput(t *testing.T) {
	// Geometry: W and importance.
	g := introResult()
	g.Instances[1].W[3][0] = math.Inf(1)
	if _, err := Geometry2DFigure(MustPanelsOf(g, nil), Options{}); err == nil || !strings.Contains(err.Error(), "W[3][0]") {
		t.Errorf("geometry with Inf W: error %v", err)
	}
	g = introResult()
	g.Instances[0].Importance[2] = math.NaN()
	if _, err := Geometry2DFigure(MustPanelsOf(g, nil), Options{}); err == nil || !strings.Contains(err.Error(), "Importance[2]") {
		t.Errorf("geometry with NaN importance: error %v", err)
	}
	// Loss curves.
	l := section2Result()
	l.LossHistory.Loss[10][1] = math.NaN()
	if doc, err := LossCurvesFigure(l, Options{}); err == nil || doc != "" || !strings.Contains(err.Error(), "loss[10][1]") {
		t.Errorf("loss with NaN: error %v", err)
	}
	l = section2Result()
	l.LossHistory.Loss[3] = l.LossHistory.Loss[3][:1]
	if _, err := LossCurvesFigure(l, Options{SigmaSteps: 100}); err == nil {
		t.Error("ragged loss history: no error")
	}
	if _, err := LossCurvesFigure(nil, Options{}); err == nil {
		t.Error("nil result: no error")
	}
}

func TestBadOptions(t *testing.T) {
	// Options.
	r := section2Result()
	for _, c := range []struct {
		o    Options
		want string
	}{{Options{Width: 50}, "Options.Width = 50, allowed 200…4000"}, {Options{Width: 10_000}, "Options.Width = 10000"},
		{Options{Columns: -1}, "Options.Columns = -1, allowed ≥ 0"}, {Options{Height: 300}, "WtWFigure: Options.Height is not used"},
		{Options{Scaled: true}, "Options.Scaled is not used"}} {
		if _, err := WtWFigure(MustPanelsOf(r, weightAnalyses(r)), c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("options %+v: error %v, want one containing %q", c.o, err, c.want)
		}
	}
	for _, c := range []struct {
		o    Options
		want string
	}{{Options{SigmaSteps: -3}, "Options.SigmaSteps = -3"}, {Options{SigmaSteps: math.NaN()}, "Options.SigmaSteps = NaN"},
		{Options{Height: 20}, "Options.Height = 20"}, {Options{StepScale: 7}, "Options.StepScale = 7"},
		{Options{Instance: 1}, "Options.Instance is not used"}} {
		if _, err := LossCurvesFigure(r, c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("options %+v: error %v, want one containing %q", c.o, err, c.want)
		}
	}
}

// fig is a panel figure drawn from a result and its analyses.
type fig struct {
	name string
	f    func(*toysup.Result, []toysup.Analysis) (string, error)
}

var panelFigs = []fig{
	{"WtW", func(r *toysup.Result, a []toysup.Analysis) (string, error) {
		p, err := PanelsOf(r, a)
		if err != nil {
			return "", err
		}
		return WtWFigure(p, Options{})
	}},
	{"NormBars", func(r *toysup.Result, a []toysup.Analysis) (string, error) {
		p, err := PanelsOf(r, a)
		if err != nil {
			return "", err
		}
		return NormBarsFigure(p, Options{})
	}},
}
