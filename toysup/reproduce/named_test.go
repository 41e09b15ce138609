package reproduce

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Named sections run beside the numbered ones: a quick l1 run writes its results, table and figure; unknown
// names are refused before anything trains.
func TestNamedSectionL1Quick(t *testing.T) {
	dir := t.TempDir()
	rep, err := Run(context.Background(), Options{Dir: dir, Quick: true, Sections: []string{"l1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Figures) != 1 || rep.Figures[0].File != "l1.svg" || !strings.Contains(rep.Summary, "L1 penalty") {
		t.Fatalf("figures %v, summary %q", rep.Figures, rep.Summary[:min(200, len(rep.Summary))])
	}
	for _, f := range []string{"l1.svg", "l1_summary.json", "l1_0.json", "index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if _, err := Run(context.Background(), Options{Dir: dir, Sections: []string{"nope"}}); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("unknown named section: %v", err)
	}
}
