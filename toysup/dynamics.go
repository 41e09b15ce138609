package toysup

import (
	"encoding/json"
	"fmt"
	"math"
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

// Save writes the dynamics as JSON atomically.
func (d *Dynamics) Save(path string) error {
	data, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("dynamics: %w", err)
	}
	return WriteFileAtomic(path, data)
}

// LoadDynamics reads a file written by [Dynamics.Save], at most [MaxResultBytes], and validates it like
// [LoadResult]: its result as a result file, its series' shapes against it and every value's finiteness.
func LoadDynamics(path string) (*Dynamics, error) {
	data, err := ReadFileLimited(path, MaxResultBytes, "dynamics")
	if err != nil {
		return nil, err
	}
	d, err := parseDynamics(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

func parseDynamics(data []byte) (*Dynamics, error) {
	if err := CheckJSON(data, "dynamics"); err != nil {
		return nil, err
	}
	var f struct {
		Steps  []int           `json:"steps"`
		D      [][][]float64   `json:"feature_dimensionality"`
		Norms  [][][]float64   `json:"norms"`
		DStar  [][]float64     `json:"dimensions_per_feature"`
		Result json.RawMessage `json:"result"`
	}
	if err := decodeStrict(data, &f); err != nil {
		return nil, err
	}
	if len(f.Result) == 0 {
		return nil, resultFieldErr("result", "missing")
	}
	r, err := parseResult(f.Result)
	if err != nil {
		return nil, fmt.Errorf("field \"result\": %w", err)
	}
	d := &Dynamics{Steps: f.Steps, D: f.D, Norms: f.Norms, DStar: f.DStar, Result: r}
	if err := d.check(); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *Dynamics) check() error {
	k, n, T := len(d.Result.Instances), d.Result.Config.Features, len(d.Steps)
	for t, s := range d.Steps {
		if s < 0 || s > d.Result.Config.Steps || t > 0 && s <= d.Steps[t-1] {
			return resultFieldErr(fmt.Sprintf("steps[%d]", t), "got %d, want increasing steps in 0…%d", s, d.Result.Config.Steps)
		}
	}
	nonNeg := func(v float64) bool { return v >= 0 && !math.IsNaN(v) } // D* is +Inf for W = 0.
	if len(d.D) != k || len(d.Norms) != k || len(d.DStar) != k {
		return resultFieldErr("feature_dimensionality", "feature_dimensionality, norms and dimensions_per_feature want instances = %d series", k)
	}
	for i := 0; i < k; i++ {
		if len(d.D[i]) != T || len(d.Norms[i]) != T {
			return resultFieldErr(fmt.Sprintf("feature_dimensionality[%d]", i), "want steps = %d snapshots", T)
		}
		if err := checkVector(fmt.Sprintf("dimensions_per_feature[%d]", i), d.DStar[i], T, "≥ 0", nonNeg); err != nil {
			return err
		}
		for t := 0; t < T; t++ {
			if err := checkVector(fmt.Sprintf("feature_dimensionality[%d][%d]", i, t), d.D[i][t], n, "finite and ≥ 0", func(v float64) bool { return finite(v) && v >= 0 }); err != nil {
				return err
			}
			if err := checkVector(fmt.Sprintf("norms[%d][%d]", i, t), d.Norms[i][t], n, "finite and ≥ 0", func(v float64) bool { return finite(v) && v >= 0 }); err != nil {
				return err
			}
		}
	}
	return nil
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
