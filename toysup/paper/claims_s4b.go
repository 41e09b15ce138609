package paper

import (
	"fmt"
	"math"
)

// Claim10: the non-uniform pentagon: a regular pentagon at equal density; feature 0 denser (the largest ratio > 1)
// leaves > 72° to its nearest neighbour, sparser (the smallest ratio < 1 still a pentagon) < 72°; and the jump to
// two digons happens at a relative density within a factor 1.5 of the paper's 1/2.5 (in [0.267, 0.6]).
func Claim10(t *Trained, cross []CrossoverPoint) Claim {
	c := Claim{ID: 10, Section: "4", Statement: "non-uniform pentagon: a denser feature pushes the others away, a sparser pulls them in; jump to two digons at ≈ 2.5× lower density",
		Paper: "digons below p₀/p ≈ 1/2.5 = 0.4"}
	series := NonUniformSeries(t)
	var failed []string
	var denser, sparser *NonUniformPoint
	for i := range series {
		pt := &series[i]
		if math.Abs(pt.Ratio-1) < 1e-9 && !pt.Geometry.Pentagon {
			failed = append(failed, "no regular pentagon at equal density")
		}
		if pt.Ratio > 1 && pt.Geometry.Pentagon {
			denser = pt
		}
		if pt.Ratio < 1 && pt.Geometry.Pentagon && sparser == nil {
			sparser = pt
		}
	}
	if denser != nil && denser.Feature0Gap <= 72 {
		failed = append(failed, fmt.Sprintf("denser (×%.2g): gap %.0f° ≤ 72°", denser.Ratio, denser.Feature0Gap))
	}
	if sparser != nil && sparser.Feature0Gap >= 72 {
		failed = append(failed, fmt.Sprintf("sparser (×%.2g): gap %.0f° ≥ 72°", sparser.Ratio, sparser.Feature0Gap))
	}
	th, how := DigonThreshold(series), "best seeds' geometry"
	if x := CrossoverRatio(cross); x > 0 {
		th, how = x, "crossing of the two geometries' best losses"
	}
	if th == 0 {
		failed = append(failed, "no pentagon → digons jump seen")
	} else if th < 0.4/1.5 || th > 0.4*1.5 {
		failed = append(failed, fmt.Sprintf("jump at p₀/p ≈ %.3g, outside [0.267, 0.6]", th))
	}
	c.Measured = fmt.Sprintf("jump to digons at p₀/p ≈ %.3g (%.2g× lower density; %s)", th, 1/th, how)
	return verdict(c, failed)
}

// PairCos is the mean cosine within the given pairs of features of W.
func PairCos(W [][]float64, sets [][]int) float64 {
	sum := 0.0
	for _, s := range sets {
		sum += cosine(W, s[0], s[1])
	}
	return sum / float64(len(sets))
}

// Claim11: correlated pairs orthogonal (mean within-pair |cos| ≤ 0.1 at every density); anticorrelated pairs
// antipodal (mean within-pair cos ≤ −0.9); three correlated pairs side by side when sparse (0 < cos < 0.95 at the
// sparsest) and collapsed when dense (cos ≥ 0.95 at the densest).
func Claim11(corr, anti, triple *Trained) Claim {
	c := Claim{ID: 11, Section: "4", Statement: "correlated pairs orthogonal, anticorrelated antipodal; three correlated pairs side by side, collapsing as density rises",
		Paper: "cos 0 / −1; triple: small angle sparse, collapsed dense"}
	var failed, seen []string
	for _, in := range corr.Result.Instances {
		if v := PairCos(in.W, corr.Result.Config.Correlated); !(math.Abs(v) <= OrthogonalCos) {
			failed = append(failed, fmt.Sprintf("correlated 1−S=%g: cos %.2f", density(in), v))
		}
	}
	for _, in := range anti.Result.Instances {
		if v := PairCos(in.W, anti.Result.Config.Anticorrelated); !(v <= -AntipodalCos) {
			failed = append(failed, fmt.Sprintf("anticorrelated 1−S=%g: cos %.2f", density(in), v))
		}
	}
	idx := byDensity(triple, true)
	sets := triple.Result.Config.Correlated
	sparse, dense := PairCos(triple.Result.Instances[idx[0]].W, sets), PairCos(triple.Result.Instances[idx[len(idx)-1]].W, sets)
	seen = append(seen, fmt.Sprintf("correlated cos %.2f, anticorrelated %.2f, triple sparsest %.2f → densest %.2f",
		PairCos(corr.Result.Instances[0].W, corr.Result.Config.Correlated), PairCos(anti.Result.Instances[0].W, anti.Result.Config.Anticorrelated), sparse, dense))
	if !(sparse > 0 && sparse < 0.95) {
		failed = append(failed, fmt.Sprintf("triple sparsest: cos %.2f not side by side", sparse))
	}
	if !(dense >= 0.95) {
		failed = append(failed, fmt.Sprintf("triple densest: cos %.2f not collapsed", dense))
	}
	c.Measured = joinSemi(seen)
	return verdict(c, failed)
}

// Claim12: local orthogonal bases: in every model, each of the correlated sets has mean within-set |cos| ≤ 0.1
// (the shared OrthogonalCos), below the mean |cos| across sets.
func Claim12(t *Trained) Claim {
	c := Claim{ID: 12, Section: "4", Statement: "two sets of 10 correlated features: each nearly orthogonal within itself",
		Paper: "within-set |cos| ≈ 0, across sets in superposition"}
	sets := t.Result.Config.Correlated
	var failed, seen []string
	for _, in := range t.Result.Instances {
		var within, across float64
		var nw, na int
		for a, s := range sets {
			for x, i := range s {
				for _, j := range s[x+1:] {
					within, nw = within+math.Abs(cosine(in.W, i, j)), nw+1
				}
				for _, o := range sets[a+1:] {
					for _, j := range o {
						across, na = across+math.Abs(cosine(in.W, i, j)), na+1
					}
				}
			}
		}
		within, across = within/float64(nw), across/float64(na)
		seen = append(seen, fmt.Sprintf("1−S=%g: within %.3f, across %.3f", density(in), within, across))
		if within > OrthogonalCos || within >= across {
			failed = append(failed, fmt.Sprintf("1−S=%g: within-set |cos| %.3f", density(in), within))
		}
	}
	c.Measured = "mean |cos| " + joinSemi(seen)
	return verdict(c, failed)
}
