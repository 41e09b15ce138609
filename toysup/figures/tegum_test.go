package figures

import (
	"math"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// A model of two digons and a triangle in orthogonal subspaces, plus a feature not learned: one node per learned
// feature, one red edge per antipodal pair, three per triangle, and the header counts the factors.
func TestTegumFigure(t *testing.T) {
	c, s := -0.5, 0.8660254037844386
	W := [][]float64{
		{1, 0, 0, 0}, {-1, 0, 0, 0}, // digon in dimension 0
		{0, 1, 0, 0}, {0, -1, 0, 0}, // digon in dimension 1
		{0, 0, 1, 0}, {0, 0, c, s}, {0, 0, c, -s}, // triangle in dimensions 2, 3
		{0, 0, 0, 0},
	}
	in := toysup.Instance{FeatureProbability: []float64{0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2}, Importance: make([]float64, 8), W: W, B: make([]float64, 8)}
	a := toysup.AnalyzeWeights(W)
	p := TegumPanel{Instance: in, D: a.FeatureDimensionality, Factors: theory.TegumFactors(W, a.FeatureDimensionality, 0.5)}
	doc, err := TegumFigure([]TegumPanel{p}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	root := parseSVG(t, doc)
	if got := len(root.find("circle", "ts-point")); got != 7 {
		t.Errorf("%d nodes, want 7 learned features", got)
	}
	red := 0
	for _, l := range root.find("line", "") {
		if l.attr["stroke"] == "#d62728" {
			red++
		}
	}
	if red != 5 {
		t.Errorf("%d negative-cosine edges, want 2 (digons) + 3 (triangle)", red)
	}
	containsAll(t, root.texts(), "7 features learned, 7 in polytopes — 2 digons, 1 triangle")
	if _, err := TegumFigure(nil, Options{}); err == nil || !strings.Contains(err.Error(), "panel") {
		t.Errorf("no panels: err %v", err)
	}
}

// The crossover and vulnerability-per-dimension figures refuse mismatched inputs and draw one marker per value.
func TestCrossoverAndDimsFigures(t *testing.T) {
	doc, err := CrossoverFigure([]float64{0.2, 0.3, 0.5}, []float64{-5, 2, math.NaN()}, 0.25, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc, "crossing ≈ 0.25") {
		t.Error("the crossing is not labelled")
	}
	if _, err := CrossoverFigure([]float64{0.2}, nil, 0, Options{}); err == nil {
		t.Error("mismatched crossover: want an error")
	}
	if _, err := VulnerabilityDimsFigure([]float64{1, 2}, []float64{1, 2}, []float64{1}, Options{}); err == nil {
		t.Error("mismatched vulnerabilities: want an error")
	}
	if _, err := VulnerabilityDimsFigure([]float64{1, 2, 4}, []float64{1, 2.2, 3.9}, []float64{1, 1.4, 1.5}, Options{}); err != nil {
		t.Error(err)
	}
}

// TegumPanelsOf picks the shown instances in order with their D_i and factors, and refuses mismatched inputs.
func TestTegumPanelsOf(t *testing.T) {
	W0 := [][]float64{{1, 0}, {-1, 0}, {0, 1}}
	W1 := [][]float64{{1, 0}, {0, 1}, {0, 0}}
	res := &toysup.Result{Instances: []toysup.Instance{{W: W0}, {W: W1}}}
	a0, a1 := toysup.AnalyzeWeights(W0), toysup.AnalyzeWeights(W1)
	factors := [][]theory.TegumFactor{theory.TegumFactors(W0, a0.FeatureDimensionality, 0.5), theory.TegumFactors(W1, a1.FeatureDimensionality, 0.5)}
	ps, err := TegumPanelsOf(res, []toysup.Analysis{a0, a1}, factors, []int{1, 0})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Instance.W[1][1] != 1 || ps[1].D[0] != a0.FeatureDimensionality[0] || len(ps[1].Factors) != len(factors[0]) {
		t.Errorf("panels %+v: want instance 1 then instance 0", ps)
	}
	if _, err := TegumFigure(ps, Options{}); err != nil {
		t.Error(err)
	}
	if _, err := TegumPanelsOf(res, []toysup.Analysis{a0}, factors, []int{0}); err == nil {
		t.Error("one analysis for two instances: want an error")
	}
	if _, err := TegumPanelsOf(res, []toysup.Analysis{a0, a1}, factors, []int{2}); err == nil {
		t.Error("instance out of range: want an error")
	}
	if _, err := TegumPanelsOf(nil, nil, nil, nil); err == nil {
		t.Error("nil result: want an error")
	}
}
