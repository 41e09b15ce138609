package figures

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// vulnResult is n = 4, m = 2 at 1−S = 1, 0.1, 0.01: two orthogonal features (1/D* = 1), then four features as two
// antipodal pairs (1/D* = 2), then four unit features spread at 45° (1/D* = 2) with hand-set vulnerabilities.
func vulnResult() (*toysup.Result, []theory.AttackReport, []theory.AttackReport) {
	res := handResult(toysup.ModelReLUOutput, 4, 2, []float64{1, 0.1, 0.01}, 1,
		func(k, i int) []float64 {
			switch {
			case k == 0 && i < 2:
				v := []float64{0, 0}
				v[i] = 1
				return v
			case k == 0:
				return []float64{0, 0}
			case k == 1:
				v := []float64{0, 0}
				v[i%2] = 1 - 2*float64(i/2)
				return v
			}
			a := math.Pi / 4 * float64(i)
			return []float64{math.Cos(a), math.Sin(a)}
		}, func(k, i int) float64 { return 0 })
	rep := []theory.AttackReport{{Vulnerability: 1, Fraction: 0.1}, {Vulnerability: 2.5, Fraction: 0.1}, {Vulnerability: 3, Fraction: 0.1}}
	fixed := []theory.AttackReport{{Vulnerability: 1}, {Vulnerability: 1.5}, {Vulnerability: 0.5}}
	return res, rep, fixed
}

// polyYs reads back the y pixel coordinates of a polyline's points.
func polyYs(t *testing.T, p *node) []float64 {
	t.Helper()
	var ys []float64
	for _, pt := range strings.Fields(p.attr["points"]) {
		xy := strings.Split(pt, ",")
		y, err := strconv.ParseFloat(xy[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		ys = append(ys, y)
	}
	return ys
}

// The curves are placed on one linear y axis: pixel heights above the axis are proportional to the values, so
// ratios of heights equal ratios of values.
func TestVulnerabilityFigureCurves(t *testing.T) {
	res, rep, fixed := vulnResult()
	doc, err := VulnerabilityFigure(res, rep, fixed, ChartOptions{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "vulnerability.svg", doc)
	root := parseSVG(t, doc)
	containsAll(t, root.texts(), "Adversarial vulnerability", "n = 4, m = 2", "1/(1−S)", "features per dimension 1/D*")
	get := func(class string) []float64 {
		ps := root.find("polyline", class)
		if len(ps) != 1 {
			t.Fatalf("%d polylines of class %s, want 1", len(ps), class)
		}
		return polyYs(t, ps[0])
	}
	invD, vuln, fx := get("ts-invd"), get("ts-vuln"), get("ts-vuln-fixed")
	// The y = 1 reference line.
	unit := root.find("line", "ts-unit")
	if len(unit) != 1 {
		t.Fatalf("%d unit lines, want 1", len(unit))
	}
	y1, _ := strconv.ParseFloat(unit[0].attr["y1"], 64)
	// Pixel of 0: y1 is value 1, invD[0] is value 1 too; use value 2 (invD[1]) to get the scale.
	if math.Abs(invD[0]-y1) > 0.01 {
		t.Errorf("1/D* of the dense model at y = %v, want the unit line's %v", invD[0], y1)
	}
	perUnit := invD[0] - invD[1] // pixels per unit value (1/D* goes 1 → 2)
	zero := y1 + perUnit
	wantVals := map[string][]float64{"vuln": {1, 2.5, 3}, "fixed": {1, 1.5, 0.5}, "invD": {1, 2, 2}}
	for name, ys := range map[string][]float64{"vuln": vuln, "fixed": fx, "invD": invD} {
		for i, y := range ys {
			if got := (zero - y) / perUnit; math.Abs(got-wantVals[name][i]) > 0.02 {
				t.Errorf("%s point %d drawn at value %.3f, want %v", name, i, got, wantVals[name][i])
			}
		}
	}
	// Without the fixed-size reports there is no dashed curve.
	doc, err = VulnerabilityFigure(res, rep, nil, ChartOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(parseSVG(t, doc).find("polyline", "ts-vuln-fixed")); n != 0 {
		t.Errorf("%d fixed-size curves without fixed reports, want 0", n)
	}
}

func TestVulnerabilityFigureErrors(t *testing.T) {
	res, rep, fixed := vulnResult()
	if _, err := VulnerabilityFigure(res, rep[:2], nil, ChartOptions{}); err == nil {
		t.Error("2 reports for 3 instances: no error")
	}
	bad := append([]theory.AttackReport(nil), rep...)
	bad[1].Vulnerability = math.NaN()
	if _, err := VulnerabilityFigure(res, bad, fixed, ChartOptions{}); err == nil || !strings.Contains(err.Error(), "instance 1") {
		t.Errorf("NaN vulnerability: error %v, want one naming instance 1", err)
	}
	res.Instances[2].FeatureProbability[3] = 0.5
	if _, err := VulnerabilityFigure(res, rep, fixed, ChartOptions{}); err == nil || !strings.Contains(err.Error(), "feature_probability[3]") {
		t.Errorf("mixed densities: error %v, want one naming feature_probability[3]", err)
	}
	res, _, _ = vulnResult()
	if _, err := VulnerabilityFigure(res, rep, fixed, ChartOptions{Width: 50}); err == nil {
		t.Error("width 50: no error")
	}
}
