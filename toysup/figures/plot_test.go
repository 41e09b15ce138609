package figures

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestGridLayout(t *testing.T) {
	// 700 px for panels of at least 150 px: 4 per row, spread evenly.
	for _, c := range []struct{ k, cols, wantCols, wantRows int }{
		{1, 0, 1, 1}, {4, 0, 4, 1}, {5, 0, 3, 2}, {8, 0, 4, 2}, {9, 0, 3, 3}, {20, 0, 4, 5}, {7, 3, 3, 3}, {2, 5, 2, 1},
	} {
		g := newGrid(c.k, c.cols, 800, 100, 150)
		if g.cols != c.wantCols || g.rows != c.wantRows {
			t.Errorf("%d panels, Columns %d: %d×%d, want %d×%d", c.k, c.cols, g.cols, g.rows, c.wantCols, c.wantRows)
		}
	}
	// Wrapped panels: 9 instances in 3 rows of WᵀW heatmaps, each heatmap inside the figure.
	res := randomResult(12, 3, 9)
	doc, err := WtWFigure(MustPanelsOf(res, weightAnalyses(res)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	root := parseSVG(t, doc)
	w, _ := strconv.ParseFloat(root.attr["width"], 64)
	h, _ := strconv.ParseFloat(root.attr["height"], 64)
	ys := map[string]bool{}
	for _, g := range root.find("g", "ts-wtw") {
		var x, y, s float64
		fmt.Sscanf(g.attr["transform"], "translate(%g %g) scale(%g", &x, &y, &s)
		ys[fmt.Sprint(y)] = true
		if x < 0 || y < 0 || x+12*s > w || y+12*s > h {
			t.Errorf("heatmap at (%v, %v) size %v outside %v×%v", x, y, 12*s, w, h)
		}
	}
	if len(ys) != 3 {
		t.Errorf("heatmaps on %d rows, want 3", len(ys))
	}
}

func TestNumberFormatting(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{0, "0"}, {-0.001, "0"}, {1.005, "1"}, {12.3456, "12.35"}, {-3.1, "-3.1"}, {100, "100"}} {
		if got := num(c.v); got != c.want {
			t.Errorf("num(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	if got := esc(`a<b & "c">`); got != "a&lt;b &amp; &quot;c&quot;&gt;" {
		t.Errorf("esc = %q", got)
	}
	for _, c := range []struct {
		lo, hi float64
		want   []string
	}{{0.004, 0.25, []string{"0.005", "0.01", "0.02", "0.05", "0.1", "0.2"}}, {1e-6, 10, []string{"10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"}}, {0.5, 900, []string{"1", "10", "100"}}} {
		var got []string
		for _, tk := range logTicks(c.lo, c.hi) {
			got = append(got, tk.label)
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("logTicks(%v, %v) = %v, want %v", c.lo, c.hi, got, c.want)
		}
	}
	var got []string
	for _, tk := range linearTicks(0, 9999, 5) {
		got = append(got, tk.label)
	}
	if strings.Join(got, " ") != "0 2000 4000 6000 8000" {
		t.Errorf("linearTicks(0, 9999) = %v", got)
	}
}
