package toysup

import (
	"math"
	"testing"
)

// Paired evaluation agrees with independent evaluation on the means, and its reported standard error of the
// difference is what the spread of the differences over consecutive seeds shows (which also checks that
// consecutive seeds draw independent samples).
func TestPairedEvalLoss(t *testing.T) {
	cfg := Config{Model: ModelReLUOutput, Features: 5, Hidden: 2}
	p := []float64{0.05, 0.05, 0.05, 0.05, 0.05}
	imp := []float64{1, 1, 1, 1, 1}
	ring := func(phase float64) Instance {
		W := make([][]float64, 5)
		for i := range W {
			a := phase + 2*math.Pi*float64(i)/5
			W[i] = []float64{math.Cos(a), math.Sin(a)}
		}
		return Instance{FeatureProbability: p, Importance: imp, W: W, B: []float64{-0.1, -0.1, -0.1, -0.1, -0.1}}
	}
	a, b := ring(0), ring(0)
	b.B = []float64{-0.2, -0.2, -0.2, -0.2, -0.2} // a slightly worse bias
	const samples = 40_000
	var diffs []float64
	var ses []float64
	var sumPaired, sumInd [2]float64
	for seed := uint64(1); seed <= 16; seed++ {
		mean, se, err := PairedEvalLoss(cfg, []Instance{a, b}, samples, seed)
		if err != nil {
			t.Fatal(err)
		}
		if se[0] != 0 && se[1] != 0 {
			t.Fatalf("seed %d: se %v, want 0 for the lowest", seed, se)
		}
		diffs, ses = append(diffs, mean[1]-mean[0]), append(ses, se[0]+se[1])
		ind, err := EvalLoss(cfg, []Instance{a, b}, samples, seed)
		if err != nil {
			t.Fatal(err)
		}
		for k := range ind {
			sumPaired[k] += mean[k]
			sumInd[k] += ind[k]
		}
	}
	// Each 40 000-sample estimate has a relative error of about 6 % at this sparsity; the sums over 16 seeds, 1.5 %.
	for k := range sumPaired {
		if math.Abs(sumInd[k]-sumPaired[k]) > 0.04*sumPaired[k] {
			t.Errorf("instance %d: paired mean %.5f, independent %.5f over 16 seeds", k, sumPaired[k]/16, sumInd[k]/16)
		}
	}
	mu, sd := meanStd(diffs)
	seMean, _ := meanStd(ses)
	t.Logf("difference %.3g ± %.2g over seeds; reported se %.2g", mu, sd, seMean)
	if !(mu > 0) || sd > 2*seMean || sd < seMean/2 {
		t.Errorf("differences %.3g ± %.2g over seeds, reported se %.2g: want b worse and the reported se within 2× of the spread", mu, sd, seMean)
	}
	if _, _, err := PairedEvalLoss(cfg, []Instance{a, {FeatureProbability: []float64{0.1, 0.05, 0.05, 0.05, 0.05}, Importance: imp, W: a.W, B: a.B}}, samples, 1); err == nil {
		t.Error("two settings: want an error")
	}
}

func meanStd(v []float64) (float64, float64) {
	m := 0.0
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	s := 0.0
	for _, x := range v {
		s += (x - m) * (x - m)
	}
	return m, math.Sqrt(s / float64(len(v)-1))
}
