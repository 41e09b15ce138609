package theory

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The closed form at T = 2, 3, 4, 6: u = max(½, 1/(1 − cos 360°/T)), d = 1 − u, cost u + (1 − u)².
func TestRegularMemorizationClosedForm(t *testing.T) {
	for _, c := range []struct{ T, u, d, cost float64 }{{2, 0.5, 0.5, 0.75}, {3, 2.0 / 3, 1.0 / 3, 7.0 / 9}, {4, 1, 0, 1}, {6, 2, -1, 3}} {
		p, err := RegularMemorization(int(c.T))
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(p.HiddenNorm2-c.u) > 1e-12 || math.Abs(p.BiasRatio-c.d) > 1e-12 || math.Abs(p.Cost-c.cost) > 1e-12 || p.Gap != 360/c.T {
			t.Errorf("T=%g: %+v, want u %g, d %g, cost %g", c.T, p, c.u, c.d, c.cost)
		}
	}
	if _, err := RegularMemorization(1); err == nil {
		t.Error("T = 1: want an error")
	}
}

// The closed-form weights memorize: for T = 2…8 unit-norm points with disjoint random supports, W_i = √u·x_ti·û_t
// and b_i = d·x_ti (û_t a regular T-gon) recall every training point exactly (to 1e-12) through the ReLU-output
// model x' = ReLU(Wᵀ W x + b), with every other point's output for feature i at most 0, and spend ‖W‖² + ‖b‖² =
// T·Cost.
func TestRegularMemorizationRecallsThePoints(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for T := 2; T <= 8; T++ {
		p, err := RegularMemorization(T)
		if err != nil {
			t.Fatal(err)
		}
		const perPoint = 7
		n := T * perPoint
		x := make([][]float64, T)
		W, b := make([][]float64, n), make([]float64, n)
		for s := range x {
			x[s] = make([]float64, n)
			norm := 0.0
			for j := 0; j < perPoint; j++ {
				v := rng.Float64()
				x[s][s*perPoint+j], norm = v, norm+v*v
			}
			a := 2 * math.Pi * float64(s) / float64(T)
			for j := 0; j < perPoint; j++ {
				i := s*perPoint + j
				x[s][i] /= math.Sqrt(norm)
				c := math.Sqrt(p.HiddenNorm2) * x[s][i]
				W[i], b[i] = []float64{c * math.Cos(a), c * math.Sin(a)}, p.BiasRatio*x[s][i]
			}
		}
		spent := 0.0
		for i := range W {
			spent += W[i][0]*W[i][0] + W[i][1]*W[i][1] + b[i]*b[i]
		}
		if math.Abs(spent-float64(T)*p.Cost) > 1e-9 {
			t.Errorf("T=%d: ‖W‖² + ‖b‖² = %g, want T·Cost = %g", T, spent, float64(T)*p.Cost)
		}
		for s := range x {
			h := []float64{0, 0}
			for i, v := range x[s] {
				h[0], h[1] = h[0]+W[i][0]*v, h[1]+W[i][1]*v
			}
			for i := range W {
				if out := math.Max(0, W[i][0]*h[0]+W[i][1]*h[1]+b[i]); math.Abs(out-x[s][i]) > 1e-12 {
					t.Fatalf("T=%d point %d feature %d: output %g, want %g", T, s, i, out, x[s][i])
				}
			}
		}
	}
}

// PolygonCost is T·Cost for the regular T-gon and more for 2 000 random T-gons, T = 3…8.
func TestPolygonCostIsLeastForTheRegularPolygon(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for T := 3; T <= 8; T++ {
		p, _ := RegularMemorization(T)
		regular := make([]float64, T)
		for i := range regular {
			regular[i] = 360 / float64(T)
		}
		if c := PolygonCost(regular); math.Abs(c-float64(T)*p.Cost) > 1e-9 {
			t.Errorf("T=%d: regular polygon costs %g, want %g", T, c, float64(T)*p.Cost)
		}
		for trial := 0; trial < 2000; trial++ {
			angles := make([][]float64, T)
			for i := range angles {
				a := rng.Float64() * 2 * math.Pi
				angles[i] = []float64{math.Cos(a), math.Sin(a)}
			}
			gaps := AngleGaps(angles)
			if c := PolygonCost(gaps); !(c > float64(T)*p.Cost) {
				t.Fatalf("T=%d: gaps %v cost %g ≤ the regular polygon's %g", T, gaps, c, float64(T)*p.Cost)
			}
		}
	}
	if got := PolygonCost([]float64{104, 104, 152}); !(got > 1.05*PolygonCost([]float64{120, 120, 120})) {
		t.Errorf("the 104/104/152 triangle costs %g: want > 5 %% above the equilateral's", got)
	}
}
