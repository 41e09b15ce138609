package reproduce

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/paper"
)

// Quick runs of Sections 3 and 5 write their result files (with the phase diagrams and the dynamics), well-formed
// figures shown in index.html, and summaries; the diagrams and dynamics files load back.
func TestRunSections3And5Quick(t *testing.T) {
	dir := t.TempDir()
	rep, err := Run(context.Background(), Options{Dir: dir, Quick: true, Sections: []string{"3", "5"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"s3_phase_2_1.json", "s3_phase_3_2.json", "s3_phase_2_1_diagram.json", "s3_phase_3_2_diagram.json",
		"s5_octahedron.json", "s5_octahedron_dynamics.json", "s5_antiprism.json", "s5_antiprism_dynamics.json",
		"s5_uniform_large.json", "s5_uniform_large_dynamics.json", "claims.json"}
	if strings.Join(rep.Results, " ") != strings.Join(want, " ") {
		t.Errorf("results %v, want %v", rep.Results, want)
	}
	figs := map[string]bool{}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Figures {
		figs[f.File] = true
		wellFormed(t, filepath.Join(dir, f.File))
		if !strings.Contains(string(index), `src="`+f.File+`"`) || f.Caption == "" {
			t.Errorf("index.html does not show %s with a caption", f.File)
		}
	}
	checkScorecard(t, dir, rep, string(index), 3) // claims 7, 16 and 20.
	for _, f := range []string{"s3_phase_2_1.svg", "s3_phase_3_2.svg", "s5_octahedron.svg", "s5_antiprism.svg", "s5_uniform_large.svg"} {
		if !figs[f] {
			t.Errorf("no figure %s", f)
		}
	}
	d, err := toysup.LoadDynamics(filepath.Join(dir, "s5_octahedron_dynamics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Steps[len(d.Steps)-1] != paper.QuickSteps || len(d.D[0][0]) != 6 {
		t.Errorf("dynamics: last snapshot at %d, %d features", d.Steps[len(d.Steps)-1], len(d.D[0][0]))
	}
	for _, s := range []string{"s3_phase_2_1", "Agreement of the trained and analytic", "s5_antiprism"} {
		if !strings.Contains(rep.Summary, s) {
			t.Errorf("summary lacks %q", s)
		}
	}
}
