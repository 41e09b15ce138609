package gomlx

import (
	"math"
	"math/rand/v2"
	"testing"

	G "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// The seed notebook's ToyLoss check: a target offset by arange(20) gives Σ I_i i² = 2470 with I = 1 and
// 42.7268 with I = 0.7^i.
func TestToyLossSeedCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x, target := make([]float64, 20), make([]float64, 20)
	for i := range x {
		x[i] = rng.Float64()
		target[i] = x[i] + float64(i)
	}
	for _, tc := range []struct {
		decay, want, tol float64
	}{{1, 2470, 1e-9}, {0.7, 42.7268, 5e-5}} {
		cfg := toysup.Config{Features: 20, Hidden: 5, ImportanceDecay: &tc.decay, Steps: 1}
		cfg = must.M1(cfg.Resolve())
		imp := cfg.Importances()[0]
		if got := toysup.WeightedSquaredError(imp, target, x); math.Abs(got-tc.want) > tc.tol {
			t.Errorf("host loss with decay %v = %.6f, want %v", tc.decay, got, tc.want)
		}
		// The same through the graph's ImportanceWeightedLoss (batch of one, so the batch mean is the sum).
		backend := must.M1(Backend("go"))
		got := G.MustExecOnce(backend, func(a, b, in *G.Node) *G.Node { return ImportanceWeightedLoss(a, b, in) },
			[][][]float64{{target}}, [][][]float64{{x}}, [][][]float64{{imp}}).Value().([]float64)[0]
		if math.Abs(got-tc.want) > tc.tol*10 {
			t.Errorf("graph loss with decay %v = %.6f, want %v", tc.decay, got, tc.want)
		}
	}
}

// hostLoss is the per-instance loss of params on batch x, computed on the host in float64.
func hostLoss(cfg toysup.Config, p toysup.Params, x toysup.Batch) []float64 {
	imps := cfg.Importances()
	out := make([]float64, cfg.Instances)
	for k := range out {
		for s := 0; s < x.Size; s++ {
			row := x.Row(s, k)
			in := toysup.Instance{W: p.W[k], B: p.B[k]}
			if p.WOut != nil {
				in.WOut = p.WOut[k]
			}
			out[k] += toysup.WeightedSquaredError(imps[k], toysup.Target(cfg.Model, row), toysup.Forward(cfg.Model, in, row))
		}
		out[k] /= float64(x.Size)
	}
	return out
}

// GoMLX's autodiff gradients of Σ_k loss_k equal central finite differences of the host loss, in float64.
func TestGradientsMatchFiniteDifferences(t *testing.T) {
	for _, model := range toysup.ModelKinds {
		decay := 0.8
		cfg := must.M1(toysup.Config{Model: model, Features: 6, Hidden: 3, Instances: 2, ImportanceDecay: &decay,
			FeatureProbability: toysup.Vector([]float64{1, 0.5}), Steps: 1, Seed: 3}.Resolve())
		p := toysup.InitParams(cfg)
		for k := range p.B { // non-zero biases so both sides of the ReLU are exercised.
			for i := range p.B[k] {
				p.B[k][i] = 0.1*float64(i%3-1) + 0.05 // never 0: with h = 0, z = b would sit on the ReLU kink.
			}
		}
		x := must.M1(toysup.NewConfigGenerator(cfg, 7)).Sample(16)
		loss, grad, err := Gradients(cfg, p, x)
		if err != nil {
			t.Fatal(err)
		}
		host := hostLoss(cfg, p, x)
		for k := range loss {
			if math.Abs(loss[k]-host[k]) > 1e-12*max(1, host[k]) {
				t.Errorf("%s: loss[%d] graph %v host %v", model, k, loss[k], host[k])
			}
		}
		const h, tol = 1e-6, 1e-6
		total := func() float64 {
			s := 0.0
			for _, l := range hostLoss(cfg, p, x) {
				s += l
			}
			return s
		}
		check := func(name string, v *float64, g float64) {
			orig := *v
			*v = orig + h
			plus := total()
			*v = orig - h
			minus := total()
			*v = orig
			fd := (plus - minus) / (2 * h)
			if math.Abs(fd-g) > tol*max(1, math.Abs(fd)) {
				t.Errorf("%s: d/d%s autodiff %.9f, finite difference %.9f", model, name, g, fd)
			}
		}
		if (p.WOut == nil) != (grad.WOut == nil) {
			t.Fatalf("%s: WOut gradient presence %v, parameter presence %v", model, grad.WOut != nil, p.WOut != nil)
		}
		for k := range p.W {
			for i := range p.W[k] {
				for j := range p.W[k][i] {
					check("W", &p.W[k][i][j], grad.W[k][i][j])
					if p.WOut != nil {
						check("W_out", &p.WOut[k][i][j], grad.WOut[k][i][j])
					}
				}
				check("b", &p.B[k][i], grad.B[k][i])
			}
		}
	}
}
