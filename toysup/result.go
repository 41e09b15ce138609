package toysup

import (
	"context"
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
	// FinalLoss is the loss of the last training batch (with l1_hidden, including the penalty).
	FinalLoss float64 `json:"final_loss"`
	// TestLoss is the importance-weighted loss on [TestSamples] fresh samples of the instance's own stream
	// (seed + 1, first_instance + k), without the L1 penalty; set for [Config.Extended] configs.
	TestLoss *float64 `json:"test_loss,omitempty"`
	// TrainLoss is the same loss on the instance's whole fixed training set; only with dataset_size.
	TrainLoss *float64 `json:"train_loss,omitempty"`
	// TrainHidden is the hidden vector h_t of each training point, `[dataset_size][hidden]` ([HiddenVectors]);
	// only with dataset_size, and only when dataset_size × hidden ≤ [MaxTrainHidden].
	TrainHidden [][]float64 `json:"train_hidden,omitempty"`
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
func (r *Result) Save(path string) error { return r.SaveContext(context.Background(), path) }

// SaveContext is [Result.Save] that gives up when ctx is done before the rename: the temporary file is removed
// and the file at path, if any, is left as it was.
func (r *Result) SaveContext(ctx context.Context, path string) error {
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("result: %w", err)
	}
	return WriteFileAtomicContext(ctx, path, data)
}

// MustSave is [Result.Save] for notebooks: it panics on error.
func (r *Result) MustSave(path string) {
	if err := r.Save(path); err != nil {
		panic(err)
	}
}

// LoadResult reads a result file written by [Result.Save] (or by another tool in the same format), at most
// [MaxResultBytes], and validates it as strictly as a config: unknown fields and duplicate keys are errors, its
// config is parsed by [ParseConfig]'s rules, and every array's shape and every value's range and finiteness are
// checked against it.
func LoadResult(path string) (*Result, error) {
	data, err := ReadFileLimited(path, MaxResultBytes, "result")
	if err != nil {
		return nil, err
	}
	r, err := parseResult(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// MustLoadResult is [LoadResult] for notebooks: it panics on error.
func MustLoadResult(path string) *Result { return must.M1(LoadResult(path)) }

// WriteFileAtomic writes data to path through a temporary file in the same folder and a rename, so readers see
// either the old file or the whole new one.
func WriteFileAtomic(path string, data []byte) error {
	return WriteFileAtomicContext(context.Background(), path, data)
}

// WriteFileAtomicContext is [WriteFileAtomic] that checks ctx between pieces of the write and before the rename;
// on cancellation, as on every error, the temporary file is removed and the old file at path stays intact.
func WriteFileAtomicContext(ctx context.Context, path string, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	const piece = 4 << 20
	for o := 0; o < len(data) && err == nil; o += piece {
		if err = ctx.Err(); err == nil {
			_, err = f.Write(data[o:min(len(data), o+piece)])
		}
	}
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
		err = ctx.Err()
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
