package theory

import (
	"sort"

	"github.com/toymodels/superposition/toysup"
)

// OptimalLinearLoss is the lowest loss a linear model `x' = WᵀW x + b` with m hidden dimensions can reach on an
// instance's independent features (Section 2, claim 2): it represents the m features of largest I_i·Var(x_i)
// exactly, sets every other bias to E[x_i] = p_i/2, and loses Σ_{dropped} I_i·Var(x_i), Var(x_i) = p_i/3 − p_i²/4.
func OptimalLinearLoss(in toysup.Instance, m int) float64 {
	lost := make([]float64, len(in.Importance))
	for i, imp := range in.Importance {
		p := in.FeatureProbability[i]
		lost[i] = imp * (p/3 - p*p/4)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(lost)))
	sum := 0.0
	for _, v := range lost[min(m, len(lost)):] {
		sum += v
	}
	return sum
}
