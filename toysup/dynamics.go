package toysup

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/janpfeifer/must"
)

// Dynamics records how the geometry of every instance evolves over training (Section 5, "Superposition and
// learning dynamics"): the feature dimensionalities D_i, the norms ‖W_i‖ and D* at snapshot steps, next to the
// trained result and its loss history.
type Dynamics struct {
	// Steps are the snapshot steps (training steps done), `[T]`: 0, every, 2·every, …, and the last step.
	Steps []int `json:"steps"`
	// D is each feature's dimensionality D_i, `[instances][T][features]`.
	D [][][]float64 `json:"feature_dimensionality"`
	// Norms is ‖W_i‖, `[instances][T][features]`.
	Norms [][][]float64 `json:"norms"`
	// DStar is D* = m/‖W‖_F², `[instances][T]`.
	DStar [][]float64 `json:"dimensions_per_feature"`
	// Result is the trained result (with its loss history).
	Result *Result `json:"result"`
}

// TrainWithSnapshots trains cfg like [Train] and records the geometry every `every` steps (and after the last
// step) through [WithSnapshots]. It returns an error if the engine reports no snapshots.
func TrainWithSnapshots(ctx context.Context, cfg Config, every int, opts ...TrainOption) (*Dynamics, error) {
	if every < 1 {
		return nil, fieldErr("every", "snapshot interval: got %d, allowed ≥ 1", every)
	}
	d := &Dynamics{}
	record := func(step int, p Params) {
		if d.D == nil {
			k := len(p.W)
			d.D, d.Norms, d.DStar = make([][][]float64, k), make([][][]float64, k), make([][]float64, k)
		}
		d.Steps = append(d.Steps, step)
		for k, W := range p.W {
			a := AnalyzeWeights(W)
			d.D[k] = append(d.D[k], a.FeatureDimensionality)
			d.Norms[k] = append(d.Norms[k], a.Norms)
			d.DStar[k] = append(d.DStar[k], a.DimensionsPerFeature)
		}
	}
	res, err := Train(ctx, cfg, append(opts, WithSnapshots(every, record))...)
	if err != nil {
		return nil, err
	}
	if len(d.Steps) == 0 {
		return nil, fieldErr("engine", "the %q engine reported no snapshots (it does not implement WithSnapshots); use engine \"gomlx\"", res.Run.Engine)
	}
	d.Result = res
	return d, nil
}

// MustTrainWithSnapshots is [TrainWithSnapshots] for notebooks: it panics on error.
func MustTrainWithSnapshots(ctx context.Context, cfg Config, every int, opts ...TrainOption) *Dynamics {
	return must.M1(TrainWithSnapshots(ctx, cfg, every, opts...))
}

// Save writes the dynamics as JSON atomically.
func (d *Dynamics) Save(path string) error {
	data, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("dynamics: %w", err)
	}
	return WriteFileAtomic(path, data)
}

// LoadDynamics reads a file written by [Dynamics.Save] and checks its shapes.
func LoadDynamics(path string) (*Dynamics, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("dynamics: %w", err)
	}
	var d Dynamics
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("dynamics %s: %w", path, err)
	}
	if err := d.check(); err != nil {
		return nil, fmt.Errorf("dynamics %s: %w", path, err)
	}
	return &d, nil
}

func (d *Dynamics) check() error {
	if d.Result == nil {
		return fieldErr("result", "missing")
	}
	k, n, T := len(d.Result.Instances), d.Result.Config.Features, len(d.Steps)
	if len(d.D) != k || len(d.Norms) != k || len(d.DStar) != k {
		return fieldErr("feature_dimensionality", "want instances = %d series", k)
	}
	for i := 0; i < k; i++ {
		if len(d.D[i]) != T || len(d.Norms[i]) != T || len(d.DStar[i]) != T {
			return fieldErr(fmt.Sprintf("feature_dimensionality[%d]", i), "want steps = %d snapshots", T)
		}
		for t := 0; t < T; t++ {
			if len(d.D[i][t]) != n || len(d.Norms[i][t]) != n {
				return fieldErr(fmt.Sprintf("feature_dimensionality[%d][%d]", i, t), "want features = %d values", n)
			}
		}
	}
	return nil
}

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
func (d *Dynamics) Jumps(k int, minChange, ratio, minNorm float64) ([]Jump, error) {
	if k < 0 || k >= len(d.D) {
		return nil, fieldErr("instance", "got %d, allowed 0…%d", k, len(d.D)-1)
	}
	if !(ratio > 1) || !(minChange > 0) {
		return nil, fieldErr("ratio", "need ratio > 1 (got %v) and minChange > 0 (got %v)", ratio, minChange)
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

// LossAt returns instance k's logged loss averaged over the logged steps in [from, to], NaN if none.
func (d *Dynamics) LossAt(k, from, to int) float64 {
	h := d.Result.LossHistory
	s, c := 0.0, 0
	for t, step := range h.Step {
		if step >= from && step <= to {
			s += h.Loss[t][k]
			c++
		}
	}
	if c == 0 {
		return math.NaN()
	}
	return s / float64(c)
}
