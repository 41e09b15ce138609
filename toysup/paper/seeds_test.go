package paper

import (
	"reflect"
	"strings"
	"testing"
)

// WithSeeds repeats every setting of a preset `seeds` times in setting order, keeping the other fields; bad counts
// are refused naming the field.
func TestWithSeeds(t *testing.T) {
	e := Section7(false).Sweep
	got, err := e.WithSeeds(3)
	if err != nil {
		t.Fatal(err)
	}
	if got.Config.Instances != 3*len(Section7Densities) || got.Seeds != 3 {
		t.Fatalf("%d instances, %d seeds, want %d × 3", got.Config.Instances, got.Seeds, len(Section7Densities))
	}
	p, imp := got.Config.FeatureProbabilities(), got.Config.Importances()
	want := e.Config.Importances()[0]
	for k := range p {
		if p[k][0] != Section7Densities[k/3] || !reflect.DeepEqual(imp[k], want) {
			t.Errorf("instance %d: p %v, importance %v, want density %v and %v", k, p[k][0], imp[k], Section7Densities[k/3], want)
		}
	}
	if got.Config.Model != e.Config.Model || got.Config.Steps != e.Config.Steps || got.Config.Optimizer != e.Config.Optimizer {
		t.Errorf("other fields changed: %+v", got.Config)
	}
	if same, err := e.WithSeeds(0); err != nil || !reflect.DeepEqual(same, e) {
		t.Errorf("seeds 0: %v, changed %v", err, !reflect.DeepEqual(same, e))
	}
	for _, bad := range []int{-1, MaxSeeds + 1} {
		if _, err := e.WithSeeds(bad); err == nil || !strings.Contains(err.Error(), "seeds") {
			t.Errorf("seeds %d: err %v, want a refusal naming seeds", bad, err)
		}
	}
	if err := (Runner{Seeds: -2}).Validate(); err == nil || !strings.Contains(err.Error(), "seeds") {
		t.Errorf("Runner{Seeds: -2}.Validate: %v", err)
	}
	// The runner applies it to best-of-K experiments only.
	r := Runner{Seeds: 2}
	if pe, _ := r.Prepare(e); pe.Config.Instances != 2*len(Section7Densities) {
		t.Errorf("Prepare: %d instances", pe.Config.Instances)
	}
	six := Section6(false).Sweep
	if pe, _ := r.Prepare(six); !reflect.DeepEqual(pe, six) {
		t.Error("Prepare changed an experiment that keeps every instance")
	}
}
