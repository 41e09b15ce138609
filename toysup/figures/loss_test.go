package figures

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

func TestLossCurves(t *testing.T) {
	res := section2Result()
	doc, err := LossCurvesFigure(res, Options{SigmaSteps: 500})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "loss.svg", doc)
	root := parseSVG(t, doc)
	curves := root.find("polyline", "ts-curve")
	if len(curves) != 3 {
		t.Fatalf("%d smoothed curves, want 3", len(curves))
	}
	ys := make([][]float64, 3)
	for k, c := range curves {
		pts := strings.Fields(c.attr["points"])
		if len(pts) != len(res.LossHistory.Step) {
			t.Errorf("curve %d has %d points, want %d", k, len(pts), len(res.LossHistory.Step))
		}
		for _, p := range pts {
			y, _ := strconv.ParseFloat(strings.Split(p, ",")[1], 64)
			ys[k] = append(ys[k], y)
		}
	}
	// Instance 0 has the highest loss everywhere: it is drawn above (smaller y) the others.
	for t2 := range ys[0] {
		if !(ys[0][t2] < ys[1][t2] && ys[1][t2] < ys[2][t2]) {
			t.Fatalf("sample %d: curves not ordered by loss: %v %v %v", t2, ys[0][t2], ys[1][t2], ys[2][t2])
		}
	}
	// Log axis: a loss ratio maps to a fixed pixel distance, so curves 0→1 and 1→2 (ratio 0.3 each, up to the
	// ±10 % noise that smoothing mostly removes) are about equally far apart.
	d1, d2 := ys[1][50]-ys[0][50], ys[2][50]-ys[1][50]
	if math.Abs(d1-d2) > 0.15*d1 {
		t.Errorf("log-axis spacing %v vs %v px", d1, d2)
	}
	containsAll(t, root.texts(), "1−S = 1", "1−S = 0.1", "1−S = 0.01", "σ = 500 steps", "training step", "loss")

	doc, err = LossCurvesFigure(res, Options{StepScale: ScaleLog, HideRaw: true})
	if err != nil {
		t.Fatal(err)
	}
	root = parseSVG(t, doc)
	if n := len(strings.Fields(root.find("polyline", "ts-curve")[0].attr["points"])); n != len(res.LossHistory.Step)-1 {
		t.Errorf("log x: %d points, want %d (step 0 left out)", n, len(res.LossHistory.Step)-1)
	}
	if len(root.find("polyline", "")) != 3 {
		t.Errorf("HideRaw: %d polylines, want 3", len(root.find("polyline", "")))
	}
}

func TestLossCurvesThinsLongHistories(t *testing.T) {
	res := section2Result()
	rng := rand.New(rand.NewPCG(5, 6))
	res.LossHistory = toysup.LossHistory{}
	for s := range 10_000 {
		res.LossHistory.Step = append(res.LossHistory.Step, s)
		res.LossHistory.Loss = append(res.LossHistory.Loss, []float64{0.1 + 0.05*rng.Float64(), 0.01, 0.001 * (1 + rng.Float64())})
	}
	doc, err := LossCurvesFigure(res, Options{SigmaSteps: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc) > 150_000 {
		t.Errorf("10 000 steps × 3 instances: %d bytes, want < 150 kB", len(doc))
	}
	root := parseSVG(t, doc)
	// The raw curve's envelope keeps the noise extent: its lowest and highest points match the data's.
	raw := root.find("polyline", "")[0]
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range strings.Fields(raw.attr["points"]) {
		y, _ := strconv.ParseFloat(strings.Split(p, ",")[1], 64)
		lo, hi = math.Min(lo, y), math.Max(hi, y)
	}
	if hi-lo < 10 {
		t.Errorf("raw envelope spans only %v px", hi-lo)
	}
}
