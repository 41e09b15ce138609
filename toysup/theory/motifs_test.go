package theory

import (
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// A neuron with +1 from feature 0 and −0.3 from feature 2 is a motif; one with equal and opposite weights, one
// with three features and one with same-sign weights are not.
func TestAsymmetricMotifs(t *testing.T) {
	// W₁ᵀ `[features][neurons]`: neuron 0 the motif, 1 symmetric, 2 three features, 3 same sign.
	W := [][]float64{
		{1, 1, 1, 1},
		{0, 0, 0.8, 0.3},
		{-0.3, -1, 0.7, 0},
	}
	WOut := [][]float64{{0.5, 1, 1, 1}, {0, 0, 1, 1}, {1.5, 1, 1, 0}}
	ms := AsymmetricMotifs(toysup.Instance{W: W, WOut: WOut}, 0.1)
	if len(ms) != 1 {
		t.Fatalf("%d motifs %+v, want 1", len(ms), ms)
	}
	m := ms[0]
	if m.Neuron != 0 || m.Strong != 0 || m.Weak != 2 || m.InputRatio != 0.3 || m.OutputRatio != 3 {
		t.Errorf("motif %+v: want neuron 0, strong 0, weak 2, input ratio 0.3, output ratio 3", m)
	}
	if got := AsymmetricMotifs(toysup.Instance{W: W}, 0.1); got != nil {
		t.Errorf("no output matrix: %+v, want none", got)
	}
}
