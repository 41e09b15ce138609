package figures

import (
	"math"
	"strconv"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// absResult is an abs model, n = 3, m = 4, at 1−S = 1 and 0.1 (I = 0.8^i): dense, neurons ReLU(±2x₀) and
// ReLU(±x₁) (all monosemantic); sparse, one neuron mixing x₀ and x₂ (2, −1), one ReLU(x₁), one mixing x₁ and x₂
// equally and one dead.
func absResult() *toysup.Result {
	weights := [][][]float64{
		{{2, -2, 0, 0}, {0, 0, 1, -1}, {0, 0, 0, 0}},
		{{2, 0, 0, 0}, {0, 1, 1, 0}, {-1, 0, 1, 0}},
	}
	res := handResult(toysup.ModelAbs, 3, 4, []float64{1, 0.1}, 0.8,
		func(k, i int) []float64 { return weights[k][i] }, func(k, i int) float64 { return 0 })
	for k := range res.Instances {
		res.Instances[k].WOut = res.Instances[k].W
	}
	return res
}

func TestNeuronWeightsFigure(t *testing.T) {
	res := absResult()
	nas, err := theory.AnalyzeNeurons(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, scaled := range []bool{false, true} {
		doc, err := NeuronWeightsFigure(res, nas, Options{Scaled: scaled})
		if err != nil {
			t.Fatal(err)
		}
		saveForViewing(t, "neurons_"+strconv.FormatBool(scaled)+".svg", doc)
		root := parseSVG(t, doc)
		containsAll(t, root.texts(), "abs, n = 3, m = 4", "1−S = 1: 4 mono, 0 poly", "1−S = 0.1: 1 mono, 2 poly (3 features), 1 dead", "importance")
		if got := [3]int{len(root.find("rect", "ts-mono")), len(root.find("rect", "ts-poly")), len(root.find("rect", "ts-dead"))}; got != [3]int{5, 2, 1} {
			t.Errorf("markers mono/poly/dead = %v, want [5 2 1]", got)
		}
		groups := root.find("g", "ts-neuron")
		if len(groups) != 8 {
			t.Fatalf("%d neuron bars, want 8", len(groups))
		}
		// Sorted order of the sparse panel: ReLU(x₁) (mono), (2, −1) mixed (top share 0.8), the equal mix, dead.
		// Bar segments in pixels: the (2, −1) neuron's segments are 2:1 unscaled and 1:0.5 scaled; the dense
		// ReLU(2x₀) neuron's segment is twice the ReLU(x₁) one's unscaled and equal to it scaled.
		height := func(g *node) []float64 {
			var hs []float64
			for _, r := range g.find("rect", "") {
				h, _ := strconv.ParseFloat(r.attr["height"], 64)
				hs = append(hs, h)
			}
			return hs
		}
		mixed := height(groups[5])
		if len(mixed) != 2 || math.Abs(mixed[0]/mixed[1]-2) > 0.02 {
			t.Errorf("scaled=%v: the (2, −1) neuron's segments %v, want two in ratio 2:1", scaled, mixed)
		}
		big, small := height(groups[0]), height(groups[2])
		want := 2.0
		if scaled {
			want = 1
		}
		if len(big) != 1 || len(small) != 1 || math.Abs(big[0]/small[0]-want) > 0.02 {
			t.Errorf("scaled=%v: dense ReLU(2x₀) segment %v vs ReLU(x₁) %v, want ratio %v", scaled, big, small, want)
		}
		if len(height(groups[7])) != 0 {
			t.Errorf("the dead neuron has segments %v, want none", height(groups[7]))
		}
	}
}

func TestNeuronCountsFigure(t *testing.T) {
	res := absResult()
	nas, err := theory.AnalyzeNeurons(res)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := NeuronCountsFigure(res, nas, Options{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "neuron_counts.svg", doc)
	root := parseSVG(t, doc)
	containsAll(t, root.texts(), "Monosemantic and polysemantic neurons", "feature probability 1−S", "dedicated")
	// Stacked bars: mono in both densities, poly and dead in the sparse one; dedicated features: 2 dense, 1 sparse.
	if got := [4]int{len(root.find("rect", "ts-mono")), len(root.find("rect", "ts-poly")), len(root.find("rect", "ts-dead")), len(root.find("rect", "ts-dedicated"))}; got != [4]int{2, 1, 1, 3} {
		t.Errorf("rects mono/poly/dead/dedicated = %v, want [2 1 1 3]", got)
	}
	// The bar heights are proportional to the counts: dense mono (4) is twice sparse poly (2).
	h := func(class string, i int) float64 {
		v, _ := strconv.ParseFloat(root.find("rect", class)[i].attr["height"], 64)
		return v
	}
	if r := h("ts-mono", 0) / h("ts-poly", 0); math.Abs(r-2) > 0.02 {
		t.Errorf("dense mono bar / sparse poly bar = %v, want 4/2", r)
	}
}

func TestNeuronFiguresErrors(t *testing.T) {
	res := absResult()
	nas, _ := theory.AnalyzeNeurons(res)
	if _, err := NeuronWeightsFigure(res, nas[:1], Options{}); err == nil {
		t.Error("1 analysis for 2 instances: no error")
	}
	if _, err := NeuronCountsFigure(res, nas[:1], Options{}); err == nil {
		t.Error("counts: 1 analysis for 2 instances: no error")
	}
	nas[1].Neurons[0].In[0] = math.Inf(1)
	if _, err := NeuronWeightsFigure(res, nas, Options{}); err == nil {
		t.Error("infinite weight: no error")
	}
}

// Weights below SmallWeight × the neuron's largest are lumped into one grey segment per sign.
func TestNeuronWeightsFigureLumpsSmallWeights(t *testing.T) {
	res := absResult()
	res.Instances[0].W[2][0], res.Instances[0].W[1][0] = 0.15, -0.1 // neuron 0's largest is 2: both below 0.2
	nas, err := theory.AnalyzeNeurons(res)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := NeuronWeightsFigure(res, nas, Options{})
	if err != nil {
		t.Fatal(err)
	}
	root := parseSVG(t, doc)
	groups := root.find("g", "ts-neuron")
	if n := len(groups[0].find("rect", "ts-small")); n != 2 {
		t.Errorf("neuron 0 has %d lumped segments, want 2 (one per sign)", n)
	}
	if n := len(root.find("rect", "ts-small")); n != 2 {
		t.Errorf("%d lumped segments in the figure, want 2", n)
	}
	if n := len(groups[0].find("rect", "")); n != 3 {
		t.Errorf("neuron 0 has %d segments, want 3 (x₀ and two lumps)", n)
	}
	// With SmallWeight 0.05 (below 0.1/2) neither −0.1 nor 0.15 is lumped.
	doc, err = NeuronWeightsFigure(res, nas, Options{SmallWeight: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(parseSVG(t, doc).find("rect", "ts-small")); n != 0 {
		t.Errorf("SmallWeight 0.05: %d lumped segments, want 0", n)
	}
	if _, err := NeuronWeightsFigure(res, nas, Options{SmallWeight: 1.5}); err == nil {
		t.Error("SmallWeight 1.5: no error")
	}
}
