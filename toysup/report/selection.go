package report

import (
	"fmt"
	"strconv"
)

// SelectionRow summarises how the best seeds of one best-of-K experiment were chosen.
type SelectionRow struct {
	Experiment string
	// Settings and the seeds of each; Resolved counts the settings whose best beat the runner-up by the margin.
	Settings, Seeds, Resolved int
	Exact                     bool
	// MaxSamples is the most samples a setting took; TieGap and TieSE are, over the settings left unresolved
	// (ties), the largest runner-up gap and standard error relative to the best's loss.
	MaxSamples    int
	TieGap, TieSE float64
}

// Selections tabulates the seed selection of the best-of-K experiments of a run.
func Selections(title string, margin float64, maxSamples int, rows []SelectionRow) Table {
	t := Table{Title: title, Header: []string{"experiment", "settings × seeds", "ranked by", "separated (gap ≥ 3 SE)", "ties: largest gap, SE (of the loss)", "most samples"}}
	for _, r := range rows {
		by, tie, n := "fresh samples, common to the seeds", "—", strconv.Itoa(r.MaxSamples)
		if r.Exact {
			by, n = "exact loss", "—"
		}
		if r.Resolved < r.Settings && !r.Exact {
			tie = fmt.Sprintf("%d: %s, %s", r.Settings-r.Resolved, pct(r.TieGap), pct(r.TieSE))
		}
		t.Rows = append(t.Rows, []string{r.Experiment, fmt.Sprintf("%d × %d", r.Settings, r.Seeds), by, fmt.Sprintf("%d / %d", r.Resolved, r.Settings), tie, n})
	}
	t.Note = fmt.Sprintf("Per setting the lowest-loss seed is kept. Sampled losses are compared on the same fresh samples for every seed; while the runner-up is within %g standard errors of the best, the candidates are evaluated again on ten times the samples, up to %d. A setting still within the margin there is a tie: its best seeds reach the same loss to within the gap and error shown (relative to the loss) — usually the same solution found by several seeds — and either would do.", margin, maxSamples)
	return t
}

// pct writes a fraction as a percentage with two significant digits.
func pct(v float64) string { return strconv.FormatFloat(100*v, 'g', 2, 64) + " %" }
