package figures

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
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

func TestWtWFigureCells(t *testing.T) {
	res := section2Result()
	an, err := res.Analyze(2000, 1)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := WtWFigure(res, an, GridOptions{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "wtw.svg", doc)
	root := parseSVG(t, doc)
	heat, bias := root.find("g", "ts-wtw"), root.find("g", "ts-bias")
	if len(heat) != 3 || len(bias) != 3 {
		t.Fatalf("%d heatmaps and %d bias columns, want 3 each", len(heat), len(bias))
	}
	if bars := root.find("g", "ts-colourbar"); len(bars) != 1 {
		t.Errorf("%d colour bars, want 1", len(bars))
	}
	for k := range res.Instances {
		grid := cellGrid(t, heat[k], 20, 20)
		for i := range 20 {
			for j := range 20 {
				want := Diverging(quantize(an[k].WtW[i][j], heatmapLevels)).Hex()
				if grid[i][j] != want {
					t.Fatalf("panel %d cell (%d, %d) = %q, want %s (WᵀW = %v)", k, i, j, grid[i][j], want, an[k].WtW[i][j])
				}
			}
		}
		bgrid := cellGrid(t, bias[k], 20, 1)
		for i := range 20 {
			if want := Diverging(quantize(res.Instances[k].B[i], heatmapLevels)).Hex(); bgrid[i][0] != want {
				t.Errorf("panel %d bias %d = %q, want %s", k, i, bgrid[i][0], want)
			}
		}
	}
	// The dense instance: the 5 kept features are red on the diagonal, the rest white.
	g0 := cellGrid(t, heat[0], 20, 20)
	if g0[2][2] != Diverging(1).Hex() || g0[2][3] != "#ffffff" || g0[10][10] != "#ffffff" {
		t.Errorf("dense panel: diag %s, off-diagonal %s, dropped %s", g0[2][2], g0[2][3], g0[10][10])
	}
	containsAll(t, root.texts(), "1−S = 1", "1−S = 0.1", "1−S = 0.01", "ReLU output, n = 20, m = 5", "WᵀW", "b")
}

func TestWtWLargeIsRaster(t *testing.T) {
	res := randomResult(100, 10, 5) // 50 000 cells: embedded PNGs
	doc, err := WtWFigure(res, nil, GridOptions{})
	if err != nil {
		t.Fatal(err)
	}
	root := parseSVG(t, doc)
	imgs := root.find("image", "ts-wtw")
	if len(imgs) != 5 || len(root.find("g", "ts-wtw")) != 0 {
		t.Fatalf("%d heatmap images (and %d vector heatmaps), want 5 images", len(imgs), len(root.find("g", "ts-wtw")))
	}
	if len(doc) > 400_000 {
		t.Errorf("figure is %d bytes, want < 400 kB", len(doc))
	}
	for k, im := range imgs {
		data, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(im.attr["href"], "data:image/png;base64,"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		if b.Dx()%100 != 0 || b.Dy()%100 != 0 {
			t.Fatalf("image %d×%d is not a whole number of pixels per cell", b.Dx(), b.Dy())
		}
		bw, bh := b.Dx()/100, b.Dy()/100
		wtw := toysup.Gram(res.Instances[k].W)
		for i := 0; i < 100; i += 7 {
			for j := 0; j < 100; j += 3 {
				r, g, bl, _ := img.At(j*bw+bw/2, i*bh+bh/2).RGBA()
				want := Diverging(quantize(wtw[i][j], heatmapLevels))
				if got := (RGB{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8)}); got != want {
					t.Fatalf("panel %d pixel of cell (%d, %d) = %s, want %s", k, i, j, got.Hex(), want.Hex())
				}
			}
		}
	}
}

func TestNormBarsFigure(t *testing.T) {
	res := section2Result()
	an, _ := res.Analyze(1000, 1)
	doc, err := NormBarsFigure(res, an, GridOptions{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "bars.svg", doc)
	root := parseSVG(t, doc)
	bars, units := root.find("rect", "ts-bar"), root.find("line", "ts-unit")
	if len(bars) != 3*20 || len(units) != 3 {
		t.Fatalf("%d bars and %d ‖W‖=1 lines, want 60 and 3", len(bars), len(units))
	}
	for k := range 3 {
		x1, _ := strconv.ParseFloat(units[k].attr["x1"], 64)
		for i := range 20 {
			b := bars[k*20+i]
			x0, _ := strconv.ParseFloat(b.attr["x"], 64)
			w, _ := strconv.ParseFloat(b.attr["width"], 64)
			// Bar length is ‖W_i‖ in units of the distance to the ‖W‖ = 1 line (coordinates carry 0.01 px).
			if want := an[k].Norms[i] * (x1 - x0); math.Abs(w-want) > 0.02 {
				t.Errorf("panel %d bar %d: width %v px, want %v (‖W_i‖ = %v)", k, i, w, want, an[k].Norms[i])
			}
			if want := Viridis(clamp01(an[k].Superposition[i])).Hex(); b.attr["fill"] != want {
				t.Errorf("panel %d bar %d: fill %s, want %s (superposition %v)", k, i, b.attr["fill"], want, an[k].Superposition[i])
			}
		}
	}
	// Dense instance: kept features orthogonal (darkest); antipodal pairs: superposition 0.9² = 0.81.
	if bars[0].attr["fill"] != Viridis(0).Hex() {
		t.Errorf("orthogonal feature has fill %s, want %s", bars[0].attr["fill"], Viridis(0).Hex())
	}
	if math.Abs(an[1].Superposition[0]-0.81) > 1e-12 {
		t.Errorf("antipodal pair superposition = %v, want 0.81", an[1].Superposition[0])
	}
	containsAll(t, root.texts(), "m = 5 dimensions", "‖W_i‖", "superposition", "1−S = 0.01")
}

func TestGeometry2DArrows(t *testing.T) {
	res := introResult()
	doc, err := Geometry2DFigure(res, GridOptions{})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "geometry.svg", doc)
	root := parseSVG(t, doc)
	arrows, circles, origins := root.find("g", "ts-arrow"), root.find("circle", "ts-unit"), root.find("circle", "ts-origin")
	dots := root.find("circle", "ts-arrow")
	if len(arrows)+len(dots) != 3*5 || len(circles) != 3 || len(origins) != 3 {
		t.Fatalf("%d arrows + %d dots, %d unit circles, %d origins; want 15 features, 3, 3", len(arrows), len(dots), len(circles), len(origins))
	}
	// Zero vectors (dropped features) are dots: 3 in the dense panel, 1 at 1−S = 0.2.
	if len(dots) != 4 {
		t.Errorf("%d dots, want 4 dropped features", len(dots))
	}
	// Each arrow's tip, relative to its panel's origin and in units of the unit circle, is W_i.
	f := func(n *node, a string) float64 { v, _ := strconv.ParseFloat(n.attr[a], 64); return v }
	matched := 0
	for k := range 3 {
		cx, cy, r := f(circles[k], "cx"), f(circles[k], "cy"), f(circles[k], "r")
		for _, a := range arrows {
			line := a.find("line", "")[0]
			if math.Abs(f(line, "x1")-cx) > 0.01 || math.Abs(f(line, "y1")-cy) > 0.01 {
				continue
			}
			pts := strings.Fields(a.find("polygon", "")[0].attr["points"])
			xy := strings.Split(pts[0], ",")
			tx, _ := strconv.ParseFloat(xy[0], 64)
			ty, _ := strconv.ParseFloat(xy[1], 64)
			u, v := (tx-cx)/r, (cy-ty)/r
			found := false
			for _, w := range res.Instances[k].W {
				found = found || math.Hypot(w[0]-u, w[1]-v) < 0.01
			}
			if !found {
				t.Errorf("panel %d: arrow tip (%.3f, %.3f) matches no W_i", k, u, v)
			}
			matched++
		}
	}
	if matched != len(arrows) {
		t.Errorf("%d of %d arrows start at a panel origin", matched, len(arrows))
	}
	// Importance colours: feature 0 (I = 1) darkest, feature 4 (I = 0.9⁴) lightest.
	if got := ImportanceColour(1).Hex(); !strings.Contains(doc, `stroke="`+got+`"`) {
		t.Errorf("no arrow in the most-important colour %s", got)
	}
	if got := ImportanceColour(0).Hex(); !strings.Contains(doc, `stroke="`+got+`"`) {
		t.Errorf("no arrow in the least-important colour %s", got)
	}
	containsAll(t, root.texts(), "1−S = 1", "1−S = 0.2", "1−S = 0.1", "n = 5, m = 2", "importance")

	if _, err := Geometry2DFigure(section2Result(), GridOptions{}); err == nil || !strings.Contains(err.Error(), "hidden = 5") {
		t.Errorf("m = 5: error %v, want one naming hidden = 5", err)
	}
}

func TestLossCurves(t *testing.T) {
	res := section2Result()
	doc, err := LossCurves(res, LossOptions{SigmaSteps: 500})
	if err != nil {
		t.Fatal(err)
	}
	saveForViewing(t, "loss.svg", doc)
	root := parseSVG(t, doc)
	curves := root.find("polyline", "ts-curve")
	if len(curves) != 3 {
		t.Fatalf("%d smoothed curves, want 3", len(curves))
	}
	ys := make([][]float64, 3)
	for k, c := range curves {
		pts := strings.Fields(c.attr["points"])
		if len(pts) != len(res.LossHistory.Step) {
			t.Errorf("curve %d has %d points, want %d", k, len(pts), len(res.LossHistory.Step))
		}
		for _, p := range pts {
			y, _ := strconv.ParseFloat(strings.Split(p, ",")[1], 64)
			ys[k] = append(ys[k], y)
		}
	}
	// Instance 0 has the highest loss everywhere: it is drawn above (smaller y) the others.
	for t2 := range ys[0] {
		if !(ys[0][t2] < ys[1][t2] && ys[1][t2] < ys[2][t2]) {
			t.Fatalf("sample %d: curves not ordered by loss: %v %v %v", t2, ys[0][t2], ys[1][t2], ys[2][t2])
		}
	}
	// Log axis: a loss ratio maps to a fixed pixel distance, so curves 0→1 and 1→2 (ratio 0.3 each, up to the
	// ±10 % noise that smoothing mostly removes) are about equally far apart.
	d1, d2 := ys[1][50]-ys[0][50], ys[2][50]-ys[1][50]
	if math.Abs(d1-d2) > 0.15*d1 {
		t.Errorf("log-axis spacing %v vs %v px", d1, d2)
	}
	containsAll(t, root.texts(), "1−S = 1", "1−S = 0.1", "1−S = 0.01", "σ = 500 steps", "training step", "loss")

	doc, err = LossCurves(res, LossOptions{LogX: true, HideRaw: true})
	if err != nil {
		t.Fatal(err)
	}
	root = parseSVG(t, doc)
	if n := len(strings.Fields(root.find("polyline", "ts-curve")[0].attr["points"])); n != len(res.LossHistory.Step)-1 {
		t.Errorf("log x: %d points, want %d (step 0 left out)", n, len(res.LossHistory.Step)-1)
	}
	if len(root.find("polyline", "")) != 3 {
		t.Errorf("HideRaw: %d polylines, want 3", len(root.find("polyline", "")))
	}
}

func TestLossCurvesThinsLongHistories(t *testing.T) {
	res := section2Result()
	rng := rand.New(rand.NewPCG(5, 6))
	res.LossHistory = toysup.LossHistory{}
	for s := range 10_000 {
		res.LossHistory.Step = append(res.LossHistory.Step, s)
		res.LossHistory.Loss = append(res.LossHistory.Loss, []float64{0.1 + 0.05*rng.Float64(), 0.01, 0.001 * (1 + rng.Float64())})
	}
	doc, err := LossCurves(res, LossOptions{SigmaSteps: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc) > 150_000 {
		t.Errorf("10 000 steps × 3 instances: %d bytes, want < 150 kB", len(doc))
	}
	root := parseSVG(t, doc)
	// The raw curve's envelope keeps the noise extent: its lowest and highest points match the data's.
	raw := root.find("polyline", "")[0]
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range strings.Fields(raw.attr["points"]) {
		y, _ := strconv.ParseFloat(strings.Split(p, ",")[1], 64)
		lo, hi = math.Min(lo, y), math.Max(hi, y)
	}
	if hi-lo < 10 {
		t.Errorf("raw envelope spans only %v px", hi-lo)
	}
}

func TestMixedPanels(t *testing.T) {
	lin := section2Result()
	lin.Config.Model = toysup.ModelLinear
	lin.Instances = lin.Instances[:1]
	relu := section2Result()
	pl, err := PanelsOf(lin, nil)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := PanelsOf(relu, nil)
	if err != nil {
		t.Fatal(err)
	}
	panels := append(pl, pr...)
	for name, f := range map[string]func([]Panel, GridOptions) (string, error){"WtW": WtW, "NormBars": NormBars} {
		doc, err := f(panels, GridOptions{Columns: 2})
		if err != nil {
			t.Fatal(err)
		}
		root := parseSVG(t, doc)
		containsAll(t, root.texts(), "linear and ReLU output, n = 20, m = 5", "linear", "ReLU output", "1−S = 0.01")
		if got := strings.Count(strings.Join(root.texts(), "\n"), "ReLU output"); got != 4 { // 3 panels + title
			t.Errorf("%s: %d texts name the ReLU model, want 3 panel titles and the figure title", name, got)
		}
		heat, bars := len(root.find("g", "ts-wtw")), len(root.find("rect", "ts-bar"))
		if name == "WtW" && heat != 4 || name == "NormBars" && bars != 80 {
			t.Errorf("%s: %d heatmaps, %d bars; want 4 panels of 20 features", name, heat, bars)
		}
	}
}

func TestBadInputGivesErrors(t *testing.T) {
	type fig struct {
		name string
		f    func(*toysup.Result, []toysup.Analysis) (string, error)
	}
	figs := []fig{
		{"WtW", func(r *toysup.Result, a []toysup.Analysis) (string, error) { return WtWFigure(r, a, GridOptions{}) }},
		{"NormBars", func(r *toysup.Result, a []toysup.Analysis) (string, error) {
			return NormBarsFigure(r, a, GridOptions{})
		}},
	}
	fresh := func() (*toysup.Result, []toysup.Analysis) {
		r := section2Result()
		a, _ := r.Analyze(100, 1)
		return r, a
	}
	cases := []struct {
		name   string
		figs   []string
		mutate func(*toysup.Result, []toysup.Analysis) []toysup.Analysis
		want   string
	}{
		{"WtW NaN", []string{"WtW"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			a[1].WtW[3][4] = math.NaN()
			return a
		}, "panels[1].Analysis.WtW[3][4]"},
		{"bias Inf", []string{"WtW"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			r.Instances[2].B[0] = math.Inf(1)
			return a
		}, "panels[2].Instance.B[0]"},
		{"norm NaN", []string{"NormBars"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			a[0].Norms[7] = math.NaN()
			return a
		}, "Norms[7]"},
		{"superposition Inf", []string{"NormBars"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			a[0].Superposition[1] = math.Inf(-1)
			return a
		}, "Superposition[1]"},
		{"W NaN (analysed here)", []string{"WtW", "NormBars"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			r.Instances[0].W[2][1] = math.NaN()
			return nil
		}, "instances[0].W[2][1]"},
		{"short WtW", []string{"WtW"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			a[0].WtW = a[0].WtW[:5]
			return a
		}, "5 rows, want 20"},
		{"analyses count", []string{"WtW", "NormBars"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			return a[:2]
		}, "2 analyses for 3 instances"},
		{"no instances", []string{"WtW", "NormBars"}, func(r *toysup.Result, a []toysup.Analysis) []toysup.Analysis {
			r.Instances = nil
			return nil
		}, "no instances"},
	}
	for _, c := range cases {
		for _, fg := range figs {
			if !strings.Contains(strings.Join(c.figs, ","), fg.name) {
				continue
			}
			r, a := fresh()
			a = c.mutate(r, a)
			doc, err := fg.f(r, a)
			if err == nil || doc != "" {
				t.Errorf("%s / %s: got %d bytes and error %v, want an error", c.name, fg.name, len(doc), err)
			} else if !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s / %s: error %q does not name %q", c.name, fg.name, err, c.want)
			}
		}
	}

	// Geometry: W and importance.
	g := introResult()
	g.Instances[1].W[3][0] = math.Inf(1)
	if _, err := Geometry2DFigure(g, GridOptions{}); err == nil || !strings.Contains(err.Error(), "W[3][0]") {
		t.Errorf("geometry with Inf W: error %v", err)
	}
	g = introResult()
	g.Instances[0].Importance[2] = math.NaN()
	if _, err := Geometry2DFigure(g, GridOptions{}); err == nil || !strings.Contains(err.Error(), "Importance[2]") {
		t.Errorf("geometry with NaN importance: error %v", err)
	}
	// Loss curves.
	l := section2Result()
	l.LossHistory.Loss[10][1] = math.NaN()
	if doc, err := LossCurves(l, LossOptions{}); err == nil || doc != "" || !strings.Contains(err.Error(), "loss[10][1]") {
		t.Errorf("loss with NaN: error %v", err)
	}
	l = section2Result()
	l.LossHistory.Loss[3] = l.LossHistory.Loss[3][:1]
	if _, err := LossCurves(l, LossOptions{SigmaSteps: 100}); err == nil {
		t.Error("ragged loss history: no error")
	}
	if _, err := LossCurves(nil, LossOptions{}); err == nil {
		t.Error("nil result: no error")
	}
	// Options.
	r := section2Result()
	for _, o := range []GridOptions{{Width: 50}, {Width: 10_000}, {Columns: -1}} {
		if _, err := WtWFigure(r, nil, o); err == nil {
			t.Errorf("options %+v: no error", o)
		}
	}
	for _, o := range []LossOptions{{SigmaSteps: -3}, {SigmaSteps: math.NaN()}, {Height: 20}} {
		if _, err := LossCurves(r, o); err == nil {
			t.Errorf("options %+v: no error", o)
		}
	}
}

func TestMustPanics(t *testing.T) {
	r := section2Result()
	r.Instances[0].B[0] = math.NaN()
	defer func() {
		if recover() == nil {
			t.Error("MustWtWFigure did not panic on NaN")
		}
	}()
	MustWtWFigure(r, nil, GridOptions{})
}

func TestGridLayout(t *testing.T) {
	// 700 px for panels of at least 150 px: 4 per row, spread evenly.
	for _, c := range []struct{ k, cols, wantCols, wantRows int }{
		{1, 0, 1, 1}, {4, 0, 4, 1}, {5, 0, 3, 2}, {8, 0, 4, 2}, {9, 0, 3, 3}, {20, 0, 4, 5}, {7, 3, 3, 3}, {2, 5, 2, 1},
	} {
		_, g, err := GridOptions{Columns: c.cols}.resolve(c.k, 150, 100)
		if err != nil {
			t.Fatal(err)
		}
		if g.cols != c.wantCols || g.rows != c.wantRows {
			t.Errorf("%d panels, Columns %d: %d×%d, want %d×%d", c.k, c.cols, g.cols, g.rows, c.wantCols, c.wantRows)
		}
	}
	// Wrapped panels: 9 instances in 3 rows of WᵀW heatmaps, each heatmap inside the figure.
	doc, err := WtWFigure(randomResult(12, 3, 9), nil, GridOptions{})
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
