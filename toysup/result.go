package toysup

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/janpfeifer/must"
)

// Result is a trained experiment: its resolved config, each instance's parameters and the loss history.
// Its JSON form is a public contract (see the README); [Result.Save] writes it atomically and [LoadResult] reads it.
type Result struct {
	Config      Config      `json:"config"`
	Instances   []Instance  `json:"instances"`
	LossHistory LossHistory `json:"loss_history"`
	// Run describes how the result was produced (engine, backend, timing); informational.
	Run *RunInfo `json:"run,omitempty"`
}

// Instance holds one trained model.
type Instance struct {
	// FeatureProbability is p_i = 1 − S_i per feature, `[features]`.
	FeatureProbability []float64 `json:"feature_probability"`
	// Importance is I_i per feature, `[features]`.
	Importance []float64 `json:"importance"`
	// W holds feature i's direction in row i: `[features][hidden]`. For the abs model it is the input matrix
	// W₁ transposed (row i = feature i's input weights to each neuron).
	W [][]float64 `json:"W"`
	// WOut is the abs model's output matrix W₂, `[features][hidden]` (row i = the weights from each neuron to
	// output i); absent for the tied models.
	WOut [][]float64 `json:"W_out,omitempty"`
	// B is the output bias, `[features]`.
	B []float64 `json:"b"`
	// FinalLoss is the loss of the last training batch.
	FinalLoss float64 `json:"final_loss"`
}

// LossHistory is the per-instance training loss every log_every steps: Loss[t][k] is instance k's batch loss at
// step Step[t].
type LossHistory struct {
	Step []int       `json:"step"`
	Loss [][]float64 `json:"loss"`
}

// RunInfo records how a result was produced.
type RunInfo struct {
	Engine  string  `json:"engine"`
	Backend string  `json:"backend,omitempty"`
	Seconds float64 `json:"seconds"`
	// StepsPerSecond counts training steps of all instances together.
	StepsPerSecond float64 `json:"steps_per_second"`
}

// Save writes the result as JSON atomically: to a temporary file in the same folder, then renamed.
func (r *Result) Save(path string) error {
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("result: %w", err)
	}
	return WriteFileAtomic(path, data)
}

// MustSave is [Result.Save] for notebooks: it panics on error.
func (r *Result) MustSave(path string) {
	if err := r.Save(path); err != nil {
		panic(err)
	}
}

// LoadResult reads a result file written by [Result.Save] (or by another tool in the same format) and checks
// that its instances agree with its config.
func LoadResult(path string) (*Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("result: %w", err)
	}
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("result %s: %w", path, err)
	}
	if r.Config, err = r.Config.Resolve(); err != nil {
		return nil, fmt.Errorf("result %s: %w", path, err)
	}
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("result %s: %w", path, err)
	}
	return &r, nil
}

// MustLoadResult is [LoadResult] for notebooks: it panics on error.
func MustLoadResult(path string) *Result { return must.M1(LoadResult(path)) }

func (r *Result) check() error {
	n, m, k := r.Config.Features, r.Config.Hidden, r.Config.Instances
	if len(r.Instances) != k {
		return fmt.Errorf("instances: %d entries, config says %d", len(r.Instances), k)
	}
	for i, in := range r.Instances {
		if len(in.W) != n || len(in.B) != n || len(in.FeatureProbability) != n || len(in.Importance) != n {
			return fmt.Errorf("instances[%d]: W, b, feature_probability and importance must have %d rows", i, n)
		}
		for j, row := range in.W {
			if len(row) != m {
				return fmt.Errorf("instances[%d].W[%d]: %d values, want hidden = %d", i, j, len(row), m)
			}
		}
		if (r.Config.Model == ModelAbs) != (in.WOut != nil) {
			return fmt.Errorf("instances[%d]: W_out must be present exactly for the abs model (model %q)", i, r.Config.Model)
		}
		for j, row := range in.WOut {
			if len(in.WOut) != n || len(row) != m {
				return fmt.Errorf("instances[%d].W_out[%d]: want [features = %d][hidden = %d]", i, j, n, m)
			}
		}
	}
	for t, l := range r.LossHistory.Loss {
		if len(l) != k {
			return fmt.Errorf("loss_history.loss[%d]: %d values, want instances = %d", t, len(l), k)
		}
	}
	if len(r.LossHistory.Loss) != len(r.LossHistory.Step) {
		return fmt.Errorf("loss_history: %d steps but %d loss rows", len(r.LossHistory.Step), len(r.LossHistory.Loss))
	}
	return nil
}

// WriteFileAtomic writes data to path through a temporary file in the same folder and a rename, so readers see
// either the old file or the whole new one.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
