package toysup

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"
)

// TrainWithSnapshots records the geometry after 0, every, 2·every, … steps and after the last: the first
// snapshot is the initial parameters', the last the result's, and the file round-trips.
func TestTrainWithSnapshots(t *testing.T) {
	cfg := Config{Features: 5, Hidden: 2, Instances: 2, FeatureProbability: Vector([]float64{0.3, 0.05}), Steps: 45, Seed: 3, Engine: "gomlx"}
	d, err := TrainWithSnapshots(context.Background(), cfg, 10, WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(d.Steps) != "[0 10 20 30 40 45]" {
		t.Fatalf("snapshot steps %v, want [0 10 20 30 40 45]", d.Steps)
	}
	resolved, _ := cfg.Resolve()
	init := InitParams(resolved)
	T := len(d.Steps)
	for k := 0; k < 2; k++ {
		first, last := AnalyzeWeights(init.W[k]), AnalyzeWeights(d.Result.Instances[k].W)
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
	back, err := LoadDynamics(path)
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

// Jumps finds where a feature's D_i moves by more than the threshold within a factor of steps, merges
// overlapping windows, skips features of tiny norm; LossAt averages the logged loss over a step range.
func TestDynamicsJumps(t *testing.T) {
	d := &Dynamics{Result: &Result{}}
	d.D, d.Norms = [][][]float64{nil}, [][][]float64{nil}
	for s := 0; s <= 400; s += 10 {
		d.Steps = append(d.Steps, s)
		// Feature 0 falls from 1 to 1/2 between steps 200 and 240; feature 1 swings as much but has norm 0.01;
		// feature 2 drifts by 0.002 per snapshot.
		f0 := 1.0
		if s >= 240 {
			f0 = 0.5
		} else if s > 200 {
			f0 = 1 - 0.5*float64(s-200)/40
		}
		d.D[0] = append(d.D[0], []float64{f0, 0.5 + 0.4*float64(s%20)/10, 0.2 + 0.002*float64(s/10)})
		d.Norms[0] = append(d.Norms[0], []float64{1, 0.01, 1})
		d.Result.LossHistory.Step = append(d.Result.LossHistory.Step, s)
		d.Result.LossHistory.Loss = append(d.Result.LossHistory.Loss, []float64{f0})
	}
	jumps, err := d.Jumps(0, 0.1, 1.1, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if len(jumps) != 1 {
		t.Fatalf("jumps %v, want one (feature 0 around step 200–240)", jumps)
	}
	j := jumps[0]
	if j.Feature != 0 || j.Step < 180 || j.Step > 210 || j.End < 240 || j.End > 260 || j.From != 1 || j.To != 0.5 {
		t.Errorf("jump %+v, want feature 0 from ≈ step 200 (D 1) to ≈ 240 (D 1/2)", j)
	}
	if _, err := d.Jumps(1, 0.1, 1.1, 0.1); err == nil {
		t.Error("instance 1 of 1 accepted")
	}
	if _, err := d.Jumps(0, 0.1, 1, 0.1); err == nil {
		t.Error("ratio 1 accepted")
	}
	if l := d.LossAt(0, 0, 10); l != 1 {
		t.Errorf("LossAt(0, 0, 10) = %v, want 1", l)
	}
	if l := d.LossAt(0, 401, 500); !math.IsNaN(l) {
		t.Errorf("LossAt over no logged step = %v, want NaN", l)
	}
}

// Claim 16 on the Section 5 octahedron preset (first 3 000 steps): D_i jumps — at least three features, in at
// least two separate episodes — and every jump coincides with a sudden drop of the loss (by more than 20 %
// between the 10 % of steps before it and after it).
func TestJumpsCoincideWithLossDrops(t *testing.T) {
	e := Section5(false)[0]
	cfg := e.Config
	cfg.Steps = 3000
	cfg.LogEvery = 10
	d, err := TrainWithSnapshots(context.Background(), cfg, 20, WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	jumps, err := d.Jumps(0, 0.1, 1.25, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	features, episodes, lastEnd := map[int]bool{}, 0, -1
	for _, j := range jumps {
		features[j.Feature] = true
		if j.Step > lastEnd {
			episodes++
		}
		lastEnd = max(lastEnd, j.End)
		before, after := d.LossAt(0, j.Step*10/11, j.Step), d.LossAt(0, j.End, j.End*11/10)
		if !(after < 0.8*before) {
			t.Errorf("feature %d jumps %.2f → %.2f over steps %d–%d but the loss goes %.4g → %.4g", j.Feature, j.From, j.To, j.Step, j.End, before, after)
		}
	}
	if len(features) < 3 || episodes < 2 {
		t.Errorf("jumps %+v: %d features in %d episodes, want ≥ 3 features in ≥ 2 episodes", jumps, len(features), episodes)
	}
}
