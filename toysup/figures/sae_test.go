package figures

import (
	"context"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/sae"
)

// pentagonSAE trains two small SAEs (5 latents, 300 steps, decoder recorded) on the pentagon instance of
// introResult.
func pentagonSAE(t *testing.T) (*toysup.Result, *sae.Result) {
	t.Helper()
	base := introResult().Select([]int{2})
	cfg, err := sae.ParseConfig([]byte(`{"steps": 300, "batch_size": 256, "seeds": 2, "resample_every": 100, "resample_window": 50, "log_every": 20, "record_decoder": true}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sae.Train(context.Background(), base, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return base, res
}

// The SAE figures are well-formed and draw what they say: one arrow per feature and per latent in every panel,
// one trail per latent in the frames, the n × L cosine cells, three training plots and the sweep's points.
func TestSAEFigures(t *testing.T) {
	base, res := pentagonSAE(t)
	count := func(doc string) int {
		root := parseSVG(t, doc)
		return len(root.find("g", "ts-arrow")) + len(root.find("circle", "ts-arrow"))
	}
	doc := MustSAELatentsFigure(base, res, Options{})
	saveForViewing(t, "sae_latents.svg", doc)
	if got := count(doc); got != 2*(5+5) {
		t.Errorf("latents figure: %d arrows, want 2 panels × (5 features + 5 latents)", got)
	}
	doc = MustSAEFramesFigure(base, res, Options{Instance: 1})
	saveForViewing(t, "sae_frames.svg", doc)
	if got, trails := count(doc), len(parseSVG(t, doc).find("polyline", "ts-trail")); got != 8*10 || trails < 7*5 {
		t.Errorf("frames figure: %d arrows (want 8 frames × 10), %d trails (want ≥ 35)", got, trails)
	}
	doc = MustSAECosineFigure(base, res, Options{})
	saveForViewing(t, "sae_cosines.svg", doc)
	if !strings.Contains(doc, "ts-cosine") || !strings.Contains(doc, "MMCS") {
		t.Error("cosine figure lacks its heatmap or title")
	}
	doc = MustSAETrainingFigure(res, Options{})
	saveForViewing(t, "sae_training.svg", doc)
	if got := len(parseSVG(t, doc).find("polyline", "")); got < 3*2 {
		t.Errorf("training figure: %d curves, want ≥ 6 (3 plots × 2 SAEs)", got)
	}
	doc = MustSAESweepFigure([]string{"a", "b"}, []*sae.Result{res, res}, Options{})
	saveForViewing(t, "sae_sweep.svg", doc)
	if got := len(parseSVG(t, doc).find("circle", "ts-point")); got != 4 {
		t.Errorf("sweep figure: %d points, want 2 per plot", got)
	}
}

// Bad input is an error naming the problem.
func TestSAEFigureErrors(t *testing.T) {
	base, res := pentagonSAE(t)
	if _, err := SAEFramesFigure(base, res, Options{Instance: 5}); err == nil || !strings.Contains(err.Error(), "Instance") {
		t.Errorf("instance out of range: %v", err)
	}
	if _, err := SAELatentsFigure(base, res, Options{Instance: 1}); err == nil {
		t.Error("SAELatentsFigure accepted Options.Instance")
	}
	noDec := *res
	noDec.History.WDec = nil
	if _, err := SAEFramesFigure(base, &noDec, Options{}); err == nil || !strings.Contains(err.Error(), "record_decoder") {
		t.Errorf("no decoder history: %v", err)
	}
	wide := randomResult(5, 3, 1)
	if _, err := SAELatentsFigure(wide, res, Options{}); err == nil {
		t.Error("a base of another shape was accepted")
	}
	if _, err := SAESweepFigure([]string{"a"}, []*sae.Result{res, res}, Options{}); err == nil {
		t.Error("mismatched labels accepted")
	}
}
