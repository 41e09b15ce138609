package reproduce

import (
	"context"
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
)

func init() { register(4, "The geometry of superposition", runSection4) }

// s4Captions describe the Section 4 figures, by experiment name.
// s4Captions say how to read the feature-set figures and what the paper reports, by experiment name; what the run
// shows is added from its weights (featureSetCaption).
var s4Captions = map[string]string{
	"s4_correlated": "Two pairs of correlated features (n=4, m=2; each pair is zero or non-zero together; best seed per density). " +
		"The paper: the members of a pair are orthogonal (they co-occur, so interference would cost), each antipodal to a member of the other pair.",
	"s4_anticorrelated": "Two pairs of anticorrelated features (n=4, m=2; the paper's definition: at most one member of a pair is non-zero; best seed per density). " +
		"The paper: each pair is antipodal (its members never co-occur, so the ReLU filters all interference), the two pairs orthogonal.",
	"s4_correlated_triple": "Three pairs of correlated features in 2 dimensions (n=6, m=2; best seed per density), from dense to sparse. " +
		"The paper: sparse, the members of each pair sit side by side; as density rises they collapse onto one direction.",
}

// runSection4 trains the Section 4 presets and draws uniform superposition (D* and D_i against sparsity), the
// non-uniform series, the correlated and anticorrelated pairs and the local orthogonal bases.
func runSection4(ctx context.Context, r *runner) error {
	run, err := r.paper.Section4(ctx)
	if err != nil {
		return err
	}
	r.runs.S4 = run
	u := run.Uniform
	n, m := u.Result.Config.Features, u.Result.Config.Hidden
	if err := r.figure("s4_dstar.svg",
		seen(fmt.Sprintf("Uniform superposition (n=%d, m=%d, I=1): dimensions per feature D* = m/‖W‖²_F against 1/(1−S), log scale. The paper: dense, the model keeps m features (D* = 1); sparser, D* sticks at 1/2 (antipodal pairs) over a wide range, then falls towards m/n.", n, m),
			[]string{paper.Claim8(u).Measured}, paper.Claim8(u)),
		func() (string, error) { return figures.DStarFigure(u.Result, u.Analyses, figures.Options{}) }); err != nil {
		return err
	}
	if err := r.figure("s4_feature_dimensionality.svg",
		seen("Feature dimensionality D_i = ‖W_i‖²/Σ_j(Ŵ_i·W_j)² of every feature (dots, jittered sideways) against 1/(1−S), with D* in black; lines at the fractions of uniform polytopes — 1, 3/4 (tetrahedron), 2/3 (triangle), 1/2 (digon), 2/5 (pentagon), 3/8 (square antiprism). The paper: D_i clusters on them and at 0 for features not learned.",
			[]string{paper.Claim9(u).Measured}, paper.Claim9(u)),
		func() (string, error) {
			return figures.FeatureDimensionalityFigure(u.Result, u.Analyses, figures.Options{})
		}); err != nil {
		return err
	}
	if err := r.figure("s4_geometry_graphs.svg",
		seen(fmt.Sprintf("Feature geometry graphs of the uniform models (n=%d, m=%d) from dense to sparse: each glyph is one connected component of the graph whose nodes are the learned features (‖W_i‖ > 0.5, coloured by D_i) and whose edges join features with |cos θ| > 0.1 — a tegum factor, living in a subspace orthogonal to the others. The paper: uniform superposition is a tegum product of small polytopes (digons, triangles, tetrahedra, pentagons, square antiprisms).", n, m),
			[]string{paper.Claim18(run).Measured}, paper.Claim18(run)),
		func() (string, error) {
			panels, err := figures.TegumPanelsOf(run.Uniform.Result, run.Uniform.Analyses, run.Tegum, run.TegumShown())
			if err != nil {
				return "", err
			}
			return figures.TegumFigure(panels, figures.Options{})
		}); err != nil {
		return err
	}
	if err := r.figure("s4_nonuniform.svg", nonUniformCaption(run.NonUniform, run.Crossover),
		func() (string, error) {
			return figures.NonUniformGeometryFigure(paper.Canonical2D(run.NonUniform.Result), figures.Options{})
		}); err != nil {
		return err
	}
	if err := s4Crossover(r, run); err != nil {
		return err
	}
	for _, t := range run.FeatureSets {
		if err := r.figure(t.Experiment.Name+".svg", featureSetCaption(s4Captions[t.Experiment.Name], t),
			func() (string, error) { return figures.FeatureSetGeometryFigure(t.Result, figures.Options{}) }); err != nil {
			return err
		}
	}
	return r.figure("s4_local_bases.svg",
		seen("Two sets of 10 correlated features in 10 dimensions (n=20, m=10; best seed per density): WᵀW and bias; the diagonal blocks are the overlaps within a set, the off-diagonal blocks those across sets. The paper: each set is nearly orthogonal within itself (a local orthogonal basis), the sets overlapping in superposition.",
			[]string{paper.Claim12(run.LocalBases).Measured}, paper.Claim12(run.LocalBases)),
		func() (string, error) { return panelFigure(figures.WtWFigure, run.LocalBases) })
}

// s4Crossover draws the non-uniform series' loss crossover: the best two-digon solution's loss relative to the
// best pentagon's, per relative density.
func s4Crossover(r *runner, run *paper.Section4Run) error {
	if err := r.saveJSON("s4_crossover.json", crossoverJSON(run.Crossover)); err != nil {
		return err
	}
	var what []string
	for _, pt := range run.Crossover {
		what = append(what, fmt.Sprintf("p₀/p=%.3g: %s", pt.Ratio, crossoverText(pt)))
	}
	ratio, diff := paper.CrossoverCurve(run.Crossover)
	c10 := paper.Claim10(run.NonUniform, run.Crossover)
	return r.figure("s4_pentagon_crossover.svg",
		seen("The non-uniform series' first-order phase change: at each relative density p₀/p of feature 0, the lowest loss among the seeds that found two digons (feature 0 dropped) relative to the lowest among those that found five features (the pentagon), on common fresh samples. Above 0 the pentagon wins, below the digons; the curve crosses 0 where the optimum jumps. The paper: the losses of the two geometries cross, so the change is first order, at roughly 2.5× lower density.",
			what, c10),
		func() (string, error) {
			return figures.CrossoverFigure(ratio, diff, paper.CrossoverRatio(run.Crossover),
				figures.Options{Title: "Pentagon vs two digons: the loss crossover (n=5, m=2, base 1−S=0.05)"})
		})
}

// crossoverText describes one crossover point.
func crossoverText(pt paper.CrossoverPoint) string {
	switch {
	case math.IsNaN(pt.Pentagon) && math.IsNaN(pt.Digons):
		return "neither geometry found"
	case math.IsNaN(pt.Digons):
		return fmt.Sprintf("only pentagons (%d seeds)", pt.PentagonSeeds)
	case math.IsNaN(pt.Pentagon):
		return fmt.Sprintf("only digons (%d seeds)", pt.DigonsSeeds)
	}
	return fmt.Sprintf("digons %+.2f %% ± %.2f %% (%d/%d seeds)", 100*pt.Difference(), 100*pt.SE/pt.Pentagon, pt.DigonsSeeds, pt.PentagonSeeds)
}

// crossoverJSON is the crossover with null for the geometries not found.
func crossoverJSON(pts []paper.CrossoverPoint) []map[string]any {
	var out []map[string]any
	for _, pt := range pts {
		m := map[string]any{"ratio": pt.Ratio, "pentagon_seeds": pt.PentagonSeeds, "digons_seeds": pt.DigonsSeeds, "se": pt.SE, "samples": pt.Samples, "pentagon_loss": nil, "digons_loss": nil}
		if !math.IsNaN(pt.Pentagon) {
			m["pentagon_loss"] = pt.Pentagon
		}
		if !math.IsNaN(pt.Digons) {
			m["digons_loss"] = pt.Digons
		}
		out = append(out, m)
	}
	return out
}
