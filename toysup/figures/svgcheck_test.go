package figures

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var runRE = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-\d+z`)

// cellGrid reads back the colours of a cellPaths group as `[rows][cols]` hex strings; it fails on a cell drawn
// twice.
func cellGrid(t *testing.T, g *node, rows, cols int) [][]string {
	t.Helper()
	out := make([][]string, rows)
	for i := range out {
		out[i] = make([]string, cols)
	}
	for _, p := range g.find("path", "") {
		for _, m := range runRE.FindAllStringSubmatch(p.attr["d"], -1) {
			c, _ := strconv.Atoi(m[1])
			r, _ := strconv.Atoi(m[2])
			n, _ := strconv.Atoi(m[3])
			for j := c; j < c+n; j++ {
				if r >= rows || j >= cols {
					t.Fatalf("cell (%d, %d) outside %d×%d", r, j, rows, cols)
				}
				if out[r][j] != "" {
					t.Fatalf("cell (%d, %d) drawn twice", r, j)
				}
				out[r][j] = p.attr["fill"]
			}
		}
	}
	return out
}

func containsAll(t *testing.T, texts []string, want ...string) {
	t.Helper()
	all := strings.Join(texts, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("no text contains %q; texts:\n%s", w, all)
		}
	}
}

// Geometry and loss figures name the bad value.
// Options are checked in one place, and the error names the field and its allowed range.
