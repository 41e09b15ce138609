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

// update applies the rule to parameters p with gradient g and moments mo, ve (all the same length; g is scratch
// and may be overwritten). AdamL2 and SGD first add the L2 term's gradient, g ← g + wd·p. Then SGD:
// p ← p − lr·g, the moments unused; AdamW and AdamL2: m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g²,
// p ← p − lr·(m̂/(√v̂ + ε) + wd·p) with m̂, v̂ bias-corrected, the decoupled term wd·p for AdamW only.
func (a optStep) update(p, mo, ve, g []float32) {
	g = g[:len(p)]
	decoupled := a.wd
	if a.rule != AdamW {
		for i := range g {
			g[i] += a.wd * p[i]
		}
		decoupled = 0
	}
	if a.rule == SGD {
		for i, gi := range g {
			p[i] -= a.lr * gi
		}
		return
	}
	mo, ve = mo[:len(p)], ve[:len(p)]
	const b1, b2, eps = float32(Beta1), float32(Beta2), float32(Epsilon)
	for i, gi := range g {
		mi := b1*mo[i] + (1-b1)*gi
		vi := b2*ve[i] + (1-b2)*gi*gi
		mo[i], ve[i] = mi, vi
		p[i] -= a.lr * (mi*a.inv1/(float32(math.Sqrt(float64(vi)))*a.invSqrt2+eps) + decoupled*p[i])
	}
}
