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
// a legend of the classes and boundaries below. Options: Title, Width (900), ClassLabels, SolidLabel,
// DashedLabel.
func PhaseDiagramFigure(panels []PhasePanel, opts Options) (string, error) {
	labels, err := checkPhasePanels(panels, opts.ClassLabels)
	if err != nil {
		return "", err
	}
	o, err := opts.resolve(spec{name: "PhaseDiagramFigure", width: 900, uses: usePhase})
	if err != nil {
		return "", err
	}
	W := float64(o.Width)
	const left, right, top, gap = 70.0, 20.0, 42.0, 80.0
	cols := float64(len(panels))
	side := math.Min((W-left-right-gap*(cols-1))/cols, 420)
	used := make([]bool, len(labels))
	colours := classColours(len(labels))
	var body svg // the panels, drawn first to learn which classes and boundaries show
	hasSolid, hasDashed := false, false
	for k, p := range panels {
		x0 := left + float64(k)*(side+gap)
		body.fitText(x0+side/2, top+12, side+gap-10, labelSize, "middle", p.Title, ` font-weight="bold"`)
		body.phasePanel(x0, top+20, side, p, colours, used)
		hasSolid, hasDashed = hasSolid || len(p.Solid) > 0, hasDashed || len(p.Dashed) > 0
	}
	var entries []legendEntry
	for c, l := range labels {
		if used[c] {
			entries = append(entries, legendEntry{label: l, colour: colours[c], kind: legendSwatch})
		}
	}
	if hasSolid {
		entries = append(entries, legendEntry{label: orDefault(o.SolidLabel, "closed-form boundaries"), colour: "#111", width: 2})
	}
	if hasDashed {
		entries = append(entries, legendEntry{label: orDefault(o.DashedLabel, "boundaries with optimal biases"), colour: "#111", dash: "5 4", width: 2})
	}
	s := newSVG(W, top+20+side+50+17*float64(len(entries))+10)
	s.title(o.titleOr("Phase diagram of the extra feature — density 1−S against relative importance r"))
	s.sb.WriteString(body.sb.String())
	s.legend(left, top+20+side+62, W-left-8, entries)
	return s.String(), nil
}

// MustPhaseDiagramFigure is [PhaseDiagramFigure] for notebooks: it panics on error.
func MustPhaseDiagramFigure(panels []PhasePanel, opts Options) string {
	return must.M1(PhaseDiagramFigure(panels, opts))
}

// checkPhasePanels checks the diagrams (one set of classes for all) and returns the legend's class labels.
func checkPhasePanels(panels []PhasePanel, classLabels []string) ([]string, error) {
	if len(panels) == 0 {
		return nil, errors.New("figures: no phase diagrams to draw")
	}
	classes := panels[0].Diagram.Classes
	for k, p := range panels {
		if err := checkPhaseDiagram(fmt.Sprintf("panels[%d].Diagram", k), p.Diagram); err != nil {
			return nil, err
		}
		if len(p.Diagram.Classes) != len(classes) {
			return nil, fmt.Errorf("figures: panels[%d] has %d classes, panels[0] has %d", k, len(p.Diagram.Classes), len(classes))
		}
	}
	if classLabels == nil {
		return classes, nil
	}
	if len(classLabels) != len(classes) {
		return nil, fmt.Errorf("figures: PhaseDiagramFigure: Options.ClassLabels has %d entries, the diagrams have %d classes", len(classLabels), len(classes))
	}
	return classLabels, nil
}

// phasePanel draws one diagram in the square at (x0, y0) of the given side: cells, boundaries, marks and axes.
func (s *svg) phasePanel(x0, y0, side float64, p PhasePanel, colours []string, used []bool) {
	d := p.Diagram
	xe, ye := logEdges(d.Densities), logEdges(d.Importances)
	a := newPlotArea(x0, y0, side, side,
		axis{lo: minOf(xe), hi: maxOf(xe), log: true, label: "feature density 1−S"},
		axis{lo: minOf(ye), hi: maxOf(ye), log: true, label: "relative importance r"})
	s.phaseCells(a, d, xe, ye, colours, used)
	for _, b := range p.Dashed {
		s.curve(a, b.Density, b.Importance, "#111", 1.6, ` stroke-dasharray="5 4" class="ts-boundary"`)
	}
	for _, b := range p.Solid {
		s.curve(a, b.Density, b.Importance, "#111", 2, ` class="ts-boundary"`)
	}
	for _, m := range p.Marks {
		mx, my := a.x.at(m.Density), a.y.at(m.Importance)
		if math.IsNaN(mx) || math.IsNaN(my) {
			continue
		}
		s.circle(mx, my, 4.5, "#fff", ` stroke="#111" stroke-width="1.5"`)
		s.text(mx-8, my-9, tickSize, "end", m.Label, halo)
	}
	s.drawTicks(a)
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
