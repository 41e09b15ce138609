package figures

import (
	"errors"
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// Shared by the neuron figures of Sections 7–8, [NeuronWeightsFigure] and [NeuronCountsFigure].

// Colours of the neuron classes.
const (
	monoColour = "#2ca02c"
	polyColour = "#ff7f0e"
	deadColour = "#bbbbbb"
	// smallColour fills the lumped small weights of a neuron's bar.
	smallColour = "#d9d9d9"
)

// neuronClasses are the legend entries of the classes, as markers (kind) or swatches.
func neuronClasses(kind legendKind) []legendEntry {
	return []legendEntry{{label: "monosemantic", colour: monoColour, kind: kind},
		{label: "polysemantic", colour: polyColour, kind: kind}, {label: "dead", colour: deadColour, kind: kind}}
}

// neuronShapes checks that res has instances and one neuron analysis each, and returns K, n and m.
func neuronShapes(res *toysup.Result, analyses []theory.NeuronAnalysis) (K, n, m int, err error) {
	if res == nil || len(res.Instances) == 0 {
		return 0, 0, 0, errors.New("figures: result is nil or has no instances")
	}
	K, n, m = len(res.Instances), res.Config.Features, res.Config.Hidden
	if len(analyses) != K {
		return 0, 0, 0, fmt.Errorf("figures: %d instances but %d neuron analyses", K, len(analyses))
	}
	for k, na := range analyses {
		if len(na.Neurons) != m {
			return 0, 0, 0, fmt.Errorf("figures: analyses[%d] has %d neurons, want hidden = %d", k, len(na.Neurons), m)
		}
		for j, nr := range na.Neurons {
			if err := checkVector(fmt.Sprintf("analyses[%d].Neurons[%d].In", k, j), nr.In, n); err != nil {
				return 0, 0, 0, err
			}
		}
		if len(na.DedicatedNeurons) != n {
			return 0, 0, 0, fmt.Errorf("figures: analyses[%d].DedicatedNeurons has %d values, want features = %d", k, len(na.DedicatedNeurons), n)
		}
	}
	return K, n, m, nil
}

// uniformImportance reports whether every instance gives every feature the same importance.
func uniformImportance(res *toysup.Result) bool {
	lo, hi := importanceRange(res)
	return lo == hi
}

func importanceRange(res *toysup.Result) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, in := range res.Instances {
		lo, hi = math.Min(lo, minOf(in.Importance)), math.Max(hi, maxOf(in.Importance))
	}
	return lo, hi
}

// importanceScale is the range of the importance colour scale: [min, max] of the importance, or of its log10
// (logScale) when it spans more than a factor of 10, so that a decaying importance such as 0.8^i does not paint
// all but the first few features alike; the log range is cut to the top 3 decades (lower importance saturates).
func importanceScale(res *toysup.Result) (lo, hi float64, logScale bool) {
	lo, hi = importanceRange(res)
	if hi > 10*lo {
		return math.Max(math.Log10(lo), math.Log10(hi)-3), math.Log10(hi), true
	}
	return lo, hi, false
}

// featureColours is each feature's colour: by importance (the first instance's) on [ImportanceColour], linear or
// logarithmic ([importanceScale]), or tab10 (viridis beyond ten features) by index when importance is uniform.
func featureColours(res *toysup.Result) []string {
	n := res.Config.Features
	out := make([]string, n)
	if uniformImportance(res) {
		for i := range out {
			out[i] = seriesColour(i, n)
		}
		return out
	}
	lo, hi, logScale := importanceScale(res)
	for i := range out {
		v := res.Instances[0].Importance[i]
		if logScale {
			v = math.Log10(v)
		}
		out[i] = ImportanceColour(clamp01((v - lo) / (hi - lo))).Hex()
	}
	return out
}

// compactDensity is an instance's 1−S as a short label ("0.03"), or its range.
func compactDensity(in toysup.Instance) string {
	l := DensityLabel(in)
	if len(l) > len("1−S = ") {
		return l[len("1−S = "):]
	}
	return l
}
