package report

import (
	"fmt"
	"math"
	"strconv"
)

// SelectionRow summarises how the best seeds of one best-of-K experiment were chosen.
type SelectionRow struct {
	Experiment string
	// Settings and the seeds of each; Resolved counts the settings whose best beat the runner-up by the margin.
	Settings, Seeds, Resolved int
	Exact                     bool
	// MinMargin is the smallest gap/SE over the sampled settings; MaxSamples the most samples a setting took.
	MinMargin  float64
	MaxSamples int
}

// Selections tabulates the seed selection of the best-of-K experiments of a run.
func Selections(title string, margin float64, maxSamples int, rows []SelectionRow) Table {
	t := Table{Title: title, Header: []string{"experiment", "settings × seeds", "ranked by", "resolved", "smallest gap / SE", "most samples"}}
	for _, r := range rows {
		by, m, n := "fresh samples, common to the seeds", fmt.Sprintf("%.1f", r.MinMargin), strconv.Itoa(r.MaxSamples)
		if r.Exact {
			by, m, n = "exact loss", "—", "—"
		} else if math.IsInf(r.MinMargin, 0) {
			m = "—"
		}
		t.Rows = append(t.Rows, []string{r.Experiment, fmt.Sprintf("%d × %d", r.Settings, r.Seeds), by, fmt.Sprintf("%d / %d", r.Resolved, r.Settings), m, n})
	}
	t.Note = fmt.Sprintf("Per setting the lowest-loss seed is kept. Sampled losses are compared on the same fresh samples for every seed; while the runner-up is within %g standard errors of the best, the candidates are evaluated again on ten times the samples, up to %d. A setting left unresolved has seeds whose losses cannot be told apart (near-equivalent solutions).", margin, maxSamples)
	return t
}
