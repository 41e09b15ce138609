package figures

import (
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// A training frame tiles the arrows (m = 2), WᵀW, D_i and the loss under a header naming the step and loss.
func TestTrainingFrameFigure(t *testing.T) {
	res := introResult()
	res.Config.Steps = 100
	res.LossHistory = toysup.LossHistory{Step: []int{0, 10, 20}, Loss: [][]float64{{0.3, 0.2, 0.1}, {0.2, 0.1, 0.05}, {0.1, 0.05, 0.02}}}
	doc, err := TrainingFrameFigure(res, weightAnalyses(res), 30, Options{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "training_frame.svg", doc)
	root := parseSVG(t, doc)
	if n := len(root.find("svg", "")) - 1; n != 4 {
		t.Errorf("%d nested figures, want 4 (arrows, WᵀW, D_i, loss)", n)
	}
	containsAll(t, root.texts(), "ReLU output, n = 5, m = 2 — step 30 of 100, loss 0.05667")
	// Before the first logged step the loss panel is a placeholder; with m ≠ 2 there are no arrows.
	res2 := randomResult(6, 3, 1)
	res2.Config.Steps = 10
	res2.LossHistory = toysup.LossHistory{}
	doc2 := MustTrainingFrameFigure(res2, weightAnalyses(res2), 0, Options{})
	root2 := parseSVG(t, doc2)
	if n := len(root2.find("svg", "")) - 1; n != 3 {
		t.Errorf("m = 3 at step 0: %d nested figures, want 3", n)
	}
	if !strings.Contains(doc2, "no step logged yet") || !strings.Contains(doc2, "loss —") {
		t.Error("the step-0 frame does not say that no loss was logged yet")
	}
	if _, err := TrainingFrameFigure(res, weightAnalyses(res), 101, Options{}); err == nil {
		t.Error("step beyond the config's steps accepted")
	}
	if _, err := TrainingFrameFigure(res, weightAnalyses(res), 1, Options{Columns: 2}); err == nil || !strings.Contains(err.Error(), "Columns") {
		t.Errorf("unused option accepted: %v", err)
	}
}

// An animated figure shows each frame in turn (discrete visibility animations covering the loop once).
func TestAnimatedFigure(t *testing.T) {
	res := introResult()
	res.Config.Steps = 10
	a := weightAnalyses(res)
	frames := []string{MustTrainingFrameFigure(res, a, 0, Options{}), MustTrainingFrameFigure(res, a, 5, Options{}), MustTrainingFrameFigure(res, a, 10, Options{})}
	doc, err := AnimatedFigure(frames, 0.5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "animated.svg", doc)
	root := parseSVG(t, doc)
	anims := root.find("animate", "")
	if len(anims) != 3 {
		t.Fatalf("%d animations, want 3", len(anims))
	}
	want := []string{"0;0.3333", "0;0.3333;0.6667", "0;0.6667"}
	for i, an := range anims {
		if an.attr["keyTimes"] != want[i] || an.attr["dur"] != "1.5s" || an.attr["calcMode"] != "discrete" {
			t.Errorf("frame %d: keyTimes %q dur %q, want %q over 1.5s", i, an.attr["keyTimes"], an.attr["dur"], want[i])
		}
	}
	if _, err := AnimatedFigure(nil, 1, Options{}); err == nil {
		t.Error("no frames accepted")
	}
	if _, err := AnimatedFigure([]string{"<p/>"}, 1, Options{}); err == nil {
		t.Error("a frame that is not an SVG accepted")
	}
}
