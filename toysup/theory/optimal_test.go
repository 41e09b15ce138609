package theory

import (
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// The optimum keeps the m features of largest I·Var: with reversed importance it drops the first ones instead.
func TestOptimalLinearLoss(t *testing.T) {
	in := toysup.Instance{FeatureProbability: []float64{1, 1, 0.5}, Importance: []float64{1, 2, 4}}
	// I·Var: 1·1/12, 2·1/12, 4·(1/6 − 1/16) = 5/12. With m = 1 the loss is (1 + 2)/12.
	if got := OptimalLinearLoss(in, 1); math.Abs(got-0.25) > 1e-15 {
		t.Errorf("m=1: %v, want 0.25", got)
	}
	if got := OptimalLinearLoss(in, 3); got != 0 {
		t.Errorf("m=n: %v, want 0", got)
	}
}
