package figures

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestGeometry2DArrows(t *testing.T) {
	res := introResult()
	doc, err := Geometry2DFigure(MustPanelsOf(res, nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "geometry.svg", doc)
	root := parseSVG(t, doc)
	arrows, circles, origins := root.find("g", "ts-arrow"), root.find("circle", "ts-unit"), root.find("circle", "ts-origin")
	dots := root.find("circle", "ts-arrow")
	if len(arrows)+len(dots) != 3*5 || len(circles) != 3 || len(origins) != 3 {
		t.Fatalf("%d arrows + %d dots, %d unit circles, %d origins; want 15 features, 3, 3", len(arrows), len(dots), len(circles), len(origins))
	}
	// Zero vectors (dropped features) are dots: 3 in the dense panel, 1 at 1−S = 0.2.
	if len(dots) != 4 {
		t.Errorf("%d dots, want 4 dropped features", len(dots))
	}
	// Each arrow's tip, relative to its panel's origin and in units of the unit circle, is W_i.
	f := func(n *node, a string) float64 { v, _ := strconv.ParseFloat(n.attr[a], 64); return v }
	matched := 0
	for k := range 3 {
		cx, cy, r := f(circles[k], "cx"), f(circles[k], "cy"), f(circles[k], "r")
		for _, a := range arrows {
			line := a.find("line", "")[0]
			if math.Abs(f(line, "x1")-cx) > 0.01 || math.Abs(f(line, "y1")-cy) > 0.01 {
				continue
			}
			pts := strings.Fields(a.find("polygon", "")[0].attr["points"])
			xy := strings.Split(pts[0], ",")
			tx, _ := strconv.ParseFloat(xy[0], 64)
			ty, _ := strconv.ParseFloat(xy[1], 64)
			u, v := (tx-cx)/r, (cy-ty)/r
			found := false
			for _, w := range res.Instances[k].W {
				found = found || math.Hypot(w[0]-u, w[1]-v) < 0.01
			}
			if !found {
				t.Errorf("panel %d: arrow tip (%.3f, %.3f) matches no W_i", k, u, v)
			}
			matched++
		}
	}
	if matched != len(arrows) {
		t.Errorf("%d of %d arrows start at a panel origin", matched, len(arrows))
	}
	// Importance colours: feature 0 (I = 1) darkest, feature 4 (I = 0.9⁴) lightest.
	if got := ImportanceColour(1).Hex(); !strings.Contains(doc, `stroke="`+got+`"`) {
		t.Errorf("no arrow in the most-important colour %s", got)
	}
	if got := ImportanceColour(0).Hex(); !strings.Contains(doc, `stroke="`+got+`"`) {
		t.Errorf("no arrow in the least-important colour %s", got)
	}
	containsAll(t, root.texts(), "1−S = 1", "1−S = 0.2", "1−S = 0.1", "n = 5, m = 2", "importance")

	if _, err := Geometry2DFigure(MustPanelsOf(section2Result(), nil), Options{}); err == nil || !strings.Contains(err.Error(), "hidden = 5") {
		t.Errorf("m = 5: error %v, want one naming hidden = 5", err)
	}
}
