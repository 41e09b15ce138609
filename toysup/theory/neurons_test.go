package theory

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"

	"github.com/toymodels/superposition/toysup/train"
)

// Hand-built abs weights (n = 3, m = 5): neurons ReLU(x₀), ReLU(−x₀), one mixing x₁ and x₂ equally, one with
// 95 % of its squared weight on x₂, one dead.
func TestAnalyzeNeuronsHandBuilt(t *testing.T) {
	in := toysup.Instance{
		W: [][]float64{
			{1, -0.8, 0, 0, 0.001},
			{0, 0, 0.5, 0.2294, 0},
			{0, 0, -0.5, 1, 0},
		},
	}
	in.WOut = in.W
	na, err := AnalyzeInstanceNeurons(toysup.ModelAbs, in)
	if err != nil {
		t.Fatal(err)
	}
	if na.Monosemantic != 3 || na.Polysemantic != 1 || na.Dead != 1 {
		t.Fatalf("counts mono/poly/dead = %d/%d/%d, want 3/1/1", na.Monosemantic, na.Polysemantic, na.Dead)
	}
	// Sorted: feature 0 positive, feature 0 negative, feature 2, then the mixed neuron, then the dead one.
	wantOrder := []int{0, 1, 3, 2, 4}
	for k, nr := range na.Neurons {
		if nr.Index != wantOrder[k] {
			t.Errorf("position %d holds neuron %d, want %d", k, nr.Index, wantOrder[k])
		}
	}
	if got := na.DedicatedNeurons; got[0] != 2 || got[1] != 0 || got[2] != 1 {
		t.Errorf("dedicated neurons per feature %v, want [2 0 1]", got)
	}
	mixed := na.Neurons[3]
	if mixed.Features != 2 || math.Abs(mixed.EffectiveFeatures-2) > 1e-12 || math.Abs(mixed.TopShare-0.5) > 1e-12 {
		t.Errorf("mixed neuron: %d features, effective %v, top share %v; want 2, 2, 0.5", mixed.Features, mixed.EffectiveFeatures, mixed.TopShare)
	}
	if s := na.Neurons[2].TopShare; math.Abs(s-1/(1+0.2294*0.2294)) > 1e-12 || s < MonosemanticShare {
		t.Errorf("neuron 3's top share %v, want 1/(1+0.2294²) ≥ 0.9", s)
	}
	if na.Neurons[1].Sign != -1 || na.Neurons[0].Sign != 1 || na.Neurons[1].Scale != 0.8 {
		t.Errorf("neuron 1: sign %d scale %v, neuron 0: sign %d; want −1, 0.8, +1", na.Neurons[1].Sign, na.Neurons[1].Scale, na.Neurons[0].Sign)
	}
	if got := na.NeuronsPerFeature; got[0] != 2 || got[1] != 1 || got[2] != 2 {
		t.Errorf("neurons per feature %v, want [2 1 2]", got)
	}
	if na.PolyFeatures != 2 {
		t.Errorf("features in polysemantic neurons: %d, want 2 (x₁ and x₂)", na.PolyFeatures)
	}
	if math.Abs(na.MeanFeaturesPerNeuron-5.0/4) > 1e-12 {
		t.Errorf("mean features per live neuron %v, want (1+1+1+2)/4", na.MeanFeaturesPerNeuron)
	}
	// The same W in the tied relu_hidden model: inputs are ≥ 0, so neuron 1 (all weights ≤ 0) never fires and the
	// mixed neuron responds to x₁ only.
	na, err = AnalyzeInstanceNeurons(toysup.ModelReLUHidden, toysup.Instance{W: in.W})
	if err != nil {
		t.Fatal(err)
	}
	if na.Monosemantic != 3 || na.Polysemantic != 0 || na.Dead != 2 {
		t.Errorf("relu_hidden counts mono/poly/dead = %d/%d/%d, want 3/0/2", na.Monosemantic, na.Polysemantic, na.Dead)
	}
}

func TestAnalyzeNeuronsErrors(t *testing.T) {
	w := [][]float64{{1, 0}, {0, 1}}
	var fe *toysup.FieldError
	if _, err := AnalyzeInstanceNeurons(toysup.ModelReLUOutput, toysup.Instance{W: w}); !errors.As(err, &fe) || fe.Field != "model" {
		t.Errorf("relu_output: error %v, want a field error naming \"model\"", err)
	}
	if _, err := AnalyzeInstanceNeurons(toysup.ModelAbs, toysup.Instance{W: w}); err == nil {
		t.Error("abs without W_out: no error")
	}
}

// Claim (Section 8's small case): with dense inputs (1−S = 1), n = 3 features and m = 6 = 2n neurons, the abs
// model computes |x_i| = ReLU(x_i) + ReLU(−x_i) with one neuron per sign per feature: all 6 neurons monosemantic,
// two per feature, of opposite signs. The loss of predicting 0 is E Σ|x_i|² = 1; the trained loss (best of 2
// seeds, 3000 steps, Adam lr 3e-3) must be below 1e-4.
func TestAbsDenseLearnsMonosemanticNeurons(t *testing.T) {
	cfg := toysup.Config{Model: toysup.ModelAbs, Features: 3, Hidden: 6, Instances: 2, Steps: 3000, LearningRate: 3e-3, Optimizer: "adam",
		FeatureProbability: toysup.Scalar(1), Seed: 2}
	res, err := train.Train(context.Background(), cfg, train.WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	losses, err := toysup.EvalLoss(res.Config, res.Instances, 20_000, 5)
	if err != nil {
		t.Fatal(err)
	}
	best := 0
	if losses[1] < losses[0] {
		best = 1
	}
	na, err := AnalyzeInstanceNeurons(toysup.ModelAbs, res.Instances[best])
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("losses %v; mono/poly/dead %d/%d/%d, dedicated %v", losses, na.Monosemantic, na.Polysemantic, na.Dead, na.DedicatedNeurons)
	if losses[best] > 1e-4 {
		t.Errorf("eval loss %.5f, want < 1e-4 (predicting 0 scores 1)", losses[best])
	}
	if na.Monosemantic != 6 {
		t.Errorf("%d monosemantic neurons, want 6", na.Monosemantic)
	}
	for i, d := range na.DedicatedNeurons {
		if d != 2 {
			t.Errorf("feature %d has %d dedicated neurons, want 2", i, d)
		}
	}
	for k := 0; k+1 < len(na.Neurons); k += 2 {
		a, b := na.Neurons[k], na.Neurons[k+1]
		if a.Top != b.Top || a.Sign != 1 || b.Sign != -1 {
			t.Errorf("neurons %d and %d: features %d/%d signs %+d/%+d, want one feature with signs +1/−1", a.Index, b.Index, a.Top, b.Top, a.Sign, b.Sign)
		}
	}
}
