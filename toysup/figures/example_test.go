package figures_test

import (
	"fmt"
	"math"
	"strings"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
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
	svg, err := figures.WtWFigure(res, analyses, figures.GridOptions{})
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
	svg := figures.MustNormBarsFigure(paperLike(), nil, figures.GridOptions{})
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
	svg, err := figures.Geometry2DFigure(res, figures.GridOptions{Width: 400})
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.Count(svg, `class="ts-arrow"`), "arrows")
	_, err = figures.Geometry2DFigure(paperLike(), figures.GridOptions{})
	fmt.Println(err)
	// Output:
	// 5 arrows
	// figures: Geometry2D needs hidden = 2, the result has hidden = 5
}

func ExampleLossCurves() {
	svg, err := figures.LossCurves(paperLike(), figures.LossOptions{SigmaSteps: 50, LogX: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.Count(svg, `class="ts-curve"`), "curves,", strings.Count(svg, "σ = 50 steps"), "title")
	// Output: 2 curves, 1 title
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
