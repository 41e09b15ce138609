package theory

import (
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// Jumps finds where a feature's D_i moves by more than the threshold within a factor of steps, merges
// overlapping windows, skips features of tiny norm; LossAt averages the logged loss over a step range.
func TestDynamicsJumps(t *testing.T) {
	d := &toysup.Dynamics{Result: &toysup.Result{}}
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
	jumps, err := Jumps(d, 0, 0.1, 1.1, 0.1)
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
	if _, err := Jumps(d, 1, 0.1, 1.1, 0.1); err == nil {
		t.Error("instance 1 of 1 accepted")
	}
	if _, err := Jumps(d, 0, 0.1, 1, 0.1); err == nil {
		t.Error("ratio 1 accepted")
	}
	if l := d.LossAt(0, 0, 10); l != 1 {
		t.Errorf("LossAt(0, 0, 10) = %v, want 1", l)
	}
	if l := d.LossAt(0, 401, 500); !math.IsNaN(l) {
		t.Errorf("LossAt over no logged step = %v, want NaN", l)
	}
}
