package toysup

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
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
