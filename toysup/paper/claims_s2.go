package paper

import (
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup/theory"
)

// Section2Claims are claims 1–6 and 17 on the Section 2 run (the linear model, the ReLU sweep, the intro model).
func Section2Claims(run *Section2Run) []Claim {
	return []Claim{Claim1(run), Claim2(run), Claim3(run), Claim4(run), Claim5(run), Claim6(run), Claim17(run)}
}

// Claim1: the linear model keeps the m most important features, orthogonal: every |WᵀW_ij − δ_ij·[i<m]| ≤ 0.1,
// and each dropped feature's bias is within 0.05 of E[x_i] = p/2.
func Claim1(run *Section2Run) Claim {
	c := Claim{ID: 1, Section: "2", Statement: "the linear model keeps the m most important features, orthogonal; dropped biases ≈ p/2",
		Paper: "WᵀW ≈ diag(1,…,1,0,…); b_i ≈ p/2 for dropped i"}
	in, a, m := run.Linear.Result.Instances[0], run.Linear.Analyses[0], run.Linear.Result.Config.Hidden
	dev, bdev := 0.0, 0.0
	for i, row := range a.WtW {
		for j, v := range row {
			want := 0.0
			if i == j && i < m {
				want = 1
			}
			dev = math.Max(dev, math.Abs(v-want))
		}
		if i >= m {
			bdev = math.Max(bdev, math.Abs(in.B[i]-in.FeatureProbability[i]/2))
		}
	}
	c.Measured = fmt.Sprintf("max |WᵀW − diag| = %.3f; max |b_i − p/2| over dropped = %.3f", dev, bdev)
	var failed []string
	if !(dev <= 0.1) {
		failed = append(failed, fmt.Sprintf("WᵀW deviates by %.3f > 0.1", dev))
	}
	if !(bdev <= 0.05) {
		failed = append(failed, fmt.Sprintf("a dropped bias deviates by %.3f > 0.05", bdev))
	}
	return verdict(c, failed)
}

// Claim2: the linear model's loss on fresh samples is within 2 % of the closed form Σ_{i≥m} I_i·Var(x_i)
// ([theory.OptimalLinearLoss]).
func Claim2(run *Section2Run) Claim {
	in, a := run.Linear.Result.Instances[0], run.Linear.Analyses[0]
	opt := theory.OptimalLinearLoss(in, run.Linear.Result.Config.Hidden)
	c := Claim{ID: 2, Section: "2", Statement: "the linear model reaches the optimal loss Σ_{i≥m} I_i·Var(x_i)",
		Paper: fmt.Sprintf("%.5f (n=20, m=5, I=0.7^i, p=1: 0.04646)", opt)}
	rel := a.EvalLoss/opt - 1
	c.Measured = fmt.Sprintf("%.5f (%+.1f %%)", a.EvalLoss, 100*rel)
	var failed []string
	if math.IsNaN(rel) || math.Abs(rel) > 0.02 {
		failed = append(failed, fmt.Sprintf("loss off the closed form by %+.1f %% (threshold ±2 %%)", 100*rel))
	}
	return verdict(c, failed)
}

// Claim3: the densest ReLU-output model behaves like the linear one: every |WᵀW_ij(ReLU) − WᵀW_ij(linear)| ≤ 0.1.
func Claim3(run *Section2Run) Claim {
	c := Claim{ID: 3, Section: "2", Statement: "a dense ReLU-output model behaves like the linear one", Paper: "same WᵀW as the linear model"}
	k := densest(run.Sweep)
	relu, lin := run.Sweep.Analyses[k].WtW, run.Linear.Analyses[0].WtW
	dev := 0.0
	for i := range relu {
		for j := range relu[i] {
			dev = math.Max(dev, math.Abs(relu[i][j]-lin[i][j]))
		}
	}
	c.Measured = fmt.Sprintf("max |ΔWᵀW| = %.3f at 1−S = %g", dev, density(run.Sweep.Result.Instances[k]))
	var failed []string
	if !(dev <= 0.1) {
		failed = append(failed, fmt.Sprintf("WᵀW differs by %.3f > 0.1", dev))
	}
	return verdict(c, failed)
}

// densest is the index of t's densest instance.
func densest(t *Trained) int {
	k := 0
	for i, in := range t.Result.Instances {
		if density(in) > density(t.Result.Instances[k]) {
			k = i
		}
	}
	return k
}

// Claim4: over the ReLU sweep from dense to sparse, at the first density where any represented feature is in
// superposition, every superposed feature is less important than every dedicated one, with D_i within 0.1 of 1/2
// (antipodal pairs); and wherever any feature is dedicated, feature 0 (the most important) is.
func Claim4(run *Section2Run) Claim {
	c := Claim{ID: 4, Section: "2", Statement: "least important features enter superposition first, as antipodal pairs; the most important stay dedicated longest",
		Paper: "superposed ⊂ least important; D_i = 1/2 at first; feature 0 dedicated last"}
	return orderClaim(c, run.Sweep, true)
}

// Claim17: Claim 4's order on the scaled-up sweep (n=80, m=20, I=0.9^i): at the first superposition every
// superposed feature is less important than every dedicated one, and wherever any feature is dedicated, feature 0
// is (the paper: the most important features are the last to share a dimension).
func Claim17(run *Section2Run) Claim {
	c := Claim{ID: 17, Section: "2", Statement: "scaled up (n=80, m=20, I=0.9^i): the least important features share first, the most important last",
		Paper: "superposed ⊂ least important; feature 0 dedicated last"}
	if run.Scaled == nil {
		return notEvaluated(c, "the scaled-up sweep was not run")
	}
	return orderClaim(c, run.Scaled, false)
}

// orderClaim checks the order in which a sweep's features enter superposition (Claims 4 and 17); antipodal also
// asks the first superposed features to have D_i = ½ ± 0.1.
func orderClaim(c Claim, sweep *Trained, antipodal bool) Claim {
	var failed []string
	first := true
	for _, k := range byDensity(sweep, false) {
		a := sweep.Analyses[k]
		var ded, sup []int
		for _, i := range represented(a) {
			if a.Superposition[i] < DedicatedSuperposition {
				ded = append(ded, i)
			} else {
				sup = append(sup, i)
			}
		}
		p := density(sweep.Result.Instances[k])
		if len(ded) > 0 && ded[0] != 0 {
			failed = append(failed, fmt.Sprintf("1−S=%g: feature 0 not dedicated while %s are", p, clipInts(ded)))
		}
		if first && len(sup) > 0 {
			first = false
			c.Measured = fmt.Sprintf("first superposition at 1−S=%g: features %s (D_i %s), dedicated %s", p, clipInts(sup), floats(pick(a.FeatureDimensionality, clip(sup)), 2), clipInts(ded))
			if len(ded) > 0 && sup[0] < ded[len(ded)-1] {
				failed = append(failed, "a superposed feature is more important than a dedicated one")
			}
			for _, i := range sup {
				if antipodal && math.Abs(a.FeatureDimensionality[i]-0.5) > 0.1 {
					failed = append(failed, fmt.Sprintf("feature %d enters with D_i=%.2f, not ½±0.1", i, a.FeatureDimensionality[i]))
					break
				}
			}
		}
	}
	if first {
		return notEvaluated(c, "no model of the sweep has a feature in superposition")
	}
	return verdict(c, failed)
}

// clip keeps the first 12 of v (for the scorecard's text).
func clip(v []int) []int { return v[:min(len(v), 12)] }

// clipInts is [ints] of at most 12 values, with "…" when more.
func clipInts(v []int) string {
	if len(v) > 12 {
		return ints(v[:12]) + " …"
	}
	return ints(v)
}

// pick are v's values at idx.
func pick(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}

// byDensity lists t's instances by density, densest first (ascending: sparsest first).
func byDensity(t *Trained, ascending bool) []int {
	idx := make([]int, len(t.Result.Instances))
	for i := range idx {
		idx[i] = i
	}
	in := t.Result.Instances
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0; j-- {
			a, b := density(in[idx[j-1]]), density(in[idx[j]])
			if (ascending && a <= b) || (!ascending && a >= b) {
				break
			}
			idx[j-1], idx[j] = idx[j], idx[j-1]
		}
	}
	return idx
}

// Claim5: in the sparsest ReLU model every feature is represented and in superposition (superposition ≥ 0.1),
// and every bias is negative.
func Claim5(run *Section2Run) Claim {
	c := Claim{ID: 5, Section: "2", Statement: "at high sparsity all features are in superposition and the biases turn negative",
		Paper: "all n features superposed, b_i < 0"}
	k := byDensity(run.Sweep, true)[0]
	a, in := run.Sweep.Analyses[k], run.Sweep.Result.Instances[k]
	sup, neg := 0, 0
	for i := range a.Norms {
		if a.Norms[i] > RepresentedNorm && a.Superposition[i] >= DedicatedSuperposition {
			sup++
		}
		if in.B[i] < 0 {
			neg++
		}
	}
	n := len(a.Norms)
	c.Measured = fmt.Sprintf("1−S=%g: %d/%d features represented and superposed, %d/%d biases negative", density(in), sup, n, neg, n)
	var failed []string
	if sup < n {
		failed = append(failed, fmt.Sprintf("%d features not in superposition", n-sup))
	}
	if neg < n {
		failed = append(failed, fmt.Sprintf("%d biases ≥ 0", n-neg))
	}
	return verdict(c, failed)
}
