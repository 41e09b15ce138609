package report

import (
	"encoding/xml"
	"math"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// handResult is an n = 20, m = 5 result made by hand: rows 0…4 of W the basis vectors, the rest zero, at
// 1−S = 1 and 0.1.
func handResult(t *testing.T) *toysup.Result {
	decay := 0.7
	cfg, err := toysup.Config{Features: 20, Hidden: 5, Instances: 2, Steps: 1000,
		FeatureProbability: toysup.Vector([]float64{1, 0.1}), ImportanceDecay: &decay}.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	res := &toysup.Result{Config: cfg}
	for k := range 2 {
		in := toysup.Instance{FeatureProbability: cfg.FeatureProbabilities()[k], Importance: cfg.Importances()[k],
			W: make([][]float64, 20), B: make([]float64, 20), FinalLoss: 0.05 * float64(k+1)}
		for i := range in.W {
			in.W[i] = make([]float64, 5)
			if i < 5 {
				in.W[i][i] = 1
			}
		}
		res.Instances = append(res.Instances, in)
	}
	return res
}

// The summary of five orthonormal features: 5 of 20 represented, ‖W‖_F² = 5 so D* = m/5 = 1; the dense instance's
// loss on fresh samples is E[x²] of the dropped features, Σ_{i≥5} 0.7^i/3 (within 3 %); without analyses the
// evaluation loss is "–".
func TestSummary(t *testing.T) {
	res := handResult(t)
	an, err := res.Analyze(20_000, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := 0.0
	for i := 5; i < 20; i++ {
		want += math.Pow(0.7, float64(i)) / 3
	}
	if math.Abs(an[0].EvalLoss-want) > 0.03*want {
		t.Errorf("dense eval loss %v, want ≈ %v (E[x²] of the dropped features)", an[0].EvalLoss, want)
	}
	tbl, err := Summary("hand", res, an)
	if err != nil {
		t.Fatal(err)
	}
	for k, row := range tbl.Rows {
		if row[4] != "5/20" || row[5] != "1.000" || row[2] != num(res.Instances[k].FinalLoss) || row[3] != num(an[k].EvalLoss) {
			t.Errorf("row %d = %q, want 5/20 represented, D* = 1.000 and the instance's losses", k, row)
		}
	}
	bare, err := Summary("", res, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(bare.Rows[1], "|"); got != "1|0.1|0.1|–|5/20|1.000" {
		t.Errorf("row 1 without analyses = %q", got)
	}
	if _, err := Summary("", res, an[:1]); err == nil {
		t.Error("mismatched analyses: no error")
	}
	if _, err := Summary("", nil, nil); err == nil {
		t.Error("nil result: no error")
	}
}

// Markdown is a pipe table with a separator row; HTML is well-formed with the title as caption; cells are
// escaped in both.
func TestTableFormats(t *testing.T) {
	tbl := Table{Title: "T <1>", Header: []string{"a", "b|c"}, Rows: [][]string{{"1", "x<y"}, {"2", "3"}}, Note: "note"}
	md := tbl.Markdown()
	lines := strings.Split(strings.TrimSpace(md), "\n")
	if lines[0] != "### T <1>" || lines[2] != `| a | b\|c |` || lines[3] != "|---|---|" || lines[4] != "| 1 | x<y |" || lines[7] != "note" {
		t.Errorf("markdown:\n%s", md)
	}
	var doc struct {
		Caption string `xml:"caption"`
		Rows    []struct {
			Head  []string `xml:"th"`
			Cells []string `xml:"td"`
		} `xml:"tr"`
	}
	h := tbl.HTML()
	if err := xml.Unmarshal([]byte(h[:strings.Index(h, "<p>")]), &doc); err != nil {
		t.Fatalf("HTML not well-formed: %v\n%s", err, h)
	}
	if doc.Caption != "T <1>" || len(doc.Rows) != 3 || strings.Join(doc.Rows[0].Head, ",") != "a,b|c" || doc.Rows[1].Cells[1] != "x<y" {
		t.Errorf("HTML parsed as %+v", doc)
	}
}

// The candidate table: at the triple point all three losses tie (to 1e-12) and the winner says so; dense and
// unimportant, the extra feature is not learned; at 1−S = 0.1 and r = 30, above the upper boundary 2/p − 2.5 = 17.5,
// it gets the dimension.
func TestPhase2Candidates(t *testing.T) {
	tbl, err := Phase2Candidates([][2]float64{{1, 0.5}, {4.0 / 7, 1}, {0.1, 30}})
	if err != nil {
		t.Fatal(err)
	}
	if tbl.Rows[0][6] != "not learned" || tbl.Rows[1][6] != "all three tie: the triple point" || tbl.Rows[2][6] != "dedicated dimension" {
		t.Errorf("winners %q, %q, %q", tbl.Rows[0][6], tbl.Rows[1][6], tbl.Rows[2][6])
	}
	if r := tbl.Rows[1]; r[2] != r[3] || r[3] != r[4] {
		t.Errorf("triple point losses %s, %s, %s: want equal", r[2], r[3], r[4])
	}
	if _, err := Phase2Candidates([][2]float64{{0, 1}}); err == nil {
		t.Error("1−S = 0: no error")
	}
}

// Text right-aligns every column to its widest cell (counted in runes).
func TestTableText(t *testing.T) {
	got := Table{Header: []string{"1−S", "loss"}, Rows: [][]string{{"0.01", "1"}, {"1", "0.25"}}}.Text()
	want := " 1−S  loss\n0.01     1\n   1  0.25\n"
	if got != want {
		t.Errorf("text:\n%q\nwant\n%q", got, want)
	}
}

// fakeClaim is a ClaimRow for the scorecard test.
type fakeClaim struct{ evaluated, pass bool }

func (c fakeClaim) Row() []string {
	mark := map[[2]bool]string{{true, true}: "✓", {true, false}: "✗", {false, false}: "–"}[[2]bool{c.evaluated, c.pass}]
	return []string{mark, "1", "2", "claim", "paper", "measured", ""}
}
func (c fakeClaim) Outcome() (bool, bool) { return c.evaluated, c.pass }

// The scorecard has one row per claim with its mark and counts the passes in its note.
func TestClaims(t *testing.T) {
	tbl := Claims([]fakeClaim{{true, true}, {true, false}, {false, false}})
	if len(tbl.Rows) != 3 || len(tbl.Header) != 7 || tbl.Rows[1][0] != "✗" || tbl.Rows[2][0] != "–" {
		t.Fatalf("rows %v", tbl.Rows)
	}
	if !strings.Contains(tbl.Note, "1 of 3 claims pass (2 evaluated)") || !strings.Contains(tbl.HTML(), "<td>✓</td>") {
		t.Errorf("note %q", tbl.Note)
	}
}

// The selection table shows separated settings, and for ties the largest gap and error relative to the loss.
func TestSelections(t *testing.T) {
	tb := Selections("Seed selection", 3, 1_000_000, []SelectionRow{
		{Experiment: "a", Settings: 4, Seeds: 8, Resolved: 3, MaxSamples: 1_000_000, TieGap: 0.0002, TieSE: 0.0003},
		{Experiment: "b", Settings: 2, Seeds: 10, Resolved: 2, Exact: true},
	})
	md := tb.Markdown()
	for _, want := range []string{"| a | 4 × 8 | fresh samples, common to the seeds | 3 / 4 | 1: 0.02 %, 0.03 % | 1000000 |", "| b | 2 × 10 | exact loss | 2 / 2 | — | — |"} {
		if !strings.Contains(md, want) {
			t.Errorf("table lacks %q:\n%s", want, md)
		}
	}
}
