package figures

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/toymodels/superposition/toysup"
)

// Panel is one trained instance to draw in a panel figure ([WtW], [NormBars], [Geometry2D]).
type Panel struct {
	// Label titles the panel, e.g. "1−S = 0.1"; [PanelsOf] fills it from the instance's feature probability.
	Label string
	// Model is the model kind (toysup.ModelReLUOutput or toysup.ModelLinear); figure titles name it.
	Model toysup.ModelKind
	// Hidden is m, the hidden dimension.
	Hidden int
	// Instance holds W `[features][hidden]`, b `[features]` and the importance `[features]`.
	Instance toysup.Instance
	// Analysis holds WᵀW `[features][features]`, the norms and superposition `[features]`.
	Analysis toysup.Analysis
}

// GridOptions configures the panel figures. The zero value gives the defaults.
type GridOptions struct {
	// Title replaces the default title (which names the model, n and m).
	Title string
	// Width is the figure width in pixels (default 800, allowed 200…4000).
	Width int
	// Columns is the number of panels per row. By default as many as fit at the figure's minimum panel width
	// (WᵀW and geometry 150 px: 4 at 800 px; bars 80 px: 8 at 800 px), with the panels spread evenly over the
	// rows that takes.
	Columns int
}

// PanelsOf makes one panel per instance of res, labelled with its 1−S. analyses (from [toysup.Result.Analyze])
// may be nil: then they are computed from W (without evaluation losses).
func PanelsOf(res *toysup.Result, analyses []toysup.Analysis) ([]Panel, error) {
	if res == nil {
		return nil, errors.New("figures: result is nil")
	}
	if len(res.Instances) == 0 {
		return nil, errors.New("figures: result has no instances")
	}
	if analyses != nil && len(analyses) != len(res.Instances) {
		return nil, fmt.Errorf("figures: %d analyses for %d instances", len(analyses), len(res.Instances))
	}
	out := make([]Panel, len(res.Instances))
	for k, in := range res.Instances {
		p := Panel{Label: DensityLabel(in), Model: res.Config.Model, Hidden: res.Config.Hidden, Instance: in}
		if p.Hidden == 0 && len(in.W) > 0 {
			p.Hidden = len(in.W[0])
		}
		if analyses != nil {
			p.Analysis = analyses[k]
		} else {
			if err := checkMatrix(fmt.Sprintf("instances[%d].W", k), in.W, len(in.W), p.Hidden); err != nil {
				return nil, err
			}
			p.Analysis = toysup.AnalyzeWeights(in.W)
		}
		out[k] = p
	}
	return out, nil
}

// DensityLabel is "1−S = p" for an instance whose features share one probability p, else "1−S = lo…hi".
func DensityLabel(in toysup.Instance) string {
	if len(in.FeatureProbability) == 0 {
		return ""
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range in.FeatureProbability {
		lo, hi = math.Min(lo, p), math.Max(hi, p)
	}
	if lo == hi {
		return "1−S = " + compact(lo)
	}
	return "1−S = " + compact(lo) + "…" + compact(hi)
}

// compact formats a value with up to 3 significant digits.
func compact(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }

// ModelName is the model kind as figures print it.
func ModelName(model toysup.ModelKind) string {
	switch model {
	case toysup.ModelReLUOutput:
		return "ReLU output"
	case "":
		return "toy model"
	}
	return string(model)
}

// describe returns "ReLU output, n = 20, m = 5" for the panels' shared model and shape ("linear and ReLU
// output" when they differ; n and m omitted when they differ).
func describe(panels []Panel) string {
	var models []string
	seen := map[toysup.ModelKind]bool{}
	sameN, sameM := true, true
	for _, p := range panels {
		if !seen[p.Model] {
			seen[p.Model] = true
			models = append(models, ModelName(p.Model))
		}
		sameN = sameN && len(p.Instance.W) == len(panels[0].Instance.W)
		sameM = sameM && p.Hidden == panels[0].Hidden
	}
	s := models[0]
	for i := 1; i < len(models); i++ {
		if i == len(models)-1 {
			s += " and " + models[i]
		} else {
			s += ", " + models[i]
		}
	}
	if sameN {
		s += fmt.Sprintf(", n = %d", len(panels[0].Instance.W))
	}
	if sameM {
		s += fmt.Sprintf(", m = %d", panels[0].Hidden)
	}
	return s
}

// mixedModels reports panels of more than one model kind; their titles then name the model on a line above.
func mixedModels(panels []Panel) bool {
	for _, p := range panels {
		if p.Model != panels[0].Model {
			return true
		}
	}
	return false
}

// titleExtra is the extra header height of two-line panel titles.
func titleExtra(panels []Panel) float64 {
	if mixedModels(panels) {
		return 14
	}
	return 0
}

// panelTitle writes panel k's title with its baseline at y: the label, and the model on the line above when the
// panels mix models.
func (s *svg) panelTitle(x, y, maxW float64, panels []Panel, k int) {
	s.fitText(x, y, maxW, labelSize, "middle", panels[k].Label, "")
	if mixedModels(panels) {
		s.fitText(x, y-14, maxW, labelSize, "middle", ModelName(panels[k].Model), ` font-style="italic"`)
	}
}

// need lists what a figure reads from each panel.
type need struct{ w, b, importance, wtw, norms bool }

// checkPanels validates shapes and finiteness of what the figure reads.
func checkPanels(panels []Panel, nd need) error {
	if len(panels) == 0 {
		return errors.New("figures: no panels to draw")
	}
	for k, p := range panels {
		n := len(p.Instance.W)
		if nd.w {
			if n == 0 {
				return fmt.Errorf("figures: panels[%d].Instance.W is empty", k)
			}
			if err := checkMatrix(fmt.Sprintf("panels[%d].Instance.W", k), p.Instance.W, n, p.Hidden); err != nil {
				return err
			}
		}
		if nd.b {
			if err := checkVector(fmt.Sprintf("panels[%d].Instance.B", k), p.Instance.B, n); err != nil {
				return err
			}
		}
		if nd.importance {
			if err := checkVector(fmt.Sprintf("panels[%d].Instance.Importance", k), p.Instance.Importance, n); err != nil {
				return err
			}
		}
		if nd.wtw {
			if err := checkMatrix(fmt.Sprintf("panels[%d].Analysis.WtW", k), p.Analysis.WtW, n, n); err != nil {
				return err
			}
		}
		if nd.norms {
			if err := checkVector(fmt.Sprintf("panels[%d].Analysis.Norms", k), p.Analysis.Norms, n); err != nil {
				return err
			}
			if err := checkVector(fmt.Sprintf("panels[%d].Analysis.Superposition", k), p.Analysis.Superposition, n); err != nil {
				return err
			}
			if p.Hidden < 1 {
				return fmt.Errorf("figures: panels[%d].Hidden = %d, allowed ≥ 1", k, p.Hidden)
			}
		}
	}
	return nil
}

func checkVector(name string, v []float64, n int) error {
	if len(v) != n {
		return fmt.Errorf("figures: %s has %d values, want %d", name, len(v), n)
	}
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("figures: %s[%d] = %v, must be finite", name, i, x)
		}
	}
	return nil
}

func checkMatrix(name string, m [][]float64, rows, cols int) error {
	if len(m) != rows {
		return fmt.Errorf("figures: %s has %d rows, want %d", name, len(m), rows)
	}
	for i, r := range m {
		if err := checkVector(fmt.Sprintf("%s[%d]", name, i), r, cols); err != nil {
			return err
		}
	}
	return nil
}

// grid places k panels in rows.
type grid struct {
	cols, rows int
}

// resolve returns the width and grid for k panels; minPanel is the narrowest automatic panel, and margins the
// width taken by margins and colour bar.
func (o GridOptions) resolve(k int, minPanel, margins float64) (width float64, g grid, err error) {
	w := o.Width
	if w == 0 {
		w = defaultWidth
	}
	if w < minWidth || w > maxWidth {
		return 0, grid{}, fmt.Errorf("figures: Width = %d, allowed %d…%d", o.Width, minWidth, maxWidth)
	}
	cols := o.Columns
	if cols < 0 {
		return 0, grid{}, fmt.Errorf("figures: Columns = %d, allowed ≥ 0 (0: automatic)", o.Columns)
	}
	if cols == 0 {
		fit := max(1, int((float64(w)-margins)/minPanel))
		rows := (k + fit - 1) / fit
		cols = (k + rows - 1) / rows
	}
	cols = min(cols, k)
	return float64(w), grid{cols: cols, rows: (k + cols - 1) / cols}, nil
}

func (g grid) pos(k int) (col, row int) { return k % g.cols, k / g.cols }
