package gonbext

import (
	"context"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/reproduce"
)

// notebook09Cells is the Go of notebooks/09_memorization_and_double_descent.ipynb, cell for cell, so that the
// notebook's code compiles with the library (it is not run here: reproduce's tests run the sections).
func notebook09Cells() {
	paperRun := Paper()
	doubleDescent := func() *paper.DoubleDescentRun { return must.M1(paperRun.DoubleDescent(context.Background())) }
	l1 := func() []paper.L1Point { return must.M1(paperRun.L1(context.Background())) }

	MustDisplayTable(reproduce.DoubleDescentTable(doubleDescent()))

	for _, f := range must.M1(reproduce.DoubleDescentFigures(doubleDescent())) {
		Display(f.SVG)
	}

	pts := l1()
	MustDisplayTable(reproduce.L1Table(pts))
	Display(must.M1(reproduce.L1Figure(pts)).SVG)
}

var _ = notebook09Cells
