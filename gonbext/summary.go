package gonbext

import (
	"fmt"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/report"
)

// DisplayTable shows a table: as HTML in a notebook cell (flushed), as Markdown elsewhere.
func DisplayTable(t report.Table) {
	if isNotebook() {
		DisplayHTML(t.HTML())
		return
	}
	DisplayMarkdown(t.Markdown())
}

// MustDisplayTable shows a table built by one of [report]'s builders, panicking on its error (for notebooks):
// `gonbext.MustDisplayTable(report.Neurons(…))`.
func MustDisplayTable(t report.Table, err error) {
	must0(err)
	DisplayTable(t)
}

// DisplaySummary shows [report.Summary] of res (an: its analyses, `[instances]`, or nil), titled with the model,
// n, m and steps.
func DisplaySummary(res *toysup.Result, an []toysup.Analysis) error {
	if res == nil {
		return toysup.ArgErrorf("res", "is nil")
	}
	c := res.Config
	t, err := report.Summary(fmt.Sprintf("%s, n = %d, m = %d, %d steps", figures.ModelName(c.Model), c.Features, c.Hidden, c.Steps), res, an)
	if err != nil {
		return err
	}
	DisplayTable(t)
	return nil
}

// MustDisplaySummary is [DisplaySummary] for notebooks: it panics on error.
func MustDisplaySummary(res *toysup.Result, an []toysup.Analysis) { must0(DisplaySummary(res, an)) }
