package figures

import (
	"math"
	"strconv"
	"testing"
)

func TestNormBarsFigure(t *testing.T) {
	res := section2Result()
	an, _ := res.Analyze(1000, 1)
	doc, err := NormBarsFigure(MustPanelsOf(res, an), Options{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "bars.svg", doc)
	root := parseSVG(t, doc)
	bars, units := root.find("rect", "ts-bar"), root.find("line", "ts-unit")
	if len(bars) != 3*20 || len(units) != 3 {
		t.Fatalf("%d bars and %d ‖W‖=1 lines, want 60 and 3", len(bars), len(units))
	}
	for k := range 3 {
		x1, _ := strconv.ParseFloat(units[k].attr["x1"], 64)
		for i := range 20 {
			b := bars[k*20+i]
			x0, _ := strconv.ParseFloat(b.attr["x"], 64)
			w, _ := strconv.ParseFloat(b.attr["width"], 64)
			// Bar length is ‖W_i‖ in units of the distance to the ‖W‖ = 1 line (coordinates carry 0.01 px).
			if want := an[k].Norms[i] * (x1 - x0); math.Abs(w-want) > 0.02 {
				t.Errorf("panel %d bar %d: width %v px, want %v (‖W_i‖ = %v)", k, i, w, want, an[k].Norms[i])
			}
			if want := Viridis(clamp01(an[k].Superposition[i])).Hex(); b.attr["fill"] != want {
				t.Errorf("panel %d bar %d: fill %s, want %s (superposition %v)", k, i, b.attr["fill"], want, an[k].Superposition[i])
			}
		}
	}
	// Dense instance: kept features orthogonal (darkest); antipodal pairs: superposition 0.9² = 0.81.
	if bars[0].attr["fill"] != Viridis(0).Hex() {
		t.Errorf("orthogonal feature has fill %s, want %s", bars[0].attr["fill"], Viridis(0).Hex())
	}
	if math.Abs(an[1].Superposition[0]-0.81) > 1e-12 {
		t.Errorf("antipodal pair superposition = %v, want 0.81", an[1].Superposition[0])
	}
	containsAll(t, root.texts(), "m = 5 dimensions", "‖W_i‖", "superposition", "1−S = 0.01")
}
