package toysup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// resultFile is a result's JSON with its config kept as text, so that [ParseConfig]'s rules apply to it.
type resultFile struct {
	Config      json.RawMessage `json:"config"`
	Instances   []Instance      `json:"instances"`
	LossHistory LossHistory     `json:"loss_history"`
	Run         *RunInfo        `json:"run,omitempty"`
}

// resultFieldErr is an error about a field of a result or dynamics file.
func resultFieldErr(field, format string, args ...any) error {
	return fmt.Errorf("result field %q: %s", Clip(field, maxMessageValue), fmt.Sprintf(format, args...))
}

// parseResult decodes and validates a result's JSON (see [LoadResult]).
func parseResult(data []byte) (*Result, error) {
	if err := CheckJSON(data, "result"); err != nil {
		return nil, err
	}
	var f resultFile
	if err := decodeStrict(data, &f); err != nil {
		return nil, err
	}
	if len(f.Config) == 0 {
		return nil, resultFieldErr("config", "missing")
	}
	cfg, err := parseConfigLimit(f.Config, MaxResultBytes)
	if err != nil {
		return nil, fmt.Errorf("result field \"config\": %w", err)
	}
	r := &Result{Config: cfg, Instances: f.Instances, LossHistory: f.LossHistory, Run: f.Run}
	if err := r.check(); err != nil {
		return nil, err
	}
	return r, nil
}

// decodeStrict decodes one JSON value into v, refusing unknown fields; errors name the field.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return resultFieldErr(typeErr.Field, "wrong type: got JSON %s, want %s", Clip(typeErr.Value, maxMessageValue), jsonTypeName(typeErr.Type.String()))
	}
	return fmt.Errorf("result: %s", Clip(err.Error(), 200))
}

// check validates the instances and the loss history against the (already validated) config.
func (r *Result) check() error {
	k := r.Config.Instances
	if len(r.Instances) != k {
		return resultFieldErr("instances", "%d entries, config says instances = %d", len(r.Instances), k)
	}
	for i := range r.Instances {
		if err := r.checkInstance(i); err != nil {
			return err
		}
	}
	if err := r.LossHistory.check(r.Config); err != nil {
		return err
	}
	if run := r.Run; run != nil && !(finite(run.Seconds) && run.Seconds >= 0 && finite(run.StepsPerSecond) && run.StepsPerSecond >= 0) {
		return resultFieldErr("run", "seconds and steps_per_second must be finite and ≥ 0")
	}
	return nil
}

func (r *Result) checkInstance(i int) error {
	in, c := r.Instances[i], r.Config
	name := func(f string) string { return fmt.Sprintf("instances[%d].%s", i, f) }
	if err := checkVector(name("feature_probability"), in.FeatureProbability, c.Features, "in [2^-24, 1]",
		func(v float64) bool { return v >= MinFeatureProbability && v <= 1 }); err != nil {
		return err
	}
	if err := checkVector(name("importance"), in.Importance, c.Features, importanceRange, importanceOK); err != nil {
		return err
	}
	if err := checkVector(name("b"), in.B, c.Features, "finite", finite); err != nil {
		return err
	}
	if err := checkMatrix(name("W"), in.W, c.Features, c.Hidden); err != nil {
		return err
	}
	if c.Model == ModelAbs {
		if err := checkMatrix(name("W_out"), in.WOut, c.Features, c.Hidden); err != nil {
			return err
		}
	} else if in.WOut != nil {
		return resultFieldErr(name("W_out"), "only the abs model has an output matrix (model %q)", c.Model)
	}
	if !(finite(in.FinalLoss) && in.FinalLoss >= 0) {
		return resultFieldErr(name("final_loss"), "got %v, want finite and ≥ 0", in.FinalLoss)
	}
	return in.checkData(c, name)
}

func (h LossHistory) check(c Config) error {
	if len(h.Loss) != len(h.Step) {
		return resultFieldErr("loss_history", "%d steps but %d loss rows", len(h.Step), len(h.Loss))
	}
	for t, s := range h.Step {
		if s < 0 || s >= c.Steps || t > 0 && s <= h.Step[t-1] {
			return resultFieldErr(fmt.Sprintf("loss_history.step[%d]", t), "got %d, want increasing steps in 0…%d", s, c.Steps-1)
		}
		if err := checkVector(fmt.Sprintf("loss_history.loss[%d]", t), h.Loss[t], c.Instances, "finite and ≥ 0",
			func(v float64) bool { return finite(v) && v >= 0 }); err != nil {
			return err
		}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkVector checks a field's length and values.
func checkVector(field string, v []float64, n int, allowed string, ok func(float64) bool) error {
	if len(v) != n {
		return resultFieldErr(field, "%d values, want %d", len(v), n)
	}
	for j, x := range v {
		if !ok(x) {
			return resultFieldErr(fmt.Sprintf("%s[%d]", field, j), "got %v, want %s", x, allowed)
		}
	}
	return nil
}

// checkMatrix checks a `[features][hidden]` matrix of finite values.
func checkMatrix(field string, M [][]float64, n, m int) error {
	if len(M) != n {
		return resultFieldErr(field, "%d rows, want [features = %d][hidden = %d]", len(M), n, m)
	}
	for j, row := range M {
		if err := checkVector(fmt.Sprintf("%s[%d]", field, j), row, m, "finite", finite); err != nil {
			return err
		}
	}
	return nil
}
