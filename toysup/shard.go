package toysup

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Shard returns instances [a, b) of the resolved config c as a config of their own: the per-instance tables
// (feature_probability `[K]` or `[K][n]`, importance `[K][n]`) cut to those rows, everything else kept, and
// first_instance = c.FirstInstance + a, so that the native engine trains them exactly as in the whole sweep.
func (c Config) Shard(a, b int) (Config, error) {
	c, err := c.Resolve()
	if err != nil {
		return Config{}, err
	}
	if a < 0 || b > c.Instances || a >= b {
		return Config{}, ArgErrorf("shard", "got %d:%d, want A:B with 0 ≤ A < B ≤ instances = %d", a, b, c.Instances)
	}
	s := c
	s.Instances, s.FirstInstance = b-a, c.FirstInstance+a
	s.FeatureProbability = c.FeatureProbability.rowsOf(a, b, true)
	if c.Importance != nil {
		imp := c.Importance.rowsOf(a, b, false)
		s.Importance = &imp
	}
	return s.Resolve()
}

// rowsOf is the table of instances [a, b): a number and a per-feature list stay as they are.
func (t Table) rowsOf(a, b int, perInstanceList bool) Table {
	switch {
	case t.rank == 1 && perInstanceList:
		return Vector(t.rows[0][a:b])
	case t.rank == 2:
		return Matrix(t.rows[a:b])
	}
	return t
}

// MergeResults joins the results of consecutive shards of one sweep, in instance order, into the result of the
// whole sweep: the parts must have the same config but for their instances (the first starting where the sweep
// starts, each next one where the last ended) and the same logged steps. The merged run info sums the parts'
// seconds (the compute spent) and gives the slowest part's steps per second.
func MergeResults(parts []*Result) (*Result, error) {
	if len(parts) == 0 {
		return nil, ArgErrorf("parts", "no result to merge")
	}
	out := &Result{Config: parts[0].Config, LossHistory: LossHistory{Step: slices.Clone(parts[0].LossHistory.Step)}}
	out.LossHistory.Loss = make([][]float64, len(out.LossHistory.Step))
	fp := []Table{parts[0].Config.FeatureProbability}
	var imp []Table
	for i, p := range parts {
		if err := sameSweep(parts[0], p, out.Config.FirstInstance+len(out.Instances)); err != nil {
			return nil, fmt.Errorf("part %d: %w", i+1, err)
		}
		out.Instances = append(out.Instances, p.Instances...)
		for s := range out.LossHistory.Loss {
			out.LossHistory.Loss[s] = append(out.LossHistory.Loss[s], p.LossHistory.Loss[s]...)
		}
		if i > 0 {
			fp = append(fp, p.Config.FeatureProbability)
		}
		if p.Config.Importance != nil {
			imp = append(imp, *p.Config.Importance)
		}
		out.Run = mergeRun(out.Run, p.Run)
	}
	out.Config.Instances = len(out.Instances)
	var err error
	if out.Config.FeatureProbability, err = concatRows(fp, true); err != nil {
		return nil, err
	}
	if imp != nil {
		t, err := concatRows(imp, false)
		if err != nil {
			return nil, err
		}
		out.Config.Importance = &t
	}
	if out.Config, err = out.Config.Resolve(); err != nil {
		return nil, err
	}
	return out, out.check()
}

// sameSweep checks that part p continues the sweep of first at global instance `next`: the same config but for the
// instance count, first_instance and the per-instance tables, and the same logged steps.
func sameSweep(first, p *Result, next int) error {
	if p.Config.FirstInstance != next {
		return ArgErrorf("parts", "starts at instance %d, want %d (parts must be consecutive, in order)", p.Config.FirstInstance, next)
	}
	a, b := first.Config, p.Config
	for _, c := range []*Config{&a, &b} {
		c.Instances, c.FirstInstance, c.FeatureProbability = 0, 0, Table{}
		if c.Importance != nil && c.Importance.rank == 2 {
			c.Importance = nil
		}
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		return ArgErrorf("parts", "its config differs from the first part's beyond the instances: %s vs %s", jb, ja)
	}
	if !slices.Equal(first.LossHistory.Step, p.LossHistory.Step) {
		return ArgErrorf("parts", "its loss history logs other steps than the first part's")
	}
	return nil
}

// concatRows joins per-instance tables in order: lists `[K]` (perInstanceList) and lists of lists are
// concatenated; a number or a per-feature list must be the same in every part and stays one.
func concatRows(ts []Table, perInstanceList bool) (Table, error) {
	r := ts[0].rank
	var rows [][]float64
	for i, t := range ts {
		switch {
		case t.rank != r:
			return Table{}, ArgErrorf("parts", "part %d writes its per-instance values in another form than the first", i+1)
		case r == 2:
			rows = append(rows, t.rows...)
		case r == 1 && perInstanceList:
			rows = append(rows, t.rows[0])
		case !slices.Equal(t.rows[0], ts[0].rows[0]):
			return Table{}, ArgErrorf("parts", "part %d has other shared values than the first", i+1)
		}
	}
	switch {
	case r == 2:
		return Matrix(rows), nil
	case r == 1 && perInstanceList:
		return Vector(slices.Concat(rows...)), nil
	}
	return ts[0], nil
}

// mergeRun sums the parts' seconds and keeps the slowest steps per second.
func mergeRun(acc, p *RunInfo) *RunInfo {
	if p == nil {
		return acc
	}
	if acc == nil {
		r := *p
		return &r
	}
	acc.Seconds += p.Seconds
	acc.StepsPerSecond = min(acc.StepsPerSecond, p.StepsPerSecond)
	return acc
}
