package theory

import (
	"math"

	"github.com/toymodels/superposition/toysup"
)

// PhaseComparison is a trained phase diagram of n = 2 or 3 features next to the analytic one over the same
// ranges, with the closed-form boundaries: what figures.PhaseComparisonFigure draws.
type PhaseComparison struct {
	// Features is n: 2 (m = 1) or 3 (m = 2).
	Features int
	// Trained is the classified trained grid ([ClassifyPhaseResult]).
	Trained PhaseDiagram
	// Analytic is the lowest exact loss among the paper's candidates ([AnalyticPhaseDiagram], paper biases) on a
	// resolution × resolution log grid over the trained ranges (0.01…1 × 0.1…10 when they are degenerate).
	Analytic PhaseDiagram
	// Solid are the closed-form boundaries with the paper's biases; Dashed (n = 2 only) those with optimal biases.
	Solid, Dashed []PhaseBoundary
}

// ComparePhases computes the analytic diagram and boundaries to compare with a trained diagram of n features,
// on a resolution × resolution grid (0: 64).
func ComparePhases(n int, trained PhaseDiagram, resolution int) (PhaseComparison, error) {
	if err := argInt("n", n, 2, 3); err != nil {
		return PhaseComparison{}, err
	}
	if len(trained.Densities) == 0 || len(trained.Importances) == 0 {
		return PhaseComparison{}, toysup.ArgErrorf("trained", "the diagram has an empty grid")
	}
	if resolution == 0 {
		resolution = 64
	}
	if err := argInt("resolution", resolution, 2, 4096); err != nil {
		return PhaseComparison{}, err
	}
	pLo, pHi := minMax(trained.Densities)
	rLo, rHi := minMax(trained.Importances)
	if pHi == pLo || rHi == rLo {
		pLo, pHi, rLo, rHi = 0.01, 1, 0.1, 10
	}
	c := PhaseComparison{Features: n, Trained: trained}
	var err error
	if c.Analytic, err = AnalyticPhaseDiagram(n, LogGrid(pHi, pLo, resolution), LogGrid(rLo, rHi, resolution), BiasPaper); err != nil {
		return PhaseComparison{}, err
	}
	pMin := pLo / 2
	if n == 3 {
		c.Solid, err = Phase3BoundaryCurves(math.Min(pMin, 0.5), math.Max(2*rHi, 2), 200)
		return c, err
	}
	if c.Solid, err = Phase2BoundaryCurves(BiasPaper, pMin, 200); err != nil {
		return PhaseComparison{}, err
	}
	c.Dashed, err = Phase2BoundaryCurves(BiasOptimal, pMin, 60)
	return c, err
}

func minMax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}
