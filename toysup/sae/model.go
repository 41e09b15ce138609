package sae

import (
	"math"
	"math/rand/v2"
)

// model is one SAE's parameters in one flat slice (so Adam runs over one vector): W_enc `[L][m]`, W_dec
// `[L][m]`, b_enc `[L]`, b_dec `[m]` and, for JumpReLU, log θ `[L]`.
type model struct {
	L, m    int
	act     Activation
	k       int
	l1, eps float64
	p       []float64 // all parameters
	wEnc    []float64 // views into p
	wDec    []float64
	bEnc    []float64
	bDec    []float64
	logT    []float64
}

// layout cuts a flat vector into the parameter views.
func (md *model) layout(v []float64) (wEnc, wDec, bEnc, bDec, logT []float64) {
	L, m := md.L, md.m
	wEnc, v = v[:L*m], v[L*m:]
	wDec, v = v[:L*m], v[L*m:]
	bEnc, v = v[:L], v[L:]
	bDec, v = v[:m], v[m:]
	return wEnc, wDec, bEnc, bDec, v
}

func (md *model) size() int {
	n := 2*md.L*md.m + md.L + md.m
	if md.act == ActivationJumpReLU {
		n += md.L
	}
	return n
}

// newModel initialises an SAE as ARENA does: W_enc and W_dec uniform in ±√(6/(m·L)) (PyTorch's Kaiming-uniform
// bound for these shapes), decoder rows normalised, biases 0; JumpReLU's θ = threshold. With init "tied" W_enc
// is then set to the normalised W_dec.
func newModel(c Config, hidden int, rng *rand.Rand) *model {
	md := &model{L: c.Latents, m: hidden, act: c.Activation, k: c.K, l1: *c.L1, eps: c.Bandwidth}
	md.p = make([]float64, md.size())
	md.wEnc, md.wDec, md.bEnc, md.bDec, md.logT = md.layout(md.p)
	bound := math.Sqrt(6 / float64(md.m*md.L))
	for i := range md.wEnc {
		md.wEnc[i] = bound * (2*rng.Float64() - 1)
		md.wDec[i] = bound * (2*rng.Float64() - 1)
	}
	for j := range md.L {
		md.normalise(j)
	}
	if c.Init == InitTied {
		copy(md.wEnc, md.wDec)
	}
	for j := range md.logT {
		md.logT[j] = math.Log(c.Threshold)
	}
	return md
}

func (md *model) row(w []float64, j int) []float64 { return w[j*md.m : (j+1)*md.m] }

// normalise scales decoder row j to unit norm.
func (md *model) normalise(j int) {
	d := md.row(md.wDec, j)
	if n := math.Sqrt(dot(d, d)); n > 0 {
		for i := range d {
			d[i] /= n
		}
	}
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// scratch holds one sample's intermediate values.
type scratch struct {
	c, pre, z, r []float64
}

func (md *model) newScratch() *scratch {
	return &scratch{c: make([]float64, md.m), pre: make([]float64, md.L), z: make([]float64, md.L),
		r: make([]float64, md.m)}
}

// forward encodes h into s.z and writes the residual h' − h into s.r; it returns the sample's loss
// (1/m)‖h' − h‖² + λ S(z) and its squared error ‖h' − h‖².
func (md *model) forward(h []float64, s *scratch) (loss, sq float64) {
	for i := range s.c {
		s.c[i] = h[i] - md.bDec[i]
	}
	for j := range md.L {
		s.pre[j] = dot(md.row(md.wEnc, j), s.c) + md.bEnc[j]
	}
	sparsity := md.activate(s)
	copy(s.r, md.bDec)
	for j, zj := range s.z {
		if zj != 0 {
			d := md.row(md.wDec, j)
			for i := range s.r {
				s.r[i] += zj * d[i]
			}
		}
	}
	for i := range s.r {
		s.r[i] -= h[i]
		sq += s.r[i] * s.r[i]
	}
	return sq/float64(md.m) + md.l1*sparsity, sq
}

// activate computes z from pre and returns the sparsity term S(z) (Σz, Σ H(pre − θ), or 0 for TopK).
func (md *model) activate(s *scratch) float64 {
	S := 0.0
	switch md.act {
	case ActivationReLU:
		for j, v := range s.pre {
			s.z[j] = max(v, 0)
			S += s.z[j]
		}
	case ActivationJumpReLU:
		for j, v := range s.pre {
			s.z[j] = 0
			if v > math.Exp(md.logT[j]) {
				s.z[j] = v
				S++
			}
		}
	case ActivationTopK: // k passes of arg-max over the latents not yet chosen; ties go to the lower index.
		clear(s.z)
		for range md.k {
			best := -1
			for j, v := range s.pre {
				if s.z[j] == 0 && v > 0 && (best < 0 || v > s.pre[best]) {
					best = j
				}
			}
			if best < 0 {
				break
			}
			s.z[best] = s.pre[best]
		}
	}
	return S
}

// backward adds scale × the gradient of the sample's loss (after forward on the same h and s) to g, laid out as
// the parameters. For JumpReLU, θ gets the straight-through pseudo-gradients with the rectangle kernel
// K(u) = 1[|u| < ½]: ∂z/∂θ = −(θ/ε) K((pre − θ)/ε) and ∂H(pre − θ)/∂θ = −(1/ε) K((pre − θ)/ε) (through
// log θ: × θ).
func (md *model) backward(s *scratch, scale float64, g []float64) {
	gEnc, gDec, gbEnc, gbDec, gLogT := md.layout(g)
	m := md.m
	gr := 2 * scale / float64(m) // ∂loss/∂h' = gr · r
	for i, ri := range s.r {
		gbDec[i] += gr * ri
	}
	for j, zj := range s.z {
		gzj := 0.0 // reconstruction part of ∂loss/∂z_j, needed where z_j ≠ 0 and in JumpReLU's window
		inWindow := md.act == ActivationJumpReLU && math.Abs(s.pre[j]-math.Exp(md.logT[j])) < md.eps/2
		if zj != 0 || inWindow {
			gzj = gr * dot(md.row(md.wDec, j), s.r)
		}
		if zj != 0 {
			gd := gDec[j*m : (j+1)*m]
			for i, ri := range s.r {
				gd[i] += gr * zj * ri
			}
		}
		gpre := 0.0
		switch md.act {
		case ActivationReLU:
			if zj > 0 {
				gpre = gzj + scale*md.l1
			}
		case ActivationTopK:
			if zj > 0 {
				gpre = gzj
			}
		case ActivationJumpReLU:
			theta := math.Exp(md.logT[j])
			if zj != 0 {
				gpre = gzj
			}
			if inWindow {
				gLogT[j] += theta * (gzj*(-theta/md.eps) + scale*md.l1*(-1/md.eps))
			}
		}
		if gpre == 0 {
			continue
		}
		gbEnc[j] += gpre
		ge, we := gEnc[j*m:(j+1)*m], md.row(md.wEnc, j)
		for i, ci := range s.c {
			ge[i] += gpre * ci
			gbDec[i] -= gpre * we[i] // c = h − b_dec
		}
	}
}

// projectDecoderGrad removes from each decoder row's gradient its component along the row, so a step moves
// the row along the unit sphere to first order (renormalised after the step).
func (md *model) projectDecoderGrad(g []float64) {
	_, gDec, _, _, _ := md.layout(g)
	for j := range md.L {
		d, gd := md.row(md.wDec, j), gDec[j*md.m:(j+1)*md.m]
		a := dot(d, gd)
		for i := range gd {
			gd[i] -= a * d[i]
		}
	}
}
