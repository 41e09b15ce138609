package reproduce

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/sae"
)

// wellFormed parses an XML/SVG document to the end.
func wellFormed(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	for {
		if _, err := dec.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", path, err)
		}
	}
}

// A quick Section 2 run writes its result files, well-formed SVG figures and an index.html that shows each.
func TestRunSection2Quick(t *testing.T) {
	dir := t.TempDir()
	rep, err := Run(context.Background(), Options{Dir: dir, Quick: true, Sections: []string{"2"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 5 || len(rep.Figures) < 6 {
		t.Fatalf("wrote %d results and %d figures, want 5 (4 and claims.json) and ≥ 6", len(rep.Results), len(rep.Figures))
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Figures {
		wellFormed(t, filepath.Join(dir, f.File))
		if !strings.Contains(string(index), `src="`+f.File+`"`) || f.Caption == "" {
			t.Errorf("index.html does not show %s with a caption", f.File)
		}
	}
	checkScorecard(t, dir, rep, string(index), 7) // claims 1–6 and 17.
	for _, r := range rep.Results {
		if r == "claims.json" {
			continue
		}
		res, err := toysup.LoadResult(filepath.Join(dir, r))
		if err != nil {
			t.Fatal(err)
		}
		if res.Config.Steps != paper.QuickSteps {
			t.Errorf("%s: %d steps, want the quick %d", r, res.Config.Steps, paper.QuickSteps)
		}
	}
	if _, err := Run(context.Background(), Options{Dir: dir, Sections: []string{"99"}}); err == nil {
		t.Error("an unknown section was accepted")
	}
}

// Section keys are paper numbers, then named sections; lists parse with spaces, and unknown keys are refused.
func TestParseSections(t *testing.T) {
	if n := len(Sections); n < 2 || Sections[0] != "2" || Sections[n-1] != "sae" {
		t.Errorf("Sections = %v, want the paper's numbers first and \"sae\" last", Sections)
	}
	got, err := ParseSections("2, 3,sae")
	if err != nil || strings.Join(got, " ") != "2 3 sae" {
		t.Errorf("ParseSections: %v, %v", got, err)
	}
	if _, err := ParseSections("2,9"); err == nil || !strings.Contains(err.Error(), "sae") {
		t.Errorf("unknown section: %v (want an error listing the available ones)", err)
	}
}

// A quick SAE section writes the bases' and every SAE's result files, claims.json (empty: no paper claim is
// checked there), its figures and its tables.
func TestRunSAEQuick(t *testing.T) {
	dir := t.TempDir()
	rep, err := Run(context.Background(), Options{Dir: dir, Quick: true, Sections: []string{"sae"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 + 4 + len(paper.SAESweepL1) + 1; len(rep.Results) != want || len(rep.Figures) != 9 {
		t.Fatalf("wrote %d results and %d figures, want %d and 9", len(rep.Results), len(rep.Figures), want)
	}
	for _, f := range rep.Figures {
		wellFormed(t, filepath.Join(dir, f.File))
	}
	if _, err := sae.LoadResult(filepath.Join(dir, "sae_arena.json")); err != nil {
		t.Error(err)
	}
	if !strings.Contains(rep.Summary, "sae_sweep") || !strings.Contains(rep.Summary, "MMCS") {
		t.Error("summary lacks the SAE tables")
	}
}

// checkScorecard checks claims.json (the report's claims, want of them, each evaluated or with a reason), the
// scorecard at the top of summary.md and the table in index.html.
func checkScorecard(t *testing.T, dir string, rep *Report, index string, want int) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "claims.json"))
	if err != nil {
		t.Fatal(err)
	}
	var claims []paper.Claim
	if err := json.Unmarshal(data, &claims); err != nil {
		t.Fatalf("claims.json: %v", err)
	}
	if len(claims) != want || len(rep.Claims) != want {
		t.Fatalf("claims.json holds %d claims, the report %d, want %d", len(claims), len(rep.Claims), want)
	}
	for _, c := range claims {
		if c.Statement == "" || c.Measured == "" || c.Paper == "" || (!c.Evaluated && c.Detail == "") || (!c.Pass && c.Detail == "") {
			t.Errorf("claim %d is incomplete: %+v", c.ID, c)
		}
	}
	if !strings.HasPrefix(rep.Summary, "### Scorecard") {
		t.Error("summary.md does not start with the scorecard")
	}
	sc, fig := strings.Index(index, "Scorecard"), strings.Index(index, "<figure")
	if sc < 0 || (fig >= 0 && sc > fig) || !strings.ContainsAny(index, "✓✗–") {
		t.Error("index.html lacks the scorecard table before the figures")
	}
}
