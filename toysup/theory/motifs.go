package theory

import (
	"math"
	"sort"

	"github.com/toymodels/superposition/toysup"
)

// Asymmetry is the input-weight ratio |W₁[weak]| / |W₁[strong]| at or below which a two-feature neuron counts as
// an asymmetric-superposition motif ([AsymmetricMotifs]).
const Asymmetry = 0.5

// Motif is one neuron of an abs model (Section 8) in the paper's asymmetric-superposition motif: it carries two
// features with input weights of opposite signs and unequal sizes — the strong feature fires it, the weak one
// only where the strong is silent — and its output weights read both back.
type Motif struct {
	Neuron int `json:"neuron"`
	// Strong and Weak are the two features; In* their input weights W₁, Out* their output weights W₂.
	Strong             int     `json:"strong"`
	Weak               int     `json:"weak"`
	InStrong, InWeak   float64 `json:"-"`
	OutStrong, OutWeak float64 `json:"-"`
	// InputRatio is |InWeak| / |InStrong| (≤ [Asymmetry]); OutputRatio is |OutWeak| / |OutStrong|, above 1 when
	// the output weights make up for the weak input.
	InputRatio  float64 `json:"input_ratio"`
	OutputRatio float64 `json:"output_ratio"`
}

// AsymmetricMotifs finds the motif neurons of an abs-model instance (W₁ᵀ in in.W and W₂ in in.WOut, both
// `[features][hidden]`): neurons whose input weights above `small` × their largest |W₁| belong to exactly two
// features, of opposite signs, the weaker at most [Asymmetry] × the stronger. They are ordered by input ratio,
// most asymmetric first.
func AsymmetricMotifs(in toysup.Instance, small float64) []Motif {
	if len(in.WOut) != len(in.W) {
		return nil
	}
	var out []Motif
	m := 0
	if len(in.W) > 0 {
		m = len(in.W[0])
	}
	for j := 0; j < m; j++ {
		top := 0.0
		for i := range in.W {
			top = math.Max(top, math.Abs(in.W[i][j]))
		}
		if !(top > 0) {
			continue
		}
		var big []int
		for i := range in.W {
			if math.Abs(in.W[i][j]) > small*top {
				big = append(big, i)
			}
		}
		if len(big) != 2 {
			continue
		}
		s, w := big[0], big[1]
		if math.Abs(in.W[w][j]) > math.Abs(in.W[s][j]) {
			s, w = w, s
		}
		a, b := in.W[s][j], in.W[w][j]
		if a*b >= 0 || math.Abs(b) > Asymmetry*math.Abs(a) {
			continue
		}
		mo := Motif{Neuron: j, Strong: s, Weak: w, InStrong: a, InWeak: b, OutStrong: in.WOut[s][j], OutWeak: in.WOut[w][j],
			InputRatio: math.Abs(b / a)}
		mo.OutputRatio = math.Abs(mo.OutWeak) / math.Abs(mo.OutStrong)
		out = append(out, mo)
	}
	sort.SliceStable(out, func(x, y int) bool { return out[x].InputRatio < out[y].InputRatio })
	return out
}
