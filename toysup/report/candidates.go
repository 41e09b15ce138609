package report

import (
	"fmt"

	"github.com/toymodels/superposition/toysup/theory"
)

// Phase2Candidates is the exact loss of the three n=2, m=1 candidates (not learned, dedicated dimension, antipodal
// superposition; [theory.Phase2Optimum]) at each (density 1−S, relative importance r) of points, with the paper's
// biases, the antipodal pair's loss with optimal biases, and the winner ("all three tie" at the triple point).
func Phase2Candidates(points [][2]float64) (Table, error) {
	t := Table{Header: []string{"1−S", "r", "not learned", "dedicated", "superposition", "superposition, optimal biases", "winner"}}
	for _, pr := range points {
		p, r := pr[0], pr[1]
		cls, l, err := theory.Phase2Optimum(p, r, theory.BiasPaper)
		if err != nil {
			return Table{}, err
		}
		_, opt, err := theory.Phase2Optimum(p, r, theory.BiasOptimal)
		if err != nil {
			return Table{}, err
		}
		winner := theory.Phase2Classes[cls]
		if p == theory.TriplePointDensity && r == theory.TriplePointImportance {
			winner = "all three tie: the triple point"
		}
		t.Rows = append(t.Rows, []string{fmt.Sprintf("%.3g", p), fmt.Sprintf("%.3g", r), fixed(l[0], 5), fixed(l[1], 5),
			fixed(l[2], 5), fixed(opt[2], 5), winner})
	}
	return t, nil
}
