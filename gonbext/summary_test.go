package gonbext

import (
	"encoding/xml"
	"math"
	"strings"
	"testing"
)

func TestSummaryRows(t *testing.T) {
	res := handResult()
	an, err := res.Analyze(20_000, 3)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := SummaryRows(res, an)
	if err != nil {
		t.Fatal(err)
	}
	for k, r := range rows {
		// Five orthonormal rows: 5 features represented, ‖W‖_F² = 5, so D* = m/5 = 1.
		if r.Represented != 5 || r.Features != 20 || math.Abs(r.DimensionsPerFeature-1) > 1e-12 {
			t.Errorf("row %d: %+v, want 5 of 20 represented and D* = 1", k, r)
		}
		if r.FinalLoss != res.Instances[k].FinalLoss || r.EvalLoss != an[k].EvalLoss {
			t.Errorf("row %d: losses %v / %v, want %v / %v", k, r.FinalLoss, r.EvalLoss, res.Instances[k].FinalLoss, an[k].EvalLoss)
		}
	}
	if rows[0].Density != "1−S = 1" || rows[1].Density != "1−S = 0.1" {
		t.Errorf("densities %q, %q", rows[0].Density, rows[1].Density)
	}
	// Dense instance: kept features are reproduced exactly, dropped ones (b = 0) output 0, so the loss is
	// Σ_{i≥5} I_i·E[x_i²] = Σ_{i≥5} 0.7^i/3 for x ~ Uniform[0, 1].
	want := 0.0
	for i := 5; i < 20; i++ {
		want += math.Pow(0.7, float64(i)) * (1.0 / 3)
	}
	if math.Abs(an[0].EvalLoss-want) > 0.03*want {
		t.Errorf("dense eval loss %v, want ≈ %v (E[x²] of the dropped features)", an[0].EvalLoss, want)
	}
	if _, err := SummaryRows(res, an[:1]); err == nil {
		t.Error("mismatched analyses: no error")
	}
	if _, err := SummaryRows(nil, nil); err == nil {
		t.Error("nil result: no error")
	}
}

func TestSummaryTableAndMarkdown(t *testing.T) {
	res := handResult()
	table, err := SummaryTable(res, nil)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Caption string `xml:"caption"`
		Head    []struct {
			Cells []string `xml:"th"`
		} `xml:"thead>tr"`
		Rows []struct {
			Cells []string `xml:"td"`
		} `xml:"tbody>tr"`
	}
	if err := xml.Unmarshal([]byte(table), &doc); err != nil {
		t.Fatalf("table is not well-formed: %v\n%s", err, table)
	}
	if len(doc.Head) != 1 || len(doc.Head[0].Cells) != 6 || len(doc.Rows) != 2 {
		t.Fatalf("table has %d header rows, %d body rows", len(doc.Head), len(doc.Rows))
	}
	if doc.Caption != "ReLU output, n = 20, m = 5, 1000 steps" {
		t.Errorf("caption %q", doc.Caption)
	}
	if got := strings.Join(doc.Rows[1].Cells, "|"); got != "1|0.1|0.1|—|5 / 20|1" {
		t.Errorf("row 1 = %q (no analyses: eval loss —)", got)
	}
	md, err := SummaryMarkdown(res, nil)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(md), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "*ReLU output") || lines[3] != "|---:|---:|---:|---:|---:|---:|" {
		t.Errorf("markdown:\n%s", md)
	}
	if lines[5] != "| 1 | 0.1 | 0.1 | — | 5 / 20 | 1 |" {
		t.Errorf("markdown row %q", lines[5])
	}
	outsideNotebook(t)
	out := captureText(t)
	if err := DisplaySummary(res, nil); err != nil {
		t.Fatal(err)
	}
	if out.String() != md+"\n" {
		t.Errorf("outside a notebook DisplaySummary printed %q, want the Markdown", out.String())
	}
}
