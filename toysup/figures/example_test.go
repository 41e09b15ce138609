package figures_test

import (
	"fmt"
	"math"
	"strings"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/theory"
)

// paperLike is the hand-made n = 20, m = 5 result of the paper's dense case: W's rows 0…4 are the basis vectors,
// the other 15 features are dropped (zero rows), at 1−S = 1 and, with the same weights, at 1−S = 0.1.
func paperLike() *toysup.Result {
	decay := 0.7
	cfg, err := toysup.Config{Features: 20, Hidden: 5, Instances: 2, Steps: 1000,
		FeatureProbability: toysup.Vector([]float64{1, 0.1}), ImportanceDecay: &decay}.Resolve()
	if err != nil {
		panic(err)
	}
	res := &toysup.Result{Config: cfg}
	for k := range 2 {
		in := toysup.Instance{FeatureProbability: cfg.FeatureProbabilities()[k], Importance: cfg.Importances()[k],
			W: make([][]float64, 20), B: make([]float64, 20)}
		for i := range in.W {
			in.W[i] = make([]float64, 5)
			if i < 5 {
				in.W[i][i] = 1
			}
		}
		res.Instances = append(res.Instances, in)
	}
	for s := 0; s < 1000; s += 10 {
		res.LossHistory.Step = append(res.LossHistory.Step, s)
		res.LossHistory.Loss = append(res.LossHistory.Loss, []float64{0.05 + math.Exp(-float64(s)/200), 0.01})
	}
	return res
}

func ExampleWtWFigure() {
	res := paperLike()
	analyses, err := res.Analyze(10_000, 1)
	if err != nil {
		panic(err)
	}
	panels, err := figures.PanelsOf(res, analyses)
	if err != nil {
		panic(err)
	}
	svg, err := figures.WtWFigure(panels, figures.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(svg, "<svg"), strings.Count(svg, `class="ts-wtw"`), "heatmaps")
	fmt.Println(strings.Contains(svg, "1−S = 0.1"), len(svg) < 20_000)
	// Output:
	// true 2 heatmaps
	// true true
}

func ExampleNormBarsFigure() {
	res := paperLike()
	panels := figures.MustPanelsOf(res, res.MustAnalyze(1000, 1))
	svg := figures.MustNormBarsFigure(panels, figures.Options{})
	fmt.Println(strings.Count(svg, `class="ts-bar"`), "bars;", strings.Count(svg, "m = 5 dimensions"), "hidden-size labels")
	// Output: 40 bars; 2 hidden-size labels
}

func ExampleGeometry2DFigure() {
	// The paper's introduction model at 1−S = 0.1: five features in a pentagon.
	res := &toysup.Result{Config: toysup.Config{Model: toysup.ModelReLUOutput, Features: 5, Hidden: 2, Instances: 1}}
	in := toysup.Instance{FeatureProbability: []float64{0.1, 0.1, 0.1, 0.1, 0.1}, B: make([]float64, 5)}
	for i := range 5 {
		a := 2 * math.Pi * float64(i) / 5
		in.W = append(in.W, []float64{math.Cos(a), math.Sin(a)})
		in.Importance = append(in.Importance, math.Pow(0.9, float64(i)))
	}
	res.Instances = []toysup.Instance{in}
	svg, err := figures.Geometry2DFigure(figures.MustPanelsOf(res, nil), figures.Options{Width: 400})
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.Count(svg, `class="ts-arrow"`), "arrows")
	_, err = figures.Geometry2DFigure(figures.MustPanelsOf(paperLike(), nil), figures.Options{})
	fmt.Println(err)
	_, err = figures.Geometry2DFigure(figures.MustPanelsOf(res, nil), figures.Options{Width: 100})
	fmt.Println(err)
	// Output:
	// 5 arrows
	// figures: Geometry2DFigure needs hidden = 2, panels[0] has hidden = 5
	// figures: Geometry2DFigure: Options.Width = 100, allowed 200…4000 (0: default)
}

func ExampleLossCurvesFigure() {
	svg, err := figures.LossCurvesFigure(paperLike(), figures.Options{SigmaSteps: 50, StepScale: figures.ScaleLog})
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.Count(svg, `class="ts-curve"`), "curves,", strings.Count(svg, "σ = 50 steps"), "title")
	// Output: 2 curves, 1 title
}

func ExampleDStarFigure() {
	res := paperLike()
	svg := figures.MustDStarFigure(res, res.MustAnalyze(1000, 1), figures.Options{Title: "D* of the dense case"})
	fmt.Println(strings.Count(svg, `class="ts-point"`), "points;", strings.Contains(svg, "D* of the dense case"))
	// Output: 2 points; true
}

func ExampleFeatureDimensionalityFigure() {
	res := paperLike()
	svg := figures.MustFeatureDimensionalityFigure(res, res.MustAnalyze(1000, 1), figures.Options{})
	fmt.Println(strings.Count(svg, `r="2.3"`), "features;", strings.Contains(svg, "3/4  tetrahedron"))
	// Output: 40 features; true
}

func ExampleDynamicsFigure() {
	res := paperLike()
	d := &toysup.Dynamics{Result: res, Steps: []int{0, 500, 990}, D: make([][][]float64, 2)}
	for k := range d.D {
		for range d.Steps {
			d.D[k] = append(d.D[k], toysup.AnalyzeWeights(res.Instances[k].W).FeatureDimensionality)
		}
	}
	svg := figures.MustDynamicsFigure(d, figures.Options{Instance: 1})
	fmt.Println(strings.Count(svg, `class="ts-curve"`), "feature curves,", strings.Count(svg, `class="ts-loss"`), "loss curve")
	// Output: 20 feature curves, 1 loss curve
}

func ExampleVulnerabilityFigure() {
	res := paperLike()
	reports := []theory.AttackReport{{Vulnerability: 1, Fraction: 0.1}, {Vulnerability: 1.5, Fraction: 0.1}}
	svg := figures.MustVulnerabilityFigure(res, res.MustAnalyze(1000, 1), reports, nil, figures.Options{})
	fmt.Println(strings.Count(svg, `class="ts-vuln"`), "vulnerability curve,", strings.Count(svg, `class="ts-invd"`), "1/D* curve")
	// Output: 1 vulnerability curve, 1 1/D* curve
}

func ExampleNeuronWeightsFigure() {
	res := paperLike() // as an abs model: its 5 neurons are ReLU(|x_i|) of the 5 most important features
	res.Config.Model = toysup.ModelAbs
	for k := range res.Instances {
		res.Instances[k].WOut = res.Instances[k].W
	}
	nas, err := theory.AnalyzeNeurons(res)
	if err != nil {
		panic(err)
	}
	svg := figures.MustNeuronWeightsFigure(res, nas, figures.Options{Scaled: true})
	fmt.Println(strings.Count(svg, `class="ts-neuron"`), "neuron bars,", strings.Count(svg, `class="ts-mono"`), "monosemantic")
	svg = figures.MustNeuronCountsFigure(res, nas, figures.Options{})
	fmt.Println(strings.Count(svg, `class="ts-dedicated"`), "dedicated features")
	// Output:
	// 10 neuron bars, 10 monosemantic
	// 10 dedicated features
}

func ExamplePhaseComparisonFigure() {
	trained := theory.PhaseDiagram{Densities: []float64{1, 0.1, 0.01}, Importances: []float64{0.1, 1, 10},
		Classes: theory.Phase2Classes, Class: [][]int{{0, 0, 0}, {1, 2, 2}, {1, 1, 1}}}
	c, err := theory.ComparePhases(2, trained, 16)
	if err != nil {
		panic(err)
	}
	svg := figures.MustPhaseComparisonFigure(c, "trained", figures.Options{})
	fmt.Println(strings.Count(svg, `class="ts-phase"`), "diagrams;", strings.Contains(svg, "triple point"))
	// Output: 2 diagrams; true
}

func ExampleFeatureSetGeometryFigure() {
	res := &toysup.Result{Config: toysup.Config{Model: toysup.ModelReLUOutput, Features: 4, Hidden: 2, Instances: 1,
		Correlated: [][]int{{0, 1}}}}
	in := toysup.Instance{FeatureProbability: []float64{0.1, 0.1, 0.1, 0.1}}
	for i := range 4 {
		a := math.Pi / 2 * float64(i)
		in.W = append(in.W, []float64{math.Cos(a), math.Sin(a)})
	}
	res.Instances = []toysup.Instance{in}
	svg := figures.MustFeatureSetGeometryFigure(res, figures.Options{})
	fmt.Println(strings.Count(svg, `class="ts-arrow"`), "arrows;", strings.Contains(svg, "correlated set 0: features 0, 1"))
	svg = figures.MustNonUniformGeometryFigure(res, figures.Options{})
	fmt.Println(strings.Contains(svg, "p₀/p = 1"))
	// Output:
	// 4 arrows; true
	// true
}

func ExampleGaussianFilter1D() {
	// σ = 1 sample: a constant stays constant, a spike spreads into the normalised kernel.
	flat, _ := figures.GaussianFilter1D([]float64{2, 2, 2, 2, 2}, 1)
	spike, _ := figures.GaussianFilter1D([]float64{0, 0, 0, 0, 1, 0, 0, 0, 0}, 1)
	fmt.Printf("%.3f\n%.3f\n", flat, spike)
	// Output:
	// [2.000 2.000 2.000 2.000 2.000]
	// [0.000 0.004 0.054 0.242 0.399 0.242 0.054 0.004 0.000]
}

func ExampleDiverging() {
	fmt.Println(figures.Diverging(-1).Hex(), figures.Diverging(0).Hex(), figures.Diverging(1).Hex())
	// Output: #053061 #ffffff #67001f
}
