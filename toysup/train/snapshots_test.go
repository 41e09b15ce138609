package train

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// TrainWithSnapshots records the geometry after 0, every, 2·every, … steps and after the last: the first
// snapshot is the initial parameters', the last the result's, and the file round-trips.
func TestTrainWithSnapshots(t *testing.T) {
	cfg := toysup.Config{Features: 5, Hidden: 2, Instances: 2, FeatureProbability: toysup.Vector([]float64{0.3, 0.05}), Steps: 45, Seed: 3, Engine: "gomlx"}
	d, err := TrainWithSnapshots(context.Background(), cfg, 10, WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(d.Steps) != "[0 10 20 30 40 45]" {
		t.Fatalf("snapshot steps %v, want [0 10 20 30 40 45]", d.Steps)
	}
	resolved, _ := cfg.Resolve()
	init := toysup.InitParams(resolved)
	T := len(d.Steps)
	for k := 0; k < 2; k++ {
		first, last := toysup.AnalyzeWeights(init.W[k]), toysup.AnalyzeWeights(d.Result.Instances[k].W)
		for i := 0; i < 5; i++ {
			if math.Abs(d.D[k][0][i]-first.FeatureDimensionality[i]) > 1e-6 || math.Abs(d.Norms[k][0][i]-first.Norms[i]) > 1e-6 {
				t.Errorf("instance %d feature %d: first snapshot D=%v ‖W‖=%v, initial parameters give %v, %v", k, i, d.D[k][0][i], d.Norms[k][0][i], first.FeatureDimensionality[i], first.Norms[i])
			}
			if d.D[k][T-1][i] != last.FeatureDimensionality[i] || d.Norms[k][T-1][i] != last.Norms[i] {
				t.Errorf("instance %d feature %d: last snapshot differs from the result's weights", k, i)
			}
		}
		if d.DStar[k][T-1] != last.DimensionsPerFeature {
			t.Errorf("instance %d: last D* %v, result's %v", k, d.DStar[k][T-1], last.DimensionsPerFeature)
		}
	}
	path := filepath.Join(t.TempDir(), "dyn.json")
	if err := d.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := toysup.LoadDynamics(path)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(back.Steps) != fmt.Sprint(d.Steps) || back.D[1][3][4] != d.D[1][3][4] || len(back.Result.Instances) != 2 {
		t.Error("dynamics did not round-trip through its file")
	}
	if _, err := TrainWithSnapshots(context.Background(), cfg, 0); err == nil {
		t.Error("snapshot interval 0 accepted")
	}
}
