package figures

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// Panel is one trained instance to draw in a panel figure ([WtWFigure], [NormBarsFigure], [Geometry2DFigure],
// [GroupGeometryFigure]); [PanelsOf] makes them from a result, and panels of several results (say a linear model
// beside ReLU models) can share one figure.
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

// PanelsOf makes one panel per instance of res, labelled with its 1−S, with the instance's analysis from
// analyses (from [toysup.Result.Analyze], `[instances]`). analyses may be nil for the figures that read only the
// weights ([Geometry2DFigure], [GroupGeometryFigure]); figures do not analyse weights themselves.
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
		}
		out[k] = p
	}
	return out, nil
}

// MustPanelsOf is [PanelsOf] for notebooks: it panics on error.
func MustPanelsOf(res *toysup.Result, analyses []toysup.Analysis) []Panel {
	return must.M1(PanelsOf(res, analyses))
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
		if nd.wtw && len(p.Analysis.WtW) == 0 {
			return fmt.Errorf("figures: panels[%d].Analysis is empty: pass the analyses from Result.Analyze to PanelsOf", k)
		}
		if nd.norms && len(p.Analysis.Norms) == 0 && n > 0 {
			return fmt.Errorf("figures: panels[%d].Analysis is empty: pass the analyses from Result.Analyze to PanelsOf", k)
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
