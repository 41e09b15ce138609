package gonbext

import (
	"errors"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
)

// SummaryRow is one instance's line of the summary table.
type SummaryRow struct {
	// Density is "1−S = …" as the figures label it.
	Density string
	// FinalLoss is the last training batch's loss; EvalLoss the loss on fresh samples (NaN when not evaluated).
	FinalLoss, EvalLoss float64
	// Represented counts features with ‖W_i‖ > 0.5, of Features.
	Represented, Features int
	// DimensionsPerFeature is D* = m / ‖W‖_F².
	DimensionsPerFeature float64
}

// SummaryRows builds one row per instance of res from its analyses (from [toysup.Result.Analyze]; nil: computed
// from W, without evaluation loss).
func SummaryRows(res *toysup.Result, analyses []toysup.Analysis) ([]SummaryRow, error) {
	if res == nil {
		return nil, errors.New("gonbext: result is nil")
	}
	if analyses != nil && len(analyses) != len(res.Instances) {
		return nil, fmt.Errorf("gonbext: %d analyses for %d instances", len(analyses), len(res.Instances))
	}
	rows := make([]SummaryRow, len(res.Instances))
	for k, in := range res.Instances {
		var a toysup.Analysis
		if analyses != nil {
			a = analyses[k]
		} else {
			a = toysup.AnalyzeWeights(in.W)
		}
		rows[k] = SummaryRow{Density: figures.DensityLabel(in), FinalLoss: in.FinalLoss, EvalLoss: a.EvalLoss,
			Represented: a.Represented, Features: len(in.W), DimensionsPerFeature: a.DimensionsPerFeature}
	}
	return rows, nil
}

var summaryHeader = []string{"#", "1−S", "final batch loss", "eval loss", "features represented (‖W_i‖ > 0.5)", "D* = m / ‖W‖²_F"}

func (r SummaryRow) cells(k int) []string {
	return []string{strconv.Itoa(k), strings.TrimPrefix(r.Density, "1−S = "), fmtNum(r.FinalLoss), fmtNum(r.EvalLoss),
		fmt.Sprintf("%d / %d", r.Represented, r.Features), fmtNum(r.DimensionsPerFeature)}
}

// fmtNum prints 4 significant digits, "—" for NaN and "∞" for +Inf.
func fmtNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.IsInf(v, 1):
		return "∞"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func caption(res *toysup.Result) string {
	c := res.Config
	return fmt.Sprintf("%s, n = %d, m = %d, %d steps", figures.ModelName(c.Model), c.Features, c.Hidden, c.Steps)
}

// SummaryTable is an HTML table of per-instance summaries: 1−S, final batch loss, evaluation loss, features
// represented and D*, captioned with the model, n, m and steps.
func SummaryTable(res *toysup.Result, analyses []toysup.Analysis) (string, error) {
	rows, err := SummaryRows(res, analyses)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	sb.WriteString(`<table style="border-collapse:collapse;font-size:90%">` + "\n")
	fmt.Fprintf(&sb, "<caption>%s</caption>\n<thead><tr>", html.EscapeString(caption(res)))
	for _, h := range summaryHeader {
		fmt.Fprintf(&sb, `<th style="padding:2px 8px">%s</th>`, html.EscapeString(h))
	}
	sb.WriteString("</tr></thead>\n<tbody>\n")
	for k, r := range rows {
		sb.WriteString("<tr>")
		for _, c := range r.cells(k) {
			fmt.Fprintf(&sb, `<td style="padding:2px 8px;text-align:right">%s</td>`, html.EscapeString(c))
		}
		sb.WriteString("</tr>\n")
	}
	sb.WriteString("</tbody>\n</table>\n")
	return sb.String(), nil
}

// MustSummaryTable is [SummaryTable] for notebooks: it panics on error.
func MustSummaryTable(res *toysup.Result, analyses []toysup.Analysis) string {
	return must.M1(SummaryTable(res, analyses))
}

// SummaryMarkdown is [SummaryTable] as a Markdown (GitHub) table, preceded by the caption in italics.
func SummaryMarkdown(res *toysup.Result, analyses []toysup.Analysis) (string, error) {
	rows, err := SummaryRows(res, analyses)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "*%s*\n\n| %s |\n|", caption(res), strings.Join(summaryHeader, " | "))
	for range summaryHeader {
		sb.WriteString("---:|")
	}
	sb.WriteString("\n")
	for k, r := range rows {
		fmt.Fprintf(&sb, "| %s |\n", strings.Join(r.cells(k), " | "))
	}
	return sb.String(), nil
}

// MustSummaryMarkdown is [SummaryMarkdown] for notebooks: it panics on error.
func MustSummaryMarkdown(res *toysup.Result, analyses []toysup.Analysis) string {
	return must.M1(SummaryMarkdown(res, analyses))
}

// DisplaySummary shows [SummaryTable] in the cell and flushes; outside a notebook it prints [SummaryMarkdown].
func DisplaySummary(res *toysup.Result, analyses []toysup.Analysis) error {
	if !isNotebook() {
		md, err := SummaryMarkdown(res, analyses)
		if err != nil {
			return err
		}
		DisplayMarkdown(md)
		return nil
	}
	t, err := SummaryTable(res, analyses)
	if err != nil {
		return err
	}
	DisplayHTML(t)
	return nil
}

// MustDisplaySummary is [DisplaySummary] for notebooks: it panics on error.
func MustDisplaySummary(res *toysup.Result, analyses []toysup.Analysis) {
	must0(DisplaySummary(res, analyses))
}
