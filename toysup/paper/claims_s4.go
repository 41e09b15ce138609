package paper

import (
	"fmt"
	"math"
	"sort"
)

// Section4Claims are claims 8–12 and 18 on the Section 4 run.
func Section4Claims(run *Section4Run) []Claim {
	out := []Claim{Claim8(run.Uniform), Claim9(run.Uniform), Claim18(run), Claim10(run.NonUniform, run.Crossover)}
	if len(run.FeatureSets) == 3 {
		out = append(out, Claim11(run.FeatureSets[0], run.FeatureSets[1], run.FeatureSets[2]))
	}
	return append(out, Claim12(run.LocalBases))
}

// Claim8: uniform superposition: D* within 0.1 of 1 at the densest point; D* within 0.05 of 1/2 over a range of
// 1/(1−S) spanning at least a factor 2 (the paper's "wide range"); and D* below 0.45 at the sparsest point.
func Claim8(u *Trained) Claim {
	c := Claim{ID: 8, Section: "4", Statement: "uniform superposition: D* ≈ 1 dense, sticks at 1/2 over a wide range of 1/(1−S), then falls",
		Paper: "D* = 1 dense; plateau at 1/2; falls towards m/n"}
	idx := byDensity(u, false)
	ds := make([]float64, len(idx))
	lo, hi := math.Inf(1), 0.0
	for x, k := range idx {
		ds[x] = u.Analyses[k].DimensionsPerFeature
		if math.Abs(ds[x]-0.5) <= 0.05 {
			inv := 1 / density(u.Result.Instances[k])
			lo, hi = math.Min(lo, inv), math.Max(hi, inv)
		}
	}
	span := hi / lo
	if hi == 0 {
		span = 0
	}
	c.Measured = fmt.Sprintf("D* dense %.3f, sparsest %.3f; D* ∈ ½±0.05 over 1/(1−S) spanning ×%.2f", ds[0], ds[len(ds)-1], span)
	var failed []string
	if !(math.Abs(ds[0]-1) <= 0.1) {
		failed = append(failed, fmt.Sprintf("dense D* %.3f not 1±0.1", ds[0]))
	}
	if span < 2 {
		failed = append(failed, fmt.Sprintf("½ plateau spans ×%.2f < ×2", span))
	}
	if !(ds[len(ds)-1] < 0.45) {
		failed = append(failed, "D* does not fall below 0.45")
	}
	return verdict(c, failed)
}

// Fractions are the D_i values of uniform polytopes the paper names (claim 9), with 0 for features not learned.
var Fractions = []float64{1, 3.0 / 4, 2.0 / 3, 1.0 / 2, 2.0 / 5, 3.0 / 8, 0}

// Claim9: D_i clusters at the fractions: at least 70 % of all D_i (every feature of every density) lie within 0.02
// of one of [Fractions]; and Σ_i D_i is within 10 % of m in at least half of the models.
func Claim9(u *Trained) Claim {
	c := Claim{ID: 9, Section: "4", Statement: "D_i clusters at 1, 3/4, 2/3, 1/2, 2/5, 3/8 and 0; Σ_i D_i ≈ m",
		Paper: "D_i on the fractions; Σ D_i ≈ m when packed efficiently"}
	near, total, packed := 0, 0, 0
	m := float64(u.Result.Config.Hidden)
	for _, a := range u.Analyses {
		sum := 0.0
		for _, d := range a.FeatureDimensionality {
			sum += d
			total++
			for _, f := range Fractions {
				if math.Abs(d-f) <= 0.02 {
					near++
					break
				}
			}
		}
		if math.Abs(sum/m-1) <= 0.1 {
			packed++
		}
	}
	share := float64(near) / float64(total)
	c.Measured = fmt.Sprintf("%.0f %% of D_i within 0.02 of a fraction; Σ D_i within 10 %% of m in %d/%d models", 100*share, packed, len(u.Analyses))
	var failed []string
	if share < 0.7 {
		failed = append(failed, fmt.Sprintf("only %.0f %% on the fractions (threshold 70 %%)", 100*share))
	}
	if 2*packed < len(u.Analyses) {
		failed = append(failed, "Σ D_i ≈ m in fewer than half the models")
	}
	return verdict(c, failed)
}

// NonUniformPoint is the non-uniform pentagon series at one relative density p₀/p of feature 0.
type NonUniformPoint struct {
	Ratio       float64
	Geometry    IntroGeometry
	Digons      bool    // feature 0 dropped, the other four in two antipodal pairs.
	Feature0Gap float64 // the smallest angle (degrees) between feature 0 and another represented feature.
}

// NonUniformSeries describes every setting of the non-uniform run, by increasing relative density.
func NonUniformSeries(t *Trained) []NonUniformPoint {
	var out []NonUniformPoint
	for k, in := range t.Result.Instances {
		g := Geometry(t, k)
		pt := NonUniformPoint{Ratio: in.FeatureProbability[0] / in.FeatureProbability[1], Geometry: g, Feature0Gap: 360}
		pt.Digons = g.Antipodal && ints(g.Represented) == "1 2 3 4"
		W := in.W
		for _, j := range g.Represented {
			if j != 0 && t.Analyses[k].Norms[0] > RepresentedNorm {
				pt.Feature0Gap = math.Min(pt.Feature0Gap, math.Acos(math.Max(-1, math.Min(1, cosine(W, 0, j))))*180/math.Pi)
			}
		}
		out = append(out, pt)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ratio < out[j].Ratio })
	return out
}

// DigonThreshold is the geometric mean of the largest relative density with two digons and the next (pentagon)
// setting above it: where the jump happens (0 where none is seen).
func DigonThreshold(series []NonUniformPoint) float64 {
	for i := len(series) - 2; i >= 0; i-- {
		if series[i].Digons && series[i+1].Geometry.Pentagon {
			return math.Sqrt(series[i].Ratio * series[i+1].Ratio)
		}
	}
	return 0
}
