package reproduce

import (
	"context"
	"fmt"

	"github.com/toymodels/superposition/toysup/figures"
)

func init() { register(4, "The geometry of superposition", runSection4) }

// s4Captions describe the Section 4 figures, by experiment name.
var s4Captions = map[string]string{
	"s4_nonuniform": "Non-uniform superposition (n=5, m=2, 1−S=0.05; best of 4 seeds per setting): feature 0 (blue) made sparser or denser than the others. " +
		"At equal density the five features form a regular pentagon; a denser feature 0 pushes its neighbours away, a sparser one lets them close in; " +
		"at about 3× lower density the pentagon jumps to two digons (antipodal pairs) with feature 0 dropped (the paper reports roughly 2.5×).",
	"s4_correlated": "Two pairs of correlated features (n=4, m=2; each pair is zero or non-zero together; best of 4 seeds): " +
		"the members of a pair are orthogonal — they co-occur, so interference would cost — and each is antipodal to a member of the other pair, which it rarely meets.",
	"s4_anticorrelated": "Two pairs of anticorrelated features (n=4, m=2; the paper's definition: at most one member of a pair is non-zero; best of 4 seeds): " +
		"each pair is antipodal — its members never co-occur, so the ReLU filters all interference — and the two pairs are orthogonal.",
	"s4_correlated_triple": "Three pairs of correlated features in 2 dimensions (n=6, m=2; best of 4 seeds), from dense to sparse: " +
		"when sparse, the members of each pair sit side by side and the pairs spread around the circle; as density rises, the members of a pair collapse onto one direction, until the densest model holds three collapsed pairs about 120° apart.",
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
		fmt.Sprintf("Uniform superposition (n=%d, m=%d, I=1): dimensions per feature D* = m/‖W‖²_F against 1/(1−S), log scale. Dense, the model keeps m features (D* = 1); as features get sparser D* falls, lingers near 1/2 (antipodal pairs), and approaches m/n as every feature is packed in.", n, m),
		func() (string, error) { return figures.DStarFigure(u.Result, u.Analyses, figures.Options{}) }); err != nil {
		return err
	}
	if err := r.figure("s4_feature_dimensionality.svg",
		"Feature dimensionality D_i = ‖W_i‖²/Σ_j(Ŵ_i·W_j)² of every feature (dots, jittered sideways) against 1/(1−S), with D* in black. D_i clusters at the fractions of uniform polytopes — 1, 3/4 (tetrahedron), 2/3 (triangle), 1/2 (digon), 2/5 (pentagon), 3/8 (square antiprism) — and at 0 for features not learned.",
		func() (string, error) {
			return figures.FeatureDimensionalityFigure(u.Result, u.Analyses, figures.Options{})
		}); err != nil {
		return err
	}
	if err := r.figure("s4_nonuniform.svg", s4Captions["s4_nonuniform"],
		func() (string, error) {
			return figures.NonUniformGeometryFigure(run.NonUniform.Result, figures.Options{})
		}); err != nil {
		return err
	}
	for _, t := range run.FeatureSets {
		if err := r.figure(t.Experiment.Name+".svg", s4Captions[t.Experiment.Name],
			func() (string, error) { return figures.FeatureSetGeometryFigure(t.Result, figures.Options{}) }); err != nil {
			return err
		}
	}
	return r.figure("s4_local_bases.svg",
		"Two sets of 10 correlated features in 10 dimensions (n=20, m=10; best of 2 seeds per density): WᵀW and bias. Within each set (the diagonal blocks) the features are nearly orthogonal — a local orthogonal basis — while features of different sets, which rarely co-occur, overlap in superposition (the off-diagonal blocks).",
		func() (string, error) { return panelFigure(figures.WtWFigure, run.LocalBases) })
}
