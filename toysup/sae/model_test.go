package sae

import (
	"math"
	"math/rand/v2"
	"testing"
)

// testModel is a small SAE with random parameters (non-zero biases, so every term of the gradient is exercised).
func testModel(act Activation, l1 float64) *model {
	rng := rand.New(rand.NewPCG(1, 2))
	c := Config{Latents: 6, Activation: act, L1: &l1, K: 2, Threshold: 0.05, Bandwidth: 0.2}
	md := newModel(c, 3, rng)
	for i := range md.bEnc {
		md.bEnc[i] = 0.2 * rng.NormFloat64()
	}
	for i := range md.bDec {
		md.bDec[i] = 0.1 * rng.NormFloat64()
	}
	return md
}

// batchLoss is the mean loss over the inputs hs.
func batchLoss(md *model, hs [][]float64) float64 {
	s, sum := md.newScratch(), 0.0
	for _, h := range hs {
		l, _ := md.forward(h, s)
		sum += l
	}
	return sum / float64(len(hs))
}

func batchGrad(md *model, hs [][]float64) []float64 {
	s, g := md.newScratch(), make([]float64, len(md.p))
	for _, h := range hs {
		md.forward(h, s)
		md.backward(s, 1/float64(len(hs)), g)
	}
	return g
}

func testInputs(n, m int) [][]float64 {
	rng := rand.New(rand.NewPCG(3, 4))
	hs := make([][]float64, n)
	for i := range hs {
		hs[i] = make([]float64, m)
		for j := range hs[i] {
			hs[i][j] = rng.NormFloat64()
		}
	}
	return hs
}

// The hand-written gradients equal central finite differences of the loss for every parameter (for JumpReLU,
// every parameter but θ, whose gradient is a straight-through estimate; see TestJumpReLUThresholdGradient).
func TestGradientsMatchFiniteDifferences(t *testing.T) {
	for _, act := range []Activation{ActivationReLU, ActivationTopK, ActivationJumpReLU} {
		l1 := 0.3
		if act == ActivationTopK {
			l1 = 0
		}
		md := testModel(act, l1)
		hs := testInputs(40, md.m)
		g := batchGrad(md, hs)
		skip := len(md.p)
		if act == ActivationJumpReLU {
			skip = len(md.p) - md.L // log θ is last
		}
		const eps = 1e-6
		for i := 0; i < skip; i++ {
			orig := md.p[i]
			md.p[i] = orig + eps
			up := batchLoss(md, hs)
			md.p[i] = orig - eps
			down := batchLoss(md, hs)
			md.p[i] = orig
			fd := (up - down) / (2 * eps)
			if math.Abs(fd-g[i]) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("%s: parameter %d: gradient %.9g, finite difference %.9g", act, i, g[i], fd)
			}
		}
	}
}

// JumpReLU's θ gradient is the straight-through estimate: for each input whose pre-activation lies within ε/2
// of θ_j, ∂/∂θ_j = −(θ/ε)·(∂L/∂z_j) − λ/ε, times θ for log θ; here recomputed directly.
func TestJumpReLUThresholdGradient(t *testing.T) {
	md := testModel(ActivationJumpReLU, 0.3)
	hs := testInputs(200, md.m)
	g := batchGrad(md, hs)
	_, _, _, _, gLogT := md.layout(g)
	want := make([]float64, md.L)
	s := md.newScratch()
	hits := 0
	for _, h := range hs {
		md.forward(h, s)
		for j := range md.L {
			theta := math.Exp(md.logT[j])
			if math.Abs(s.pre[j]-theta) < md.eps/2 {
				hits++
				gz := 2 / float64(md.m) * dot(md.row(md.wDec, j), s.r)
				want[j] += theta * (-theta/md.eps*gz - md.l1/md.eps) / float64(len(hs))
			}
		}
	}
	if hits == 0 {
		t.Fatal("no pre-activation fell in the window: the test checks nothing")
	}
	for j := range want {
		if math.Abs(want[j]-gLogT[j]) > 1e-12 {
			t.Errorf("latent %d: log θ gradient %g, want %g", j, gLogT[j], want[j])
		}
	}
}

// TopK keeps exactly the k largest positive pre-activations.
func TestTopKActivation(t *testing.T) {
	md := testModel(ActivationTopK, 0)
	s := md.newScratch()
	copy(s.pre, []float64{0.1, 0.5, -1, 0.3, 0.5, 0.2})
	md.activate(s)
	want := []float64{0, 0.5, 0, 0, 0.5, 0}
	for j := range want {
		if s.z[j] != want[j] {
			t.Fatalf("z = %v, want %v", s.z, want)
		}
	}
	copy(s.pre, []float64{-0.1, -0.5, -1, 0.3, -0.5, -0.2})
	md.activate(s)
	if s.z[3] != 0.3 || s.z[0] != 0 {
		t.Fatalf("z = %v: want only latent 3 (the one positive pre-activation)", s.z)
	}
}

// Projecting the decoder gradient leaves no component along each decoder row.
func TestProjectDecoderGrad(t *testing.T) {
	md := testModel(ActivationReLU, 0.1)
	g := batchGrad(md, testInputs(10, md.m))
	md.projectDecoderGrad(g)
	_, gDec, _, _, _ := md.layout(g)
	for j := range md.L {
		if a := dot(md.row(md.wDec, j), gDec[j*md.m:(j+1)*md.m]); math.Abs(a) > 1e-12 {
			t.Errorf("row %d: gradient keeps %g along the row", j, a)
		}
	}
}
