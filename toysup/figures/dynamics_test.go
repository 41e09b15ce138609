package figures

import (
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// handDynamics is 3 features over 0…1000 steps: D_i jumps from 1 to 1/2 at step 400 (features 0, 1) while the
// loss drops from 1 to 0.1.
func handDynamics() *toysup.Dynamics {
	res, _ := uniformResult()
	res.Instances = res.Instances[:1]
	d := &toysup.Dynamics{Result: res, D: [][][]float64{nil}, Norms: [][][]float64{nil}, DStar: [][]float64{nil}}
	res.LossHistory = toysup.LossHistory{}
	for s := 0; s <= 1000; s += 10 {
		v := 1.0
		if s >= 400 {
			v = 0.5
		}
		d.Steps = append(d.Steps, s)
		d.D[0] = append(d.D[0], []float64{v, v, 1})
		d.Norms[0] = append(d.Norms[0], []float64{1, 1, 1})
		d.DStar[0] = append(d.DStar[0], 1)
		res.LossHistory.Step = append(res.LossHistory.Step, s)
		res.LossHistory.Loss = append(res.LossHistory.Loss, []float64{1 - 0.9*float64(min(1, s/400))})
	}
	return d
}

// One curve per feature above, the loss below on the same step axis; the jump and the loss drop line up.
func TestDynamicsFigure(t *testing.T) {
	d := handDynamics()
	doc, err := DynamicsFigure(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "dynamics.svg", doc)
	root := parseSVG(t, doc)
	curves := root.find("polyline", "ts-curve")
	loss := root.find("polyline", "ts-loss")
	if len(curves) != 3 || len(loss) != 1 {
		t.Fatalf("%d feature curves and %d loss curves, want 3 and 1", len(curves), len(loss))
	}
	containsAll(t, root.texts(), "feature 0", "feature 2", "training step", "3/8", "loss")
	if _, err := DynamicsFigure(d, Options{Instance: 1}); err == nil {
		t.Error("instance 1 of 1 accepted")
	}
	lin, err := DynamicsFigure(d, Options{StepScale: ScaleLinear, SigmaSteps: 20})
	if err != nil {
		t.Fatal(err)
	}
	parseSVG(t, lin)
	d.D[0][5] = []float64{math.NaN(), 0, 0}
	if _, err := DynamicsFigure(d, Options{}); err == nil {
		t.Error("NaN D_i accepted")
	}
}

// logWindowMean averages over ±win decades: a step at 100 with win = log10(2) sees steps 50…200.
func TestLogWindowMean(t *testing.T) {
	steps := []int{0, 25, 50, 100, 200, 400}
	v := []float64{9, 1, 2, 3, 4, 5}
	got := logWindowMean(steps, v, math.Log10(2))
	// 25: {25, 50}; 50: {25, 50, 100}; 100: {50, 100, 200}; 200: {100, 200, 400}; 400: {200, 400}.
	want := []float64{9, 1.5, 2, 3, 4, 4.5}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("step %d: %v, want %v", steps[i], got[i], want[i])
		}
	}
	if out := logWindowMean(steps, v, -1); out[1] != 1 {
		t.Error("a negative window should leave the series unchanged")
	}
}
