package paper

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/toymodels/superposition/toysup/theory"
)

// TegumRange is the range of D* over which Claim 18 reads the uniform models' geometry: between the dense
// regime (D* ≈ 1, no superposition) and the sparse one where hundreds of features overlap in every direction.
var TegumRange = [2]float64{0.35, 0.9}

// Claim18: uniform superposition is a tegum product of small polytopes: over the models with D* in [TegumRange],
// at least 70 % of the learned features lie in connected components of the interaction graph that are one of the
// paper's polytopes ([theory.TegumFactors]), and at least three different polytopes appear.
func Claim18(run *Section4Run) Claim {
	c := Claim{ID: 18, Section: "4", Statement: "uniform superposition: features organise into tegum products of polytopes (digons, triangles, pentagons, …) in orthogonal subspaces",
		Paper: "feature geometry graphs: small polytopes in orthogonal subspaces"}
	if len(run.Tegum) == 0 {
		return notEvaluated(c, "no uniform sweep")
	}
	learned, matched, models := 0, 0, 0
	kinds := map[string]int{}
	for k, fs := range run.Tegum {
		d := run.Uniform.Analyses[k].DimensionsPerFeature
		if d < TegumRange[0] || d > TegumRange[1] {
			continue
		}
		models++
		counts, m := theory.TegumCounts(fs)
		matched += m
		for _, f := range fs {
			learned += len(f.Features)
		}
		for name, n := range counts {
			if name != "" {
				kinds[name] += n
			}
		}
	}
	if models == 0 || learned == 0 {
		return notEvaluated(c, fmt.Sprintf("no model with D* in [%.2f, %.2f]", TegumRange[0], TegumRange[1]))
	}
	var names []string
	for name, n := range kinds {
		names = append(names, fmt.Sprintf("%d %ss", n, name))
	}
	sort.Strings(names)
	share := float64(matched) / float64(learned)
	c.Measured = fmt.Sprintf("%d models with D* in [%.2f, %.2f]: %.0f %% of %d learned features in polytopes (%s)", models, TegumRange[0], TegumRange[1], 100*share, learned, strings.Join(names, ", "))
	var failed []string
	if share < 0.7 {
		failed = append(failed, fmt.Sprintf("only %.0f %% in polytopes (threshold 70 %%)", 100*share))
	}
	if len(kinds) < 3 {
		failed = append(failed, fmt.Sprintf("%d kinds of polytope (want ≥ 3)", len(kinds)))
	}
	return verdict(c, failed)
}

// TegumShown lists the uniform models a geometry-graph figure shows: those with D* in [TegumRange] and the next
// sparser one (where the factors merge), dense to sparse, at most 6; with none in the range (e.g. a quick run),
// the model closest to D* = 1/2.
func (run *Section4Run) TegumShown() []int {
	u := run.Uniform
	order := byDensity(u, false)
	var out []int
	for _, k := range order {
		d := u.Analyses[k].DimensionsPerFeature
		if d > TegumRange[1] {
			continue
		}
		out = append(out, k)
		if d < TegumRange[0] || len(out) == 6 {
			break
		}
	}
	if len(out) == 0 {
		best := 0
		for k, a := range u.Analyses {
			if math.Abs(a.DimensionsPerFeature-0.5) < math.Abs(u.Analyses[best].DimensionsPerFeature-0.5) {
				best = k
			}
		}
		out = append(out, best)
	}
	return out
}
