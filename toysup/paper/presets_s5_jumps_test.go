package paper

import (
	"context"
	"testing"

	"github.com/toymodels/superposition/toysup/theory"
	"github.com/toymodels/superposition/toysup/train"
)

// Claim 16 on the Section 5 octahedron preset (first 3 000 steps): D_i jumps — at least three features, in at
// least two separate episodes — and every jump coincides with a sudden drop of the loss (by more than 20 %
// between the 10 % of steps before it and after it).
func TestJumpsCoincideWithLossDrops(t *testing.T) {
	e := Section5(false).Octahedron
	cfg := e.Config
	cfg.Steps = 3000
	cfg.LogEvery = 10
	d, err := train.TrainWithSnapshots(context.Background(), cfg, 20, train.WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	jumps, err := theory.Jumps(d, 0, 0.1, 1.25, 0.1)
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
