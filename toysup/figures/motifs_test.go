package figures

import (
	"math"
	"strconv"
	"testing"

	"github.com/toymodels/superposition/toysup/theory"
)

// The four bars have heights proportional to the weights, the largest |weight| filling half the panel.
func TestMotifFigure(t *testing.T) {
	m := theory.Motif{Neuron: 3, Strong: 1, Weak: 4, InStrong: 2, InWeak: -0.5, OutStrong: 1, OutWeak: 1.5}
	doc, err := MotifFigure([]MotifPanel{{Label: "1−S = 0.1", Motif: m}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	bars := parseSVG(t, doc).find("rect", "ts-bar")
	if len(bars) != 4 {
		t.Fatalf("%d bars, want 4", len(bars))
	}
	want := []float64{2, 0.5, 1, 1.5}
	h0, _ := strconv.ParseFloat(bars[0].attr["height"], 64)
	for i, b := range bars {
		h, _ := strconv.ParseFloat(b.attr["height"], 64)
		if math.Abs(h/h0-want[i]/2) > 0.01 {
			t.Errorf("bar %d: height %.2f, want %.2f of the first's", i, h, want[i]/2)
		}
	}
	if _, err := MotifFigure(nil, Options{}); err == nil {
		t.Error("no motifs: want an error")
	}
}
