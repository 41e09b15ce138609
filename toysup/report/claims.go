package report

import (
	"fmt"
)

// ClaimRow is one claim of a scorecard as [Claims] writes it (paper.Claim implements it; report does not import
// paper, whose tests use report).
type ClaimRow interface {
	// Row is the claim's cells: mark (✓, ✗ or – for not evaluated), number, section, statement, the paper's value,
	// the measured value and the detail (what failed, or why it was not evaluated).
	Row() []string
	// Outcome says whether the claim was evaluated and whether it passed.
	Outcome() (evaluated, pass bool)
}

// Claims is the scorecard of the paper's claims: one row per claim with its mark (✓ pass, ✗ fail, – not
// evaluated), the paper's statement and value, what was measured and, for a ✗ or –, what failed or why it was not
// evaluated.
func Claims[C ClaimRow](claims []C) Table {
	t := Table{Title: "Scorecard: the paper's claims", Header: []string{"", "#", "§", "claim", "paper", "measured", "detail"}}
	pass, evaluated := 0, 0
	for _, c := range claims {
		e, p := c.Outcome()
		if e {
			evaluated++
		}
		if p {
			pass++
		}
		t.Rows = append(t.Rows, c.Row())
	}
	t.Note = fmt.Sprintf("%d of %d claims pass (%d evaluated). Thresholds: see toysup/paper/claims*.go.", pass, len(claims), evaluated)
	return t
}
