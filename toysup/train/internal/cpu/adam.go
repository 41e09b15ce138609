package cpu

import "math"

// Rule is an optimizer's update rule ([Config.Rule]).
type Rule int

// Update rules: AdamW (decoupled weight decay; with weight decay 0, Adam), Adam on the gradient of loss +
// (wd/2)‖θ‖² (PyTorch's Adam with weight_decay), and plain gradient descent on that objective.
const (
	AdamW Rule = iota
	AdamL2
	SGD
)

// optStep holds one step's optimizer constants.
type optStep struct {
	lr, wd   float32
	inv1     float32 // 1/(1 − β1^t)
	invSqrt2 float32 // 1/√(1 − β2^t)
	rule     Rule
}

func newOptStep(step int, lr, wd float64, rule Rule) optStep {
	t := float64(step + 1)
	return optStep{
		rule:     rule,
		lr:       float32(lr),
		wd:       float32(wd),
		inv1:     float32(1 / (1 - math.Pow(Beta1, t))),
		invSqrt2: float32(1 / math.Sqrt(1-math.Pow(Beta2, t))),
	}
}

// update applies the rule to parameters p with gradient g and moments mo, ve (all the same length). AdamW:
// m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², p ← p − lr·(m̂/(√v̂ + ε) + wd·p) with m̂, v̂ bias-corrected;
// AdamL2: the same Adam step on g + wd·p, without the decoupled term; SGD: p ← p − lr·(g + wd·p), the moments
// unused.
func (a optStep) update(p, mo, ve, g []float32) {
	switch a.rule {
	case SGD:
		for i, gi := range g[:len(p)] {
			p[i] -= a.lr * (gi + a.wd*p[i])
		}
		return
	case AdamL2:
		a.adam(p, mo, ve, g, a.wd, 0)
		return
	}
	a.adam(p, mo, ve, g, 0, a.wd)
}

// adam is one Adam step on the gradient g + l2·p with decoupled decay wd·p.
func (a optStep) adam(p, mo, ve, g []float32, l2, wd float32) {
	mo, ve, g = mo[:len(p)], ve[:len(p)], g[:len(p)]
	const b1, b2, eps = float32(Beta1), float32(Beta2), float32(Epsilon)
	for i, gi := range g {
		gi += l2 * p[i]
		mi := b1*mo[i] + (1-b1)*gi
		vi := b2*ve[i] + (1-b2)*gi*gi
		mo[i], ve[i] = mi, vi
		p[i] -= a.lr * (mi*a.inv1/(float32(math.Sqrt(float64(vi)))*a.invSqrt2+eps) + wd*p[i])
	}
}
