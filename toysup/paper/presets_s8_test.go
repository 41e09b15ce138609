package paper

import (
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

func TestSection8Presets(t *testing.T) {
	small, err := Section8(false).Small.Config.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if small.Model != toysup.ModelAbs || small.Features != 3 || small.Hidden != 6 || small.Instances != len(Section8SmallDensities)*Section8SmallSeeds {
		t.Errorf("small: %s n=%d m=%d K=%d", small.Model, small.Features, small.Hidden, small.Instances)
	}
	if p := small.FeatureProbabilities(); p[0][0] != 1 || p[small.Instances-1][2] != Section8SmallDensities[len(Section8SmallDensities)-1] {
		t.Errorf("small densities %v … %v", p[0], p[small.Instances-1])
	}
	main, err := Section8(false).Main.Config.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if main.Model != toysup.ModelAbs || main.Features != 100 || main.Hidden != 40 || main.Instances != 7 || main.BatchSize != 1024 || main.Steps != 10_000 {
		t.Errorf("main: %s n=%d m=%d K=%d batch=%d steps=%d", main.Model, main.Features, main.Hidden, main.Instances, main.BatchSize, main.Steps)
	}
	p, imp := main.FeatureProbabilities(), main.Importances()
	for k, d := range Section8Densities {
		if p[k][50] != d {
			t.Errorf("instance %d: density %v, want %v", k, p[k][50], d)
		}
	}
	if math.Abs(imp[0][10]-math.Pow(0.8, 10)) > 1e-15 {
		t.Errorf("I_10 = %v, want 0.8¹⁰", imp[0][10])
	}
	// Abs data: non-zero inputs are signed (Uniform[−1, 1]).
	if !main.Sampling().Signed {
		t.Error("the abs preset does not draw signed inputs")
	}
	for _, e := range Section8(true).All() {
		if e.Config.Steps != QuickSteps {
			t.Errorf("%s quick: %d steps, want %d", e.Name, e.Config.Steps, QuickSteps)
		}
	}
}
