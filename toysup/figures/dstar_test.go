package figures

import (
	"math"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// uniformResult is n = 4 features in m = 2 dimensions at 1−S = 1, 0.1, 0.01: two orthogonal features (D* = 1),
// two antipodal pairs (D* = 1/2) and a square (D* = 1/2 with D_i = 1/2 too).
func uniformResult() (*toysup.Result, []toysup.Analysis) {
	res := handResult(toysup.ModelReLUOutput, 4, 2, []float64{1, 0.1, 0.01}, 1, func(k, i int) []float64 {
		switch {
		case k == 0 && i < 2:
			return []float64{float64(1 - i), float64(i)}
		case k == 0:
			return []float64{0, 0}
		case k == 1:
			s := 1 - 2*float64(i%2)
			return []float64{s * float64(1-i/2), s * float64(i/2)}
		}
		a := math.Pi / 2 * float64(i)
		return []float64{math.Cos(a), math.Sin(a)}
	}, func(k, i int) float64 { return 0 })
	an := make([]toysup.Analysis, len(res.Instances))
	for k, in := range res.Instances {
		an[k] = toysup.AnalyzeWeights(in.W)
	}
	return res, an
}

// D* is drawn at its value for each instance, against 1/(1−S) increasing to the right.
func TestDStarFigure(t *testing.T) {
	res, an := uniformResult()
	doc, err := DStarFigure(res, an, Options{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "dstar.svg", doc)
	root := parseSVG(t, doc)
	pts := root.find("circle", "ts-point")
	if len(pts) != 3 {
		t.Fatalf("%d points, want 3", len(pts))
	}
	x := func(i int) float64 { return atof(pts[i].attr["cx"]) }
	y := func(i int) float64 { return atof(pts[i].attr["cy"]) }
	if !(x(0) < x(1) && x(1) < x(2)) {
		t.Errorf("x positions %v, %v, %v should increase with 1/(1−S)", x(0), x(1), x(2))
	}
	if !(y(0) < y(1)) || math.Abs(y(1)-y(2)) > 0.01 {
		t.Errorf("y positions %v, %v, %v: D* = 1, 1/2, 1/2 should put the first highest and the others level", y(0), y(1), y(2))
	}
	containsAll(t, root.texts(), "1/2", "m/n", "1/(1−S)", "dimensions per feature D*")
	if _, err := DStarFigure(res, an[:2], Options{}); err == nil {
		t.Error("mismatched analyses accepted")
	}
}

// Every feature of every instance is a dot; the polytope fractions are labelled.
func TestFeatureDimensionalityFigure(t *testing.T) {
	res, an := uniformResult()
	doc, err := FeatureDimensionalityFigure(res, an, Options{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "feature_dimensionality.svg", doc)
	root := parseSVG(t, doc)
	groups := root.find("g", "ts-point")
	if len(groups) != 1 || len(groups[0].find("circle", "")) != 12 {
		t.Fatalf("want one group of 3 × 4 dots")
	}
	// The dense instance's dropped features sit at D_i = 0, below the others.
	var ys []float64
	for _, c := range groups[0].find("circle", "") {
		ys = append(ys, atof(c.attr["cy"]))
	}
	if !(ys[2] > ys[0]+50 && math.Abs(ys[2]-ys[3]) < 0.01) {
		t.Errorf("dense instance's dots at y %v: the two dropped features should sit level, far below the kept ones", ys[:4])
	}
	containsAll(t, root.texts(), "3/4  tetrahedron", "2/5  pentagon", "3/8  square antiprism", "D* of the model")
	bad := append([]toysup.Analysis(nil), an...)
	bad[1].FeatureDimensionality = []float64{math.NaN(), 0, 0, 0}
	if _, err := FeatureDimensionalityFigure(res, bad, Options{}); err == nil {
		t.Error("NaN dimensionality accepted")
	}
}

// Arrows are coloured by feature set (one colour per set), and the legend names the sets.
func TestFeatureSetGeometryFigure(t *testing.T) {
	res, _ := uniformResult()
	res.Config.Correlated = [][]int{{0, 2}}
	res.Config.Anticorrelated = [][]int{{1, 3}}
	doc, err := FeatureSetGeometryFigure(res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "feature_sets.svg", doc)
	root := parseSVG(t, doc)
	var colours []string
	for _, g := range root.find("g", "ts-arrow") {
		colours = append(colours, g.attr["stroke"])
	}
	// Instance 0 draws two arrows (the dropped features are dots); instances 1 and 2 four each.
	if len(colours) != 10 {
		t.Fatalf("%d arrows, want 10", len(colours))
	}
	last := colours[6:]
	if last[0] != last[2] || last[1] != last[3] || last[0] == last[1] {
		t.Errorf("arrow colours %v: features 0, 2 should share one colour and 1, 3 another", last)
	}
	containsAll(t, root.texts(), "correlated set 0: features 0, 2", "anticorrelated set 0: features 1, 3")

	doc, err = NonUniformGeometryFigure(res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	containsAll(t, parseSVG(t, doc).texts(), "p₀/p = 1", "feature 0 (density p₀)", "features 1…3")

	if _, err := GroupGeometryFigure([]Panel{{Hidden: 3, Instance: res.Instances[0]}}, []int{0, 0, 0, 0}, []string{"a"}, Options{}); err == nil {
		t.Error("hidden = 3 accepted")
	}
	if _, err := GroupGeometryFigure([]Panel{{Hidden: 2, Instance: res.Instances[0]}}, []int{0, 1, 0, 0}, []string{"a"}, Options{}); err == nil {
		t.Error("group index beyond the labels accepted")
	}
	if !strings.Contains(joinInts([]int{3, 4}), "3, 4") {
		t.Error("joinInts")
	}
}
