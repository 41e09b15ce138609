package report

import (
	"fmt"

	"github.com/toymodels/superposition/toysup/paper"
)

// Claims is the scorecard of the paper's claims: one row per claim with its mark (✓ pass, ✗ fail, – not
// evaluated), the paper's statement and value, what was measured and, for a ✗ or –, what failed or why it was not
// evaluated.
func Claims(claims []paper.Claim) Table {
	t := Table{Title: "Scorecard: the paper's claims", Header: []string{"", "#", "§", "claim", "paper", "measured", "detail"}}
	pass, evaluated := 0, 0
	for _, c := range claims {
		if c.Evaluated {
			evaluated++
		}
		if c.Pass {
			pass++
		}
		t.Rows = append(t.Rows, []string{c.Mark(), itoa(c.ID), c.Section, c.Statement, c.Paper, c.Measured, c.Detail})
	}
	t.Note = fmt.Sprintf("%d of %d claims pass (%d evaluated). Thresholds: see toysup/paper/claims*.go.", pass, len(claims), evaluated)
	return t
}
