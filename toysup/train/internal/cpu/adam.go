package cpu

import "math"

// optStep holds one step's optimizer constants: AdamW's, or plain gradient descent's when sgd.
type optStep struct {
	lr, wd   float32
	inv1     float32 // 1/(1 − β1^t)
	invSqrt2 float32 // 1/√(1 − β2^t)
	sgd      bool
}

func newOptStep(step int, lr, wd float64, sgd bool) optStep {
	t := float64(step + 1)
	return optStep{
		sgd:      sgd,
		lr:       float32(lr),
		wd:       float32(wd),
		inv1:     float32(1 / (1 - math.Pow(Beta1, t))),
		invSqrt2: float32(1 / math.Sqrt(1-math.Pow(Beta2, t))),
	}
}

// update applies AdamW to parameters p with gradient g and moments mo, ve (all the same length):
// m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², p ← p − lr·(m̂/(√v̂ + ε) + wd·p) with m̂, v̂ bias-corrected; or,
// when sgd, gradient descent on the loss plus (wd/2)‖p‖²: p ← p − lr·(g + wd·p) (the moments unused).
func (a optStep) update(p, mo, ve, g []float32) {
	if a.sgd {
		for i, gi := range g[:len(p)] {
			p[i] -= a.lr * (gi + a.wd*p[i])
		}
		return
	}
	mo, ve, g = mo[:len(p)], ve[:len(p)], g[:len(p)]
	const b1, b2, eps = float32(Beta1), float32(Beta2), float32(Epsilon)
	for i, gi := range g {
		mi := b1*mo[i] + (1-b1)*gi
		vi := b2*ve[i] + (1-b2)*gi*gi
		mo[i], ve[i] = mi, vi
		p[i] -= a.lr * (mi*a.inv1/(float32(math.Sqrt(float64(vi)))*a.invSqrt2+eps) + a.wd*p[i])
	}
}
