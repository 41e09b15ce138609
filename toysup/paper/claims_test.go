package paper

import (
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// inst is one hand-made instance: density p (every feature), weights W `[n][m]`, biases b (nil: zeros).
type inst struct {
	p []float64
	W [][]float64
	b []float64
}

// made builds a Trained from hand-made instances, analysed with [toysup.AnalyzeWeights].
func made(cfg toysup.Config, ins ...inst) *Trained {
	cfg.Features, cfg.Hidden, cfg.Instances = len(ins[0].W), len(ins[0].W[0]), len(ins)
	t := &Trained{Result: &toysup.Result{Config: cfg}}
	for _, in := range ins {
		n := len(in.W)
		p := in.p
		if len(p) == 1 {
			p = repeat(p[0], n)
		}
		b := in.b
		if b == nil {
			b = make([]float64, n)
		}
		imp := make([]float64, n)
		for i := range imp {
			imp[i] = math.Pow(0.7, float64(i))
		}
		t.Result.Instances = append(t.Result.Instances, toysup.Instance{FeatureProbability: p, Importance: imp, W: in.W, B: b})
		t.Analyses = append(t.Analyses, toysup.AnalyzeWeights(in.W))
	}
	return t
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// ring places unit-norm... directions at the given angles (degrees) with norm r; a NaN angle is a zero row.
func ring(r float64, deg ...float64) [][]float64 {
	var W [][]float64
	for _, d := range deg {
		if math.IsNaN(d) {
			W = append(W, []float64{0, 0})
			continue
		}
		W = append(W, []float64{r * math.Cos(d*math.Pi/180), r * math.Sin(d*math.Pi/180)})
	}
	return W
}

// check fails the test unless c was evaluated with the wanted outcome.
func check(t *testing.T, c Claim, pass bool) {
	t.Helper()
	if !c.Evaluated || c.Pass != pass || c.Measured == "" || (!pass && c.Detail == "") {
		t.Errorf("claim %d: evaluated %v pass %v (want %v): %s — %s", c.ID, c.Evaluated, c.Pass, pass, c.Measured, c.Detail)
	}
}

var nan = math.NaN()

func section2(linearW [][]float64, lossFactor float64, sparseB []float64, pentNorm float64) *Section2Run {
	lin := made(toysup.Config{}, inst{[]float64{1}, linearW, []float64{0, 0, 0.5, 0.5, 0.5}})
	lin.Analyses[0].EvalLoss = lossFactor * theory.OptimalLinearLoss(lin.Result.Instances[0], 3)
	dense := [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 0}, {0, 0, 0}}
	mid := [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, -1}, {0, 0, 0}}
	sparse := [][]float64{{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0.7, 0.7}}
	sweep := made(toysup.Config{}, inst{[]float64{1}, dense, nil}, inst{[]float64{0.1}, mid, nil}, inst{[]float64{0.001}, sparse, sparseB})
	intro := made(toysup.Config{}, inst{[]float64{1}, ring(1, 0, 90, nan, nan, nan), nil},
		inst{[]float64{0.2}, ring(1, 0, 90, 180, 270, nan), nil}, inst{[]float64{0.1}, ring(pentNorm, 0, 72, 144, 216, 288), nil})
	return &Section2Run{Linear: lin, Sweep: sweep, Scaled: sweep, Intro: intro}
}

// Claims 1–6 pass on ideal hand-made models and fail where one measure is off.
func TestSection2Claims(t *testing.T) {
	good := [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 0}, {0, 0, 0}}
	neg := repeat(-0.1, 5)
	for _, c := range Section2Claims(section2(good, 1.01, neg, 1.05)) {
		check(t, c, true)
	}
	bad := [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.3, 0, 0}, {0, 0, 0}}
	run := section2(bad, 1.05, append([]float64{0.1}, neg[1:]...), 0.9)
	for _, c := range []Claim{Claim1(run), Claim2(run), Claim3(run), Claim5(run), Claim6(run)} {
		check(t, c, false)
	}
	// Claim 4 fails when the most important feature is the first to superpose.
	run.Sweep.Result.Instances[1].W = [][]float64{{0, 0, 1}, {0, 1, 0}, {1, 0, 0}, {0, 0, -1}, {0, 0, 0}}
	run.Sweep.Analyses[1] = toysup.AnalyzeWeights(run.Sweep.Result.Instances[1].W)
	check(t, Claim4(run), false)
	check(t, Claim17(run), false) // the same sweep stands in for the scaled-up one
	run.Scaled = nil
	if c := Claim17(run); c.Evaluated {
		t.Errorf("claim 17 without a scaled-up sweep: %+v, want not evaluated", c)
	}
}

// Claim 7 passes on a diagram matching the dense column and mostly the analytic one, and fails otherwise.
func TestClaim7(t *testing.T) {
	run := PhaseRun{Trained: &Trained{Experiment: Experiment{Config: toysup.Config{Features: 2}}}, Agreement: 0.9,
		Diagram: theory.PhaseDiagram{Densities: []float64{1, 0.1}, Importances: []float64{0.5, 2}, Class: [][]int{{0, 2}, {1, 2}}}}
	check(t, Claim7([]PhaseRun{run}), true)
	run.Agreement = 0.5
	check(t, Claim7([]PhaseRun{run}), false)
	run.Agreement, run.Diagram.Class = 0.9, [][]int{{2, 2}, {1, 2}}
	check(t, Claim7([]PhaseRun{run}), false)
	if c := Claim7(nil); c.Evaluated || c.Detail == "" {
		t.Error("claim 7 without the n=2 diagram should be not evaluated, with the reason")
	}
}
