package figures

import (
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// Each W_ij lands in its cell with the colour of W_ij / max|W|: the largest positive entry the darkest red, the
// largest negative the darkest blue, zero white.
func TestWeightsFigure(t *testing.T) {
	W := [][]float64{{2, 0}, {0, -1}, {1, 1}}
	res := &toysup.Result{Config: toysup.Config{Model: toysup.ModelReLUHidden, Features: 3, Hidden: 2, Instances: 1},
		Instances: []toysup.Instance{{FeatureProbability: []float64{0.1, 0.1, 0.1}, Importance: []float64{1, 1, 1}, W: W, B: []float64{0, 0, -2}}}}
	panels, err := PanelsOf(res, nil)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := WeightsFigure(panels, Options{})
	if err != nil {
		t.Fatal(err)
	}
	root := parseSVG(t, doc)
	g := root.find("g", "ts-weights")
	if len(g) != 1 {
		t.Fatalf("%d weight groups, want 1", len(g))
	}
	cells := cellGrid(t, g[0], 3, 2)
	for i, row := range W {
		for j, v := range row {
			if want := Diverging(quantize(v/2, heatmapLevels)).Hex(); cells[i][j] != want {
				t.Errorf("W[%d][%d] = %v: colour %s, want %s", i, j, v, cells[i][j], want)
			}
		}
	}
	if cells[0][0] != Diverging(1).Hex() || cells[0][1] != Diverging(0).Hex() {
		t.Errorf("max and zero cells %s %s", cells[0][0], cells[0][1])
	}
}
