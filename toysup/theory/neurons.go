package theory

import (
	"fmt"
	"math"
	"sort"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// Sections 7 and 8: the models with a privileged hidden basis ("relu_hidden" and "abs") have neurons, and each
// neuron's input weights say which features it responds to.
//
// Neuron j's input weight from feature i is W[i][j] (the result's W: the tied W for relu_hidden, W₁ᵀ for abs); its
// output weight to feature i is W[i][j] again for relu_hidden and W_out[i][j] for abs. A neuron responds to a
// feature through its activating weight a_ij:
//
//	relu_hidden (inputs ≥ 0):     a_ij = max(W[i][j], 0)   (a negative weight only ever silences the neuron)
//	abs (inputs in [−1, 1]):      a_ij = |W[i][j]|         (a negative weight fires the neuron for x_i < 0)
//
// and feature i's share of neuron j is s_ij = a_ij² / Σ_k a_kj². With these:
//
//   - a neuron is dead if ‖a_j‖₂ < DeadNeuronFraction × the largest ‖a_j'‖₂ of the instance (it never, or
//     hardly ever, fires);
//   - a live neuron is monosemantic if one feature carries at least MonosemanticShare (90 %) of its squared
//     activating weight, else polysemantic;
//   - the features of a neuron are those with share ≥ FeatureShare (10 %), and its effective number of features is
//     the participation ratio 1/Σ_i s_ij² (1 for one feature, k for k equal ones).

// Thresholds of the neuron analysis (see the comment above).
const (
	MonosemanticShare  = 0.9
	FeatureShare       = 0.1
	DeadNeuronFraction = 0.05
)

// Neuron describes one hidden neuron of a trained instance.
type Neuron struct {
	// Index is the neuron's position in the hidden layer (0…m−1).
	Index int `json:"index"`
	// In is the neuron's input weight from each feature, W[i][j], `[features]`; Out its output weight to each
	// feature, `[features]` (equal to In for the tied relu_hidden model).
	In  []float64 `json:"in"`
	Out []float64 `json:"out"`
	// Scale is max_i |In_i|; the Section 8 plots divide In by it.
	Scale float64 `json:"scale"`
	// Shares is each feature's share of the squared activating weight, `[features]` (summing to 1; all 0 when
	// the neuron has no activating weight).
	Shares []float64 `json:"shares"`
	// Top is the feature with the largest share and TopShare that share (−1 and 0 for a dead neuron).
	Top      int     `json:"top"`
	TopShare float64 `json:"top_share"`
	// Features counts features with share ≥ FeatureShare; EffectiveFeatures is 1/Σ_i share_i².
	Features          int     `json:"features"`
	EffectiveFeatures float64 `json:"effective_features"`
	// Sign is the sign of the top feature's input weight (+1, or −1 for an abs neuron firing on x_top < 0).
	Sign         int  `json:"sign"`
	Monosemantic bool `json:"monosemantic"`
	Dead         bool `json:"dead"`
}

// NeuronAnalysis is the per-neuron analysis of one instance.
type NeuronAnalysis struct {
	// Neurons, sorted by monosemanticity: monosemantic neurons first, ordered by their feature (then positive
	// before negative), then polysemantic neurons by decreasing top share, then dead neurons.
	Neurons []Neuron `json:"neurons"`
	// Counts of monosemantic, polysemantic and dead neurons (they add up to m).
	Monosemantic int `json:"monosemantic"`
	Polysemantic int `json:"polysemantic"`
	Dead         int `json:"dead"`
	// DedicatedNeurons[i] is the number of monosemantic neurons whose feature is i, `[features]`.
	DedicatedNeurons []int `json:"dedicated_neurons"`
	// MeanFeaturesPerNeuron is the mean of Features over live neurons (0 when all are dead).
	MeanFeaturesPerNeuron float64 `json:"mean_features_per_neuron"`
	// NeuronsPerFeature[i] counts the live neurons in which feature i has share ≥ FeatureShare, `[features]`.
	NeuronsPerFeature []int `json:"neurons_per_feature"`
	// PolyFeatures counts the distinct features with share ≥ FeatureShare in some polysemantic neuron: the
	// Polysemantic neurons hold PolyFeatures features between them (the paper's "k features in j neurons").
	PolyFeatures int `json:"poly_features"`
}

// AnalyzeInstanceNeurons analyses the neurons of one instance of a model with a privileged basis (model
// "relu_hidden" or "abs"; for abs the instance must hold W_out).
func AnalyzeInstanceNeurons(model toysup.ModelKind, in toysup.Instance) (NeuronAnalysis, error) {
	out, err := neuronWeights(model, in)
	if err != nil {
		return NeuronAnalysis{}, err
	}
	n, m := len(in.W), len(in.W[0])
	neurons := make([]Neuron, m)
	norms := make([]float64, m)
	maxNorm := 0.0
	for j := range m {
		neurons[j], norms[j] = newNeuron(in.W, out, j, model == toysup.ModelAbs)
		maxNorm = max(maxNorm, norms[j])
	}
	na := classifyNeurons(neurons, norms, maxNorm, n)
	countFeatures(&na, neurons, n)
	sort.SliceStable(neurons, func(a, b int) bool { return neuronLess(neurons[a], neurons[b]) })
	na.Neurons = neurons
	return na, nil
}

// neuronWeights checks the instance's shapes and returns the output weights `[features][hidden]`: W for
// relu_hidden, W_out for abs.
func neuronWeights(model toysup.ModelKind, in toysup.Instance) ([][]float64, error) {
	if !model.HiddenReLU() {
		return nil, toysup.FieldErrorf("model", "neurons exist in the models with a hidden ReLU, %q and %q; got %q", toysup.ModelReLUHidden, toysup.ModelAbs, model)
	}
	n := len(in.W)
	if n == 0 || len(in.W[0]) == 0 {
		return nil, toysup.ArgErrorf("W", "must be [features ≥ 1][hidden ≥ 1]")
	}
	m := len(in.W[0])
	out := in.W
	if model == toysup.ModelAbs {
		out = in.WOut
	}
	if len(out) != n {
		return nil, toysup.ArgErrorf("W_out", "the %s model needs W_out `[features = %d][hidden = %d]`", model, n, m)
	}
	for i := range n {
		if len(in.W[i]) != m || len(out[i]) != m {
			return nil, toysup.ArgErrorf("W", "row %d of W or W_out has the wrong length (want hidden = %d)", i, m)
		}
	}
	return out, nil
}

// newNeuron describes neuron j: its weights, the shares s_ij = a_ij²/Σ_k a_kj² of its activating weights a_ij
// (|W_ij| when signed, else max(W_ij, 0)), its top feature and effective number of features; it also returns
// ‖a_j‖₂.
func newNeuron(W, out [][]float64, j int, signed bool) (Neuron, float64) {
	n := len(W)
	nr := Neuron{Index: j, In: make([]float64, n), Out: make([]float64, n), Shares: make([]float64, n), Top: -1}
	total := 0.0
	for i := range n {
		w := W[i][j]
		nr.In[i], nr.Out[i] = w, out[i][j]
		nr.Scale = max(nr.Scale, math.Abs(w))
		a := math.Abs(w)
		if !signed {
			a = max(w, 0)
		}
		nr.Shares[i] = a * a
		total += a * a
	}
	if total == 0 {
		return nr, 0
	}
	sumSq := 0.0
	for i := range nr.Shares {
		nr.Shares[i] /= total
		sumSq += nr.Shares[i] * nr.Shares[i]
		if nr.Top < 0 || nr.Shares[i] > nr.TopShare {
			nr.Top, nr.TopShare = i, nr.Shares[i]
		}
		if nr.Shares[i] >= FeatureShare {
			nr.Features++
		}
	}
	nr.EffectiveFeatures = 1 / sumSq
	nr.Sign = 1
	if nr.In[nr.Top] < 0 {
		nr.Sign = -1
	}
	return nr, math.Sqrt(total)
}

// classifyNeurons marks each neuron dead (‖a_j‖ < DeadNeuronFraction·max ‖a‖), monosemantic (top share ≥
// MonosemanticShare) or polysemantic, and counts them and the live neurons' mean number of features.
func classifyNeurons(neurons []Neuron, norms []float64, maxNorm float64, n int) NeuronAnalysis {
	na := NeuronAnalysis{DedicatedNeurons: make([]int, n)}
	live := 0
	for j := range neurons {
		nr := &neurons[j]
		switch {
		case norms[j] == 0 || norms[j] < DeadNeuronFraction*maxNorm:
			nr.Dead = true
			na.Dead++
		case nr.TopShare >= MonosemanticShare:
			nr.Monosemantic = true
			na.Monosemantic++
			na.DedicatedNeurons[nr.Top]++
		default:
			na.Polysemantic++
		}
		if !nr.Dead {
			live++
			na.MeanFeaturesPerNeuron += float64(nr.Features)
		}
	}
	if live > 0 {
		na.MeanFeaturesPerNeuron /= float64(live)
	}
	return na
}

// countFeatures fills, over live neurons, the neurons per feature (share ≥ FeatureShare) and the number of
// distinct features held by polysemantic neurons.
func countFeatures(na *NeuronAnalysis, neurons []Neuron, n int) {
	inPoly := make([]bool, n)
	na.NeuronsPerFeature = make([]int, n)
	for _, nr := range neurons {
		if nr.Dead {
			continue
		}
		for i, sh := range nr.Shares {
			if sh < FeatureShare {
				continue
			}
			na.NeuronsPerFeature[i]++
			if !nr.Monosemantic && !inPoly[i] {
				inPoly[i] = true
				na.PolyFeatures++
			}
		}
	}
}

// neuronRank orders the groups: monosemantic, polysemantic, dead.
func neuronRank(nr Neuron) int {
	switch {
	case nr.Dead:
		return 2
	case nr.Monosemantic:
		return 0
	}
	return 1
}

func neuronLess(a, b Neuron) bool {
	ra, rb := neuronRank(a), neuronRank(b)
	if ra != rb {
		return ra < rb
	}
	switch ra {
	case 0:
		if a.Top != b.Top {
			return a.Top < b.Top
		}
		if a.Sign != b.Sign {
			return a.Sign > b.Sign
		}
	case 1:
		if a.TopShare != b.TopShare {
			return a.TopShare > b.TopShare
		}
	}
	return a.Index < b.Index
}

// AnalyzeNeurons analyses the neurons of every instance of r, `[instances]`.
func AnalyzeNeurons(r *toysup.Result) ([]NeuronAnalysis, error) {
	out := make([]NeuronAnalysis, len(r.Instances))
	for k, in := range r.Instances {
		na, err := AnalyzeInstanceNeurons(r.Config.Model, in)
		if err != nil {
			return nil, fmt.Errorf("instance %d: %w", k, err)
		}
		out[k] = na
	}
	return out, nil
}

// MustAnalyzeNeurons is [AnalyzeNeurons] for notebooks: it panics on error.
func MustAnalyzeNeurons(r *toysup.Result) []NeuronAnalysis { return must.M1(AnalyzeNeurons(r)) }
