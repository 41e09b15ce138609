package figures

import (
	"fmt"
	"math"
)

// Scale chooses a linear or logarithmic axis.
type Scale int

const (
	// ScaleAuto is the figure's default: linear for [LossCurvesFigure], log for [DynamicsFigure].
	ScaleAuto Scale = iota
	// ScaleLinear is a linear axis.
	ScaleLinear
	// ScaleLog is a log axis (values ≤ 0, such as step 0, are left out).
	ScaleLog
)

// DefaultSmallWeight is the default [Options.SmallWeight].
const DefaultSmallWeight = 0.1

// Options configures every figure. The zero value gives each figure's defaults. Every figure validates its
// options in one place: a value out of range, or a per-figure switch set on a figure that does not use it, is an
// error naming the field.
type Options struct {
	// Title replaces the default title (which names the model and its shape).
	Title string
	// Width in pixels (0: the figure's default, 800 for most; allowed 200…4000).
	Width int
	// Height in pixels (0: the figure's default or fitted to its content; allowed 200…4000). The panel figures
	// ([WtWFigure], [NormBarsFigure], the geometry figures, [NeuronWeightsFigure]) fit their height to the
	// panels and do not take it.
	Height int
	// Columns is the number of panels per row of the panel figures (0: as many as fit at the figure's minimum
	// panel width, spread evenly over the rows that takes; allowed ≥ 0).
	Columns int

	// SigmaSteps is the standard deviation of the Gaussian smoothing of a loss curve in training steps (0: none;
	// allowed ≥ 0, finite). It is converted to samples of the loss history by the median step spacing.
	// [LossCurvesFigure], and [DynamicsFigure] on a linear step axis.
	SigmaSteps float64
	// StepScale is the training-step axis of [LossCurvesFigure] (default linear) and [DynamicsFigure] (default
	// log, which spreads out the early transitions).
	StepScale Scale
	// HideRaw leaves out the unsmoothed curves [LossCurvesFigure] otherwise draws faintly under the smoothed
	// ones.
	HideRaw bool
	// LogWindow is the half-width, in decades, of the loss average of [DynamicsFigure] on a log step axis
	// (0: 0.03; < 0: none; finite).
	LogWindow float64
	// Instance is the instance [DynamicsFigure] draws (allowed 0…instances−1).
	Instance int

	// Scaled divides each neuron's weights in [NeuronWeightsFigure] by its largest |weight|, so every neuron's
	// largest bar segment is 1 (the paper's Section 8 plots).
	Scaled bool
	// SmallWeight is the fraction of a neuron's largest |weight| below which [NeuronWeightsFigure] lumps a
	// feature's weight into one grey segment per sign (0: [DefaultSmallWeight]; allowed (0, 1]). A model trained
	// on sparse data keeps many such weights — the least important features barely move from their random
	// initial values — and a hundred thin slivers would hide the features that matter.
	SmallWeight float64

	// ClassLabels replace the class names in the legend of [PhaseDiagramFigure] (as many as the classes).
	ClassLabels []string
	// SolidLabel and DashedLabel describe the two kinds of phase boundary in the legend of [PhaseDiagramFigure]
	// (defaults "closed-form boundaries" and "boundaries with optimal biases").
	SolidLabel, DashedLabel string
}

// Size limits of a figure, in pixels.
const (
	minSize = 200
	maxSize = 4000
)

// uses lists the per-figure fields a figure reads (Title and Width every figure reads).
type uses uint16

const (
	useHeight uses = 1 << iota
	useColumns
	useSigma
	useStepScale
	useHideRaw
	useLogWindow
	useInstance
	useNeurons // Scaled, SmallWeight
	usePhase   // ClassLabels, SolidLabel, DashedLabel
)

// spec is what a figure asks of its options: its name (for errors), default size (height 0: fitted to the
// content) and the per-figure fields it reads.
type spec struct {
	name          string
	width, height int
	uses          uses
}

// resolve validates o for the figure described by sp — the only place options are checked — and returns it
// with the defaults filled in: Width, Height (0 when fitted to the content), SmallWeight and LogWindow.
func (o Options) resolve(sp spec) (Options, error) {
	fail := func(format string, args ...any) (Options, error) {
		return Options{}, fmt.Errorf("figures: %s: "+format, append([]any{sp.name}, args...)...)
	}
	for _, f := range []struct {
		name string
		set  bool
		use  uses
	}{
		{"Height", o.Height != 0, useHeight}, {"Columns", o.Columns != 0, useColumns},
		{"SigmaSteps", o.SigmaSteps != 0, useSigma}, {"StepScale", o.StepScale != ScaleAuto, useStepScale},
		{"HideRaw", o.HideRaw, useHideRaw}, {"LogWindow", o.LogWindow != 0, useLogWindow},
		{"Instance", o.Instance != 0, useInstance}, {"Scaled", o.Scaled, useNeurons},
		{"SmallWeight", o.SmallWeight != 0, useNeurons}, {"ClassLabels", o.ClassLabels != nil, usePhase},
		{"SolidLabel", o.SolidLabel != "", usePhase}, {"DashedLabel", o.DashedLabel != "", usePhase},
	} {
		if f.set && sp.uses&f.use == 0 {
			return fail("Options.%s is not used by this figure", f.name)
		}
	}
	for _, d := range []struct {
		name string
		v    int
	}{{"Width", o.Width}, {"Height", o.Height}} {
		if d.v != 0 && (d.v < minSize || d.v > maxSize) {
			return fail("Options.%s = %d, allowed %d…%d (0: default)", d.name, d.v, minSize, maxSize)
		}
	}
	switch {
	case o.Columns < 0:
		return fail("Options.Columns = %d, allowed ≥ 0 (0: automatic)", o.Columns)
	case !(o.SigmaSteps >= 0) || math.IsInf(o.SigmaSteps, 0):
		return fail("Options.SigmaSteps = %v, allowed ≥ 0 and finite", o.SigmaSteps)
	case o.StepScale < ScaleAuto || o.StepScale > ScaleLog:
		return fail("Options.StepScale = %d, allowed ScaleAuto, ScaleLinear or ScaleLog", o.StepScale)
	case math.IsNaN(o.LogWindow) || math.IsInf(o.LogWindow, 0):
		return fail("Options.LogWindow = %v, must be finite", o.LogWindow)
	case o.Instance < 0:
		return fail("Options.Instance = %d, allowed ≥ 0", o.Instance)
	case o.SmallWeight != 0 && !(o.SmallWeight > 0 && o.SmallWeight <= 1):
		return fail("Options.SmallWeight = %v, allowed (0, 1] (0: %g)", o.SmallWeight, DefaultSmallWeight)
	}
	if o.Width == 0 {
		o.Width = sp.width
	}
	if o.Height == 0 {
		o.Height = sp.height
	}
	if o.SmallWeight == 0 {
		o.SmallWeight = DefaultSmallWeight
	}
	if o.LogWindow == 0 {
		o.LogWindow = 0.03
	}
	return o, nil
}

// logSteps reports whether the step axis is logarithmic, given the figure's default.
func (o Options) logSteps(defaultLog bool) bool {
	if o.StepScale == ScaleAuto {
		return defaultLog
	}
	return o.StepScale == ScaleLog
}

// titleOr is the title override, or def.
func (o Options) titleOr(def string) string { return orDefault(o.Title, def) }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
