package figures

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup/theory"
)

// smallDiagram is a 3-density × 4-importance diagram with densities given dense → sparse (as trained results
// list them) and class (iy + ix) mod 3.
func smallDiagram() theory.PhaseDiagram {
	d := theory.PhaseDiagram{Densities: []float64{1, 0.1, 0.01}, Importances: []float64{0.1, 1, 10, 100}, Classes: theory.Phase2Classes}
	for iy := range d.Importances {
		row := make([]int, len(d.Densities))
		for ix := range row {
			row[ix] = (iy + ix) % 3
		}
		d.Class = append(d.Class, row)
	}
	return d
}

// The cells carry their class colours, laid out with the lowest density at the left and the highest importance
// at the top; boundary curves stay inside the plot; the legend names the classes and the boundaries.
func TestPhaseDiagramFigure(t *testing.T) {
	d := smallDiagram()
	solid, err := theory.Phase2BoundaryCurves(theory.BiasPaper, 0.001, 50)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := PhaseDiagramFigure([]PhasePanel{{Title: "hand-made", Diagram: d, Solid: solid, Dashed: solid[:1],
		Marks: []PhaseMark{{Density: 4.0 / 7, Importance: 1, Label: "triple point"}}}}, Options{ClassLabels: theory.Phase2ClassLabels})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "phase.svg", doc)
	root := parseSVG(t, doc)
	groups := root.find("g", "ts-phase")
	if len(groups) != 1 {
		t.Fatalf("%d cell groups, want 1", len(groups))
	}
	grid := cellGrid(t, groups[0], 4, 3)
	for row := 0; row < 4; row++ {
		for col := 0; col < 3; col++ {
			iy, ix := 3-row, 2-col // top row = importance 100; left column = density 0.01
			if want := phase2Colours[d.Class[iy][ix]]; grid[row][col] != want {
				t.Errorf("cell row %d col %d: %s, want %s (class %d)", row, col, grid[row][col], want, d.Class[iy][ix])
			}
		}
	}
	// The plot frame: the first <rect> drawn with stroke after the cells is the axes frame.
	var x0, y0, x1, y1 float64
	for _, r := range root.find("rect", "") {
		if r.attr["fill"] == "none" && r.attr["stroke"] == axisColour {
			x0, y0 = atof(r.attr["x"]), atof(r.attr["y"])
			x1, y1 = x0+atof(r.attr["width"]), y0+atof(r.attr["height"])
		}
	}
	lines := root.find("polyline", "ts-boundary")
	if len(lines) < 3 {
		t.Fatalf("%d boundary polylines, want ≥ 3", len(lines))
	}
	for _, l := range lines {
		for _, pt := range strings.Fields(l.attr["points"]) {
			xy := strings.Split(pt, ",")
			x, y := atof(xy[0]), atof(xy[1])
			if x < x0-0.01 || x > x1+0.01 || y < y0-0.01 || y > y1+0.01 {
				t.Errorf("boundary point (%v, %v) outside the plot [%v, %v]×[%v, %v]", x, y, x0, x1, y0, y1)
			}
		}
	}
	containsAll(t, root.texts(), "hand-made", "triple point", theory.Phase2ClassLabels[2], "closed-form boundaries",
		"boundaries with optimal biases", "feature density 1−S", "relative importance r", "0.01", "100")
}

func atof(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

func TestPhaseDiagramFigureErrors(t *testing.T) {
	good := smallDiagram()
	bad := func(f func(d *theory.PhaseDiagram)) theory.PhaseDiagram {
		d := smallDiagram()
		d.Class = append([][]int(nil), d.Class...)
		d.Class[0] = append([]int(nil), d.Class[0]...)
		f(&d)
		return d
	}
	for name, panels := range map[string][]PhasePanel{
		"no panels":          nil,
		"class out of range": {{Diagram: bad(func(d *theory.PhaseDiagram) { d.Class[0][1] = 3 })}},
		"ragged":             {{Diagram: bad(func(d *theory.PhaseDiagram) { d.Class[0] = d.Class[0][:2] })}},
		"zero density":       {{Diagram: bad(func(d *theory.PhaseDiagram) { d.Densities = []float64{1, 0, 0.01} })}},
		"class count":        {{Diagram: good}, {Diagram: bad(func(d *theory.PhaseDiagram) { d.Classes = theory.Phase3Classes })}},
	} {
		if _, err := PhaseDiagramFigure(panels, Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := PhaseDiagramFigure([]PhasePanel{{Diagram: good}}, Options{ClassLabels: []string{"a"}}); err == nil {
		t.Error("wrong number of class labels accepted")
	}
	if _, err := PhaseDiagramFigure([]PhasePanel{{Diagram: good}}, Options{Width: 50}); err == nil {
		t.Error("width 50 accepted")
	}
}

// logEdges puts cell edges halfway between grid values on a log axis, in the grid's order; clipPolyline cuts
// segments at the rectangle.
func TestLogEdgesAndClipping(t *testing.T) {
	e := logEdges([]float64{100, 10, 1})
	want := []float64{math.Pow(10, 2.5), math.Pow(10, 1.5), math.Pow(10, 0.5), math.Pow(10, -0.5)}
	for i := range want {
		if math.Abs(e[i]/want[i]-1) > 1e-12 {
			t.Errorf("logEdges[%d] = %v, want %v", i, e[i], want[i])
		}
	}
	if !logUniform(e) || logUniform([]float64{1, 2, 8}) {
		t.Error("logUniform misjudges the spacing")
	}
	segs := clipPolyline([]float64{-10, 5, 20}, []float64{5, 5, 5}, 0, 0, 10, 10)
	if len(segs) != 1 || segs[0][0][0] != 0 || segs[0][0][len(segs[0][0])-1] != 10 {
		t.Errorf("clipped segments %v, want one from x=0 to x=10", segs)
	}
	if segs := clipPolyline([]float64{-5, -1}, []float64{0, 3}, 0, 0, 10, 10); len(segs) != 0 {
		t.Errorf("a segment outside the box gave %v", segs)
	}
}
