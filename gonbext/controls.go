package gonbext

import (
	"fmt"
	"math"
	"strconv"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/paper"
)

// LogGrid is the log-spaced grid from hi down to lo with perDecade points a decade (both ends included when
// lo/hi is a whole number of steps), each rounded to 3 significant digits: what an integer slider's positions
// map to for a density.
func LogGrid(hi, lo float64, perDecade int) []float64 {
	n := int(math.Round(math.Log10(hi/lo)*float64(perDecade))) + 1
	out := make([]float64, n)
	for i := range out {
		v := hi * math.Pow(10, -float64(i)/float64(perDecade))
		out[i], _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	}
	return out
}

func labels(values []float64) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = strconv.FormatFloat(v, 'g', 3, 64)
	}
	return out
}

// nearest is the index of the value of grid closest to v on a log scale.
func nearest(grid []float64, v float64) int {
	best := 0
	for i, g := range grid {
		if math.Abs(math.Log(g/v)) < math.Abs(math.Log(grid[best]/v)) {
			best = i
		}
	}
	return best
}

// Grids of [ModelControls]' knobs.
var (
	// ModelDensities is the density grid: 1 → 0.001, four points a decade.
	ModelDensities = LogGrid(1, 0.001, 4)
	// ModelDecays is the importance-decay grid 0.5 … 1.
	ModelDecays = []float64{0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1}
	// PentagonRatios are the density ratios p₀/p of [PentagonControls], 1/5 … 2: finer where the pentagon jumps
	// to two digons (between 1/4 and 1/3).
	PentagonRatios = []float64{0.2, 0.25, 0.3, 0.333, 0.4, 0.5, 0.667, 0.8, 1, 1.25, 1.5, 2}
	// ModelKinds are the models the knob offers (the tied ones, trained by the native engine).
	ModelKinds = []toysup.ModelKind{toysup.ModelReLUOutput, toysup.ModelLinear}
)

// ModelControls are [Sliders] knobs for a small model starting from base (one instance): feature probability
// 1 − S on [ModelDensities] (a slider over a log grid), importance decay on [ModelDecays], n = 2…20, m = 1…10
// and the model kind; each default is base's value (the nearest grid point).
func ModelControls(key string, base toysup.Config) Controls {
	p := 1.0
	if fp := base.FeatureProbabilities(); len(fp) > 0 && len(fp[0]) > 0 {
		p = fp[0][0]
	}
	decay := 1.0
	if base.ImportanceDecay != nil {
		decay = *base.ImportanceDecay
	}
	kind := 0
	for i, k := range ModelKinds {
		if k == base.Model {
			kind = i
		}
	}
	return Controls{Key: key, Knobs: []Knob{
		{Label: "feature probability 1−S", Options: labels(ModelDensities), Default: nearest(ModelDensities, p)},
		{Label: "importance decay", Options: labels(ModelDecays), Default: nearest(ModelDecays, decay)},
		{Label: "features n", Options: intRange(2, 20), Default: clampInt(base.Features, 2, 20) - 2},
		{Label: "hidden m", Options: intRange(1, 10), Default: clampInt(base.Hidden, 1, 10) - 1},
		{Label: "model", Options: kindNames(), Default: kind, List: true},
	}, Config: func(pos []int) (toysup.Config, error) {
		c := base
		c.Instances = 1
		c.FeatureProbability = toysup.Scalar(ModelDensities[pos[0]])
		d := ModelDecays[pos[1]]
		c.ImportanceDecay, c.Importance = &d, nil
		c.Features, c.Hidden = pos[2]+2, pos[3]+1
		c.Model = ModelKinds[pos[4]]
		return c.Resolve()
	}}
}

// PentagonControls is one [Sliders] knob over Section 4's non-uniform pentagon (n = 5, m = 2, every feature at
// 1−S = paper.NonUniformBase): the varied feature 0's density ratio p₀/p on [PentagonRatios] (default 1, the
// regular pentagon). One instance, base's other fields (steps, seed).
func PentagonControls(key string, base toysup.Config) Controls {
	ratios := PentagonRatios
	return Controls{Key: key, Knobs: []Knob{
		{Label: "feature 0's density p₀/p", Options: labels(ratios), Default: nearest(ratios, 1)},
	}, Config: func(pos []int) (toysup.Config, error) {
		c := base
		p := paper.NonUniformBase
		c.Instances = 1
		c.FeatureProbability = toysup.Matrix([][]float64{{math.Min(1, ratios[pos[0]]*p), p, p, p, p}})
		return c.Resolve()
	}}
}

func intRange(lo, hi int) []string {
	out := make([]string, 0, hi-lo+1)
	for v := lo; v <= hi; v++ {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }

func kindNames() []string {
	out := make([]string, len(ModelKinds))
	for i, k := range ModelKinds {
		out[i] = string(k)
	}
	return out
}

// IntroControls are [ModelControls] for the introduction's model ("intro_sliders"): n = 5, m = 2, ReLU output,
// I = 0.9^i, starting at 1−S = 0.1 (the pentagon), with the preset's steps and seed (quick: paper.QuickSteps).
func IntroControls(quick bool) Controls {
	base := paper.Intro(quick).Config
	base.FeatureProbability = toysup.Scalar(0.1)
	return ModelControls("intro_sliders", base)
}

// Section2Controls are [ModelControls] for Section 2's model ("s2_sliders"): n = 20, m = 5, ReLU output,
// I = 0.7^i, starting at 1−S = 0.1, with the preset's steps and seed.
func Section2Controls(quick bool) Controls {
	base := paper.Section2(quick).Sweep.Config
	base.FeatureProbability = toysup.Scalar(0.1)
	return ModelControls("s2_sliders", base)
}

// NonUniformControls are [PentagonControls] for Section 4's non-uniform pentagon ("s4_pentagon_sliders"), with
// the preset's steps and seed.
func NonUniformControls(quick bool) Controls {
	return PentagonControls("s4_pentagon_sliders", paper.Section4(quick).NonUniform.Config)
}
