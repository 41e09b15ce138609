package theory

import (
	"math"
	"sort"

	"github.com/toymodels/superposition/toysup"
)

// Jump is a sudden change of one feature's dimensionality.
type Jump struct {
	Feature int `json:"feature"`
	// Step and End are the snapshot steps where the change starts and ends.
	Step int `json:"step"`
	End  int `json:"end"`
	// From and To are D_i at Step and at End.
	From float64 `json:"from"`
	To   float64 `json:"to"`
}

// Jumps lists, for instance k, the sudden changes of the features' dimensionalities, in step order: a feature
// jumps where its D_i moves by more than minChange between a snapshot at step s > 0 and the last one at or before
// ratio·s (ratio > 1: a window a fixed fraction wide, as on the figures' log step axis), with ‖W_i‖ ≥ minNorm at
// both ends (D_i means little for a vector near 0, as at a small initialisation). Overlapping windows of one
// feature merge into one jump.
func Jumps(d *toysup.Dynamics, k int, minChange, ratio, minNorm float64) ([]Jump, error) {
	if k < 0 || k >= len(d.D) {
		return nil, toysup.ArgErrorf("instance", "got %d, allowed 0…%d", k, len(d.D)-1)
	}
	if !(ratio > 1) || !(minChange > 0) {
		return nil, toysup.ArgErrorf("ratio", "need ratio > 1 (got %v) and minChange > 0 (got %v)", ratio, minChange)
	}
	var out []Jump
	T := len(d.Steps)
	for i := range d.D[k][0] {
		var cur *Jump
		curEnd := -1
		for t := 0; t < T; t++ {
			if d.Steps[t] <= 0 {
				continue
			}
			u := t
			for u+1 < T && float64(d.Steps[u+1]) <= ratio*float64(d.Steps[t]) {
				u++
			}
			big := d.Norms[k][t][i] >= minNorm && d.Norms[k][u][i] >= minNorm && math.Abs(d.D[k][u][i]-d.D[k][t][i]) > minChange
			if !big {
				continue
			}
			if cur != nil && t <= curEnd {
				curEnd = max(curEnd, u)
				cur.End, cur.To = d.Steps[curEnd], d.D[k][curEnd][i]
				continue
			}
			if cur != nil {
				out = append(out, *cur)
			}
			cur, curEnd = &Jump{Feature: i, Step: d.Steps[t], End: d.Steps[u], From: d.D[k][t][i], To: d.D[k][u][i]}, u
		}
		if cur != nil {
			out = append(out, *cur)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Step < out[b].Step })
	return out, nil
}
