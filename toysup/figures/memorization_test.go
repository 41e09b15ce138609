package figures

import (
	"math"
	"testing"
)

// SweepFigure draws one curve per series and reference, marks the peak, and refuses bad input.
func TestSweepFigure(t *testing.T) {
	x := []float64{3, 30, 300, 3000}
	test := [][]float64{{1.07, 1.05}, {1.0, 1.01}, {1.43, 1.42}, {0.99, math.NaN()}}
	train := [][]float64{{0, 0}, {0.7, 0.7}, {0.94, 0.93}, {0.97, 0.98}}
	ref := [][]float64{{0.6}, {0.06}, {0.006}, {0.0006}}
	svg, err := SweepFigure("T", "loss", x, []Series{{Label: "test loss", Colour: "#d62728", Values: test}, {Label: "train loss", Colour: "#1f77b4", Values: train}},
		[]Series{{Label: "m/T", Colour: "#777", Values: ref}}, 2, "peak T=300", false, Options{})
	if err != nil {
		t.Fatal(err)
	}
	containsAll(t, parseSVG(t, svg).texts(), "test loss", "train loss", "m/T", "peak T=300")
	for _, bad := range []func() error{
		func() error { _, err := SweepFigure("T", "y", nil, nil, nil, -1, "", false, Options{}); return err },
		func() error {
			_, err := SweepFigure("T", "y", []float64{0, 1}, []Series{{Values: [][]float64{{1}, {2}}}}, nil, -1, "", false, Options{})
			return err
		},
		func() error {
			_, err := SweepFigure("T", "y", x, []Series{{Label: "short", Values: test[:2]}}, nil, -1, "", false, Options{})
			return err
		},
		func() error {
			_, err := SweepFigure("T", "y", x, []Series{{Values: test}}, nil, -1, "", false, Options{Columns: 2})
			return err
		},
	} {
		if bad() == nil {
			t.Error("bad input accepted")
		}
	}
}
