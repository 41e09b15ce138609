package train

import (
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// Training with correlated sets runs on the gomlx engine: correlated pairs come out orthogonal
// (Section 4: n=4, m=2, two correlated pairs).
func TestCorrelatedPairsTrainOrthogonal(t *testing.T) {
	cfg := toysup.Config{Features: 4, Hidden: 2, Instances: 3, FeatureProbability: toysup.Scalar(0.05), Correlated: [][]int{{0, 1}, {2, 3}},
		Steps: 3000, LearningRate: 0.01, Seed: 4, Engine: "gomlx"}
	res, err := Train(t.Context(), cfg, WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	an := res.MustAnalyze(50_000, 1)
	best := theory.BestOfK(res, []float64{an[0].EvalLoss, an[1].EvalLoss, an[2].EvalLoss})[0]
	a := an[best]
	for _, pair := range [][2]int{{0, 1}, {2, 3}} {
		i, j := pair[0], pair[1]
		cos := a.WtW[i][j] / (a.Norms[i] * a.Norms[j])
		if a.Norms[i] < 0.5 || a.Norms[j] < 0.5 || math.Abs(cos) > 0.2 {
			t.Errorf("correlated pair %v: norms %.2f, %.2f, cos %.2f; want both represented and orthogonal (|cos| < 0.2)", pair, a.Norms[i], a.Norms[j], cos)
		}
	}
}
