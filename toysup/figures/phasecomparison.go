package figures

import (
	"fmt"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup/theory"
)

// PhaseComparisonFigure draws a [theory.PhaseComparison] (from [theory.ComparePhases]): the analytic phase
// diagram of n = 2 or 3 features beside the trained one (titled trainedTitle), with the closed-form boundaries
// over both; for n = 2 also the boundaries with optimal biases (dashed) and the triple point. A
// [PhaseDiagramFigure] with the paper's titles and class labels; Options: Title, Width (900).
func PhaseComparisonFigure(c theory.PhaseComparison, trainedTitle string, opts Options) (string, error) {
	if _, err := opts.resolve(spec{name: "PhaseComparisonFigure", width: 900}); err != nil {
		return "", err
	}
	left := PhasePanel{Title: "analytic: the lowest-loss candidate", Diagram: c.Analytic, Solid: c.Solid, Dashed: c.Dashed}
	right := PhasePanel{Title: trainedTitle, Diagram: c.Trained, Solid: c.Solid, Dashed: c.Dashed}
	switch c.Features {
	case 2:
		left.Marks = []PhaseMark{{Density: theory.TriplePointDensity, Importance: theory.TriplePointImportance, Label: "triple point (4/7, 1)"}}
		opts.Title = opts.titleOr("2 features in 1 dimension: is the extra feature (importance r) not learned, dedicated, or in superposition?")
		opts.ClassLabels = theory.Phase2ClassLabels
		opts.SolidLabel = "closed forms: superposition iff 2p/(4−5p) < r < 2/p − 2.5"
	case 3:
		opts.Title = opts.titleOr("3 features in 2 dimensions: which candidate solution wins? (third feature of importance r)")
		opts.ClassLabels = theory.Phase3ClassLabels
		opts.SolidLabel = "closed-form boundaries of the four candidates"
	default:
		return "", fmt.Errorf("figures: PhaseComparisonFigure: Features = %d, allowed 2 or 3", c.Features)
	}
	return PhaseDiagramFigure([]PhasePanel{left, right}, opts)
}

// MustPhaseComparisonFigure is [PhaseComparisonFigure] for notebooks: it panics on error.
func MustPhaseComparisonFigure(c theory.PhaseComparison, trainedTitle string, opts Options) string {
	return must.M1(PhaseComparisonFigure(c, trainedTitle, opts))
}
