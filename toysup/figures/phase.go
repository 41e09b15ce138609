package figures

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup/theory"
)

// PhasePanel is one phase diagram of [PhaseDiagramFigure]: a classified grid with boundary curves over it.
type PhasePanel struct {
	// Title names the panel, e.g. "trained (best of 4 seeds)".
	Title string
	// Diagram holds the grid, `Class[importance][density]`, and the class names.
	Diagram theory.PhaseDiagram
	// Solid and Dashed are boundary curves drawn over the cells (say the paper's closed forms and the boundaries
	// with optimal biases).
	Solid, Dashed []theory.PhaseBoundary
	// Marks are labelled points, e.g. the triple point.
	Marks []PhaseMark
}

// PhaseMark is a labelled point of a phase diagram.
type PhaseMark struct {
	Density, Importance float64
	Label               string
}

// PhaseOptions configures [PhaseDiagramFigure]; the zero value gives the defaults.
type PhaseOptions struct {
	// Title replaces the default title.
	Title string
	// Width in pixels (default 900, allowed 200…4000).
	Width int
	// SolidLabel and DashedLabel describe the two kinds of boundary in the legend (defaults "closed-form
	// boundaries" and "boundaries with optimal biases").
	SolidLabel, DashedLabel string
	// ClassLabels replace the class names in the legend (same length as the diagrams' classes).
	ClassLabels []string
}

// phaseColours colour the classes of the n=2 diagram (not learned, dedicated, superposition) and of the n=3
// diagram (W⊥[0,0,1], W⊥[1,0,0], W⊥[0,1,1], W⊥[1,1,0], other).
var (
	phase2Colours = []string{"#d9d9d9", "#4393c3", "#d6604d"}
	phase3Colours = []string{"#d9d9d9", "#4393c3", "#f4a582", "#8073ac", "#fff2ae"}
)

func classColours(k int) []string {
	if k <= len(phase2Colours) {
		return phase2Colours
	}
	if k <= len(phase3Colours) {
		return phase3Colours
	}
	out := make([]string, k)
	for i := range out {
		out[i] = seriesColour(i, k)
	}
	return out
}

// PhaseDiagramFigure draws Section 3's phase diagrams side by side: log density 1−S (x) against the extra
// feature's log relative importance r (y), each cell coloured by its class, the boundary curves over them, and
// a legend of the classes and boundaries below.
func PhaseDiagramFigure(panels []PhasePanel, opts PhaseOptions) (string, error) {
	if len(panels) == 0 {
		return "", errors.New("figures: no phase diagrams to draw")
	}
	classes := panels[0].Diagram.Classes
	for k, p := range panels {
		if err := checkPhaseDiagram(fmt.Sprintf("panels[%d].Diagram", k), p.Diagram); err != nil {
			return "", err
		}
		if len(p.Diagram.Classes) != len(classes) {
			return "", fmt.Errorf("figures: panels[%d] has %d classes, panels[0] has %d", k, len(p.Diagram.Classes), len(classes))
		}
	}
	labels := classes
	if opts.ClassLabels != nil {
		if len(opts.ClassLabels) != len(classes) {
			return "", fmt.Errorf("figures: ClassLabels has %d entries, the diagrams have %d classes", len(opts.ClassLabels), len(classes))
		}
		labels = opts.ClassLabels
	}
	w := opts.Width
	if w == 0 {
		w = 900
	}
	if w < minWidth || w > maxWidth {
		return "", fmt.Errorf("figures: Width = %d, allowed %d…%d", opts.Width, minWidth, maxWidth)
	}
	W := float64(w)
	const left, right, top, gap = 70.0, 20.0, 42.0, 80.0
	cols := float64(len(panels))
	side := math.Min((W-left-right-gap*(cols-1))/cols, 420)
	legendRows := 0 // classes present, plus one row per kind of boundary
	present := make([]bool, len(classes))
	kinds := [2]bool{}
	for _, p := range panels {
		for _, row := range p.Diagram.Class {
			for _, c := range row {
				if c >= 0 && !present[c] {
					present[c] = true
					legendRows++
				}
			}
		}
		kinds[0] = kinds[0] || len(p.Solid) > 0
		kinds[1] = kinds[1] || len(p.Dashed) > 0
	}
	for _, k := range kinds {
		if k {
			legendRows++
		}
	}
	H := top + 20 + side + 50 + 17*float64(legendRows) + 10
	colours := classColours(len(classes))

	title := opts.Title
	if title == "" {
		title = "Phase diagram of the extra feature — density 1−S against relative importance r"
	}
	s := newSVG(W, H)
	s.fitText(W/2, 24, W-16, titleSize, "middle", title, ` font-weight="bold"`)
	used := make([]bool, len(classes))
	hasSolid, hasDashed := false, false
	for k, p := range panels {
		d := p.Diagram
		xe, ye := logEdges(d.Densities), logEdges(d.Importances)
		x0 := left + float64(k)*(side+gap)
		a := newPlotArea(x0, top+20, side, side, minOf(xe), maxOf(xe), true, minOf(ye), maxOf(ye), true)
		a.xlabel, a.ylabel = "feature density 1−S", "relative importance r"
		s.fitText(x0+side/2, top+12, side+gap-10, labelSize, "middle", p.Title, ` font-weight="bold"`)
		s.phaseCells(a, d, xe, ye, colours, used)
		for _, b := range p.Dashed {
			s.curve(a, b.Density, b.Importance, "#111", 1.6, ` stroke-dasharray="5 4" class="ts-boundary"`)
			hasDashed = true
		}
		for _, b := range p.Solid {
			s.curve(a, b.Density, b.Importance, "#111", 2, ` class="ts-boundary"`)
			hasSolid = true
		}
		for _, m := range p.Marks {
			mx, my := a.x.at(m.Density), a.y.at(m.Importance)
			if math.IsNaN(mx) || math.IsNaN(my) {
				continue
			}
			s.raw(`<circle cx="%s" cy="%s" r="4.5" fill="#fff" stroke="#111" stroke-width="1.5"/>`+"\n", num(mx), num(my))
			s.text(mx-8, my-9, tickSize, "end", m.Label, ` stroke="#fff" stroke-width="3" paint-order="stroke"`)
		}
		s.drawTicks(a)
	}
	var entries []legendEntry
	for c, l := range labels {
		if used[c] {
			entries = append(entries, legendEntry{label: l, colour: colours[c], kind: "swatch"})
		}
	}
	if hasSolid {
		entries = append(entries, legendEntry{label: orDefault(opts.SolidLabel, "closed-form boundaries"), colour: "#111"})
	}
	if hasDashed {
		entries = append(entries, legendEntry{label: orDefault(opts.DashedLabel, "boundaries with optimal biases"), colour: "#111", dash: "5 4"})
	}
	s.legend(left, top+20+side+62, entries)
	return s.String(), nil
}

// MustPhaseDiagramFigure is [PhaseDiagramFigure] for notebooks: it panics on error.
func MustPhaseDiagramFigure(panels []PhasePanel, opts PhaseOptions) string {
	return must.M1(PhaseDiagramFigure(panels, opts))
}

// phaseCells draws the cells of a diagram: merged colour runs on a uniform (log) grid, one rectangle per cell
// otherwise.
func (s *svg) phaseCells(a plotArea, d theory.PhaseDiagram, xe, ye []float64, colours []string, used []bool) {
	fill := func(iy, ix int) string {
		if c := d.Class[iy][ix]; c >= 0 {
			used[c] = true
			return colours[c]
		}
		return "#ffffff"
	}
	if logUniform(xe) && logUniform(ye) {
		// A background in the most common class's colour hides the hairline gaps renderers leave between runs
		// of different colours.
		s.rect(a.left, a.top, a.w, a.h, commonFill(d, colours), "")
		nx, ny := len(d.Densities), len(d.Importances)
		grid := make([][]RGB, ny) // row 0 at the top: highest importance; column 0 at the left: lowest density
		for row := range grid {
			grid[row] = make([]RGB, nx)
			iy := row
			if ye[0] < ye[ny] {
				iy = ny - 1 - row
			}
			for col := range grid[row] {
				ix := col
				if xe[0] > xe[nx] {
					ix = nx - 1 - col
				}
				grid[row][col] = mustHex(fill(iy, ix))
			}
		}
		s.cellPaths(a.left, a.top, a.w/float64(nx), a.h/float64(ny), grid, "ts-phase")
		return
	}
	s.raw(`<g class="ts-phase" shape-rendering="crispEdges">` + "\n")
	for iy := range d.Importances {
		for ix := range d.Densities {
			xa, xb := a.x.at(xe[ix]), a.x.at(xe[ix+1])
			ya, yb := a.y.at(ye[iy]), a.y.at(ye[iy+1])
			s.rect(math.Min(xa, xb), math.Min(ya, yb), math.Abs(xb-xa)+0.3, math.Abs(yb-ya)+0.3, fill(iy, ix), "")
		}
	}
	s.raw("</g>\n")
}

// commonFill is the colour of the most common class of a diagram (white if none is classified).
func commonFill(d theory.PhaseDiagram, colours []string) string {
	count := make([]int, len(colours))
	for _, row := range d.Class {
		for _, c := range row {
			if c >= 0 && c < len(count) {
				count[c]++
			}
		}
	}
	best := -1
	for c, n := range count {
		if n > 0 && (best < 0 || n > count[best]) {
			best = c
		}
	}
	if best < 0 {
		return "#ffffff"
	}
	return colours[best]
}

// logUniform reports whether edges are evenly spaced on a log axis (ratios equal to 1e-6).
func logUniform(e []float64) bool {
	r := math.Log(e[1] / e[0])
	for i := 2; i < len(e); i++ {
		if math.Abs(math.Log(e[i]/e[i-1])-r) > 1e-6*math.Abs(r) {
			return false
		}
	}
	return true
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func checkPhaseDiagram(name string, d theory.PhaseDiagram) error {
	if len(d.Densities) == 0 || len(d.Importances) == 0 {
		return fmt.Errorf("figures: %s has an empty grid", name)
	}
	if len(d.Classes) == 0 {
		return fmt.Errorf("figures: %s has no class names", name)
	}
	for _, axis := range []struct {
		n string
		v []float64
	}{{"Densities", d.Densities}, {"Importances", d.Importances}} {
		for i, v := range axis.v {
			if !(v > 0) || math.IsInf(v, 0) {
				return fmt.Errorf("figures: %s.%s[%d] = %v, must be > 0 and finite (log axis)", name, axis.n, i, v)
			}
		}
	}
	if len(d.Class) != len(d.Importances) {
		return fmt.Errorf("figures: %s.Class has %d rows, want importances = %d", name, len(d.Class), len(d.Importances))
	}
	for iy, row := range d.Class {
		if len(row) != len(d.Densities) {
			return fmt.Errorf("figures: %s.Class[%d] has %d values, want densities = %d", name, iy, len(row), len(d.Densities))
		}
		for ix, c := range row {
			if c < -1 || c >= len(d.Classes) {
				return fmt.Errorf("figures: %s.Class[%d][%d] = %d, allowed −1…%d", name, iy, ix, c, len(d.Classes)-1)
			}
		}
	}
	return nil
}

// logEdges returns the cell edges of grid values v (positive, any order) on a log axis, `[len(v)+1]`, in the
// order of v: geometric midpoints between neighbours, the outer edges half a step beyond.
func logEdges(v []float64) []float64 {
	n := len(v)
	if n == 1 {
		return []float64{v[0] / math.Sqrt(10), v[0] * math.Sqrt(10)}
	}
	desc := v[0] > v[n-1]
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	e := make([]float64, n+1)
	for i := 1; i < n; i++ {
		e[i] = math.Sqrt(s[i-1] * s[i])
	}
	e[0], e[n] = s[0]*s[0]/e[1], s[n-1]*s[n-1]/e[n-1]
	if desc {
		for i, j := 0, n; i < j; i, j = i+1, j-1 {
			e[i], e[j] = e[j], e[i]
		}
	}
	return e
}

func minOf(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = math.Min(m, x)
	}
	return m
}

func maxOf(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}

// PhaseComparisonFigure draws a trained phase diagram of n = 2 or 3 features (from
// [theory.ClassifyPhaseResult]) beside the analytic one — the lowest exact loss among the paper's candidates on a
// 64 × 64 grid over the same ranges — with the closed-form boundaries over both; for n = 2 also the boundaries
// with optimal biases (dashed) and the triple point. trainedTitle titles the trained panel.
func PhaseComparisonFigure(n int, trained theory.PhaseDiagram, trainedTitle string) (string, error) {
	if err := checkPhaseDiagram("trained", trained); err != nil {
		return "", err
	}
	const res = 64
	pLo, pHi := minOf(trained.Densities), maxOf(trained.Densities)
	rLo, rHi := minOf(trained.Importances), maxOf(trained.Importances)
	if pHi == pLo || rHi == rLo {
		pLo, pHi, rLo, rHi = 0.01, 1, 0.1, 10
	}
	analytic, err := theory.AnalyticPhaseDiagram(n, theory.LogGrid(pHi, pLo, res), theory.LogGrid(rLo, rHi, res), theory.BiasPaper)
	if err != nil {
		return "", err
	}
	left := PhasePanel{Title: "analytic: the lowest-loss candidate", Diagram: analytic}
	right := PhasePanel{Title: trainedTitle, Diagram: trained}
	opts := PhaseOptions{}
	pMin := pLo / 2
	switch n {
	case 2:
		solid, err := theory.Phase2BoundaryCurves(theory.BiasPaper, pMin, 200)
		if err != nil {
			return "", err
		}
		dashed, err := theory.Phase2BoundaryCurves(theory.BiasOptimal, pMin, 60)
		if err != nil {
			return "", err
		}
		left.Solid, left.Dashed, right.Solid, right.Dashed = solid, dashed, solid, dashed
		left.Marks = []PhaseMark{{Density: theory.TriplePointDensity, Importance: theory.TriplePointImportance, Label: "triple point (4/7, 1)"}}
		opts.Title = "2 features in 1 dimension: is the extra feature (importance r) not learned, dedicated, or in superposition?"
		opts.ClassLabels = theory.Phase2ClassLabels
		opts.SolidLabel = "closed forms: superposition iff 2p/(4−5p) < r < 2/p − 2.5"
	case 3:
		solid, err := theory.Phase3BoundaryCurves(math.Min(pMin, 0.5), math.Max(2*rHi, 2), 200)
		if err != nil {
			return "", err
		}
		left.Solid, right.Solid = solid, solid
		opts.Title = "3 features in 2 dimensions: which candidate solution wins? (third feature of importance r)"
		opts.ClassLabels = theory.Phase3ClassLabels
		opts.SolidLabel = "closed-form boundaries of the four candidates"
	}
	return PhaseDiagramFigure([]PhasePanel{left, right}, opts)
}

// MustPhaseComparisonFigure is [PhaseComparisonFigure] for notebooks: it panics on error.
func MustPhaseComparisonFigure(n int, trained theory.PhaseDiagram, trainedTitle string) string {
	return must.M1(PhaseComparisonFigure(n, trained, trainedTitle))
}
