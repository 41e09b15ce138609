package paper

import (
	"context"
	"testing"

	"github.com/toymodels/superposition/toysup/theory"
	"github.com/toymodels/superposition/toysup/train"
)

// Claim 16 on the Section 5 octahedron preset (its 10 000 steps, snapshots every 20): D_i jumps — at least three
// features, through more than one regime (the jumps form at least two separate episodes, or some feature jumps
// twice: from one fraction to another and on again) — and every jump coincides with a sudden drop of the loss (by
// more than 20 % between the 10 % of steps before it and after it).
func TestJumpsCoincideWithLossDrops(t *testing.T) {
	e := Section5(false).Octahedron
	cfg := e.Config
	cfg.LogEvery = 10
	d, err := train.TrainWithSnapshots(context.Background(), cfg, 20, train.WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	jumps, err := theory.Jumps(d, 0, 0.1, 1.25, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	features, episodes, lastEnd := map[int]int{}, 0, -1
	for _, j := range jumps {
		features[j.Feature]++
		if j.Step > lastEnd {
			episodes++
		}
		lastEnd = max(lastEnd, j.End)
		before, after := d.LossAt(0, j.Step*10/11, j.Step), d.LossAt(0, j.End, j.End*11/10)
		if !(after < 0.8*before) {
			t.Errorf("feature %d jumps %.2f → %.2f over steps %d–%d but the loss goes %.4g → %.4g", j.Feature, j.From, j.To, j.Step, j.End, before, after)
		}
	}
	twice := 0
	for _, n := range features {
		if n >= 2 {
			twice++
		}
	}
	if len(features) < 3 || episodes < 2 && twice == 0 {
		t.Errorf("jumps %+v: %d features in %d episodes, %d jumping twice; want ≥ 3 features, and ≥ 2 episodes or a feature jumping twice", jumps, len(features), episodes, twice)
	}
}
