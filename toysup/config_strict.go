package toysup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Value limits that keep every engine's float32 arithmetic finite.
const (
	// MinFeatureProbability is the smallest feature probability: the engines draw features on a 24-bit grid, so
	// a smaller p cannot be sampled (and 1/p overflows float32 scales).
	MinFeatureProbability = 1.0 / (1 << 24)
	// MinImportance and MaxImportance bound every importance, explicit or importance_decay^i. Below the minimum
	// float64 loses the value (engines train with at least [ImportanceFloor] anyway); above the maximum the
	// squared gradients in Adam's float32 second moment overflow.
	MinImportance = 1e-300
	MaxImportance = 1e18
)

var importanceRange = fmt.Sprintf("in [%g, %g] (the engines train in float32)", MinImportance, MaxImportance)

func importanceOK(v float64) bool { return v >= MinImportance && v <= MaxImportance }

// checkDecay refuses an importance_decay whose powers decay^i, i < features, leave [MinImportance, MaxImportance].
func (c Config) checkDecay() error {
	d, n := *c.ImportanceDecay, c.Features
	if n < 2 || !(d > 0) || c.Importance != nil {
		return nil
	}
	last := math.Pow(d, float64(n-1))
	if importanceOK(last) {
		return nil
	}
	lo, hi := math.Pow(MinImportance, 1/float64(n-1)), math.Pow(MaxImportance, 1/float64(n-1))
	return fieldErr("importance_decay", "got %v: importance_decay^(features−1) = %g, but each importance must be %s; with features = %d allowed [%.6g, %.6g]",
		d, last, importanceRange, n, lo, min(hi, 1e6))
}

// backendName reports whether name looks like a GoMLX backend name ("go", "xla", "xla:…").
func backendName(name string) bool {
	return name == "go" || name == "xla" || strings.HasPrefix(name, "xla:") && !strings.ContainsAny(name, " \t\n")
}

// checkExplicit refuses explicit values that [Config.Resolve] would replace by a default: an explicit null, or a
// zero value (0, "") in a field whose zero means "default". Only an absent field takes its default.
func checkExplicit(c Config, raw map[string]json.RawMessage) error {
	for _, name := range sortedKeys(raw) {
		if bytes.Equal(bytes.TrimSpace(raw[name]), []byte("null")) {
			return fieldErr(name, "null is not a value (leave the field out for its default)")
		}
	}
	checks := []struct {
		field string
		zero  bool
		err   func() error
	}{
		{"model", c.Model == "", func() error { return oneOf("model", c.Model, ModelKinds) }},
		{"instances", c.Instances == 0, func() error { return intRange("instances", 0, 1, maxDimension) }},
		{"steps", c.Steps == 0, func() error { return intRange("steps", 0, 1, math.MaxInt32) }},
		{"batch_size", c.BatchSize == 0, func() error { return intRange("batch_size", 0, 1, maxDimension) }},
		{"learning_rate", c.LearningRate == 0, func() error { return floatRange("learning_rate", 0, 0, false, 10) }},
		{"optimizer", c.Optimizer == "", func() error { return oneOf("optimizer", c.Optimizer, Optimizers) }},
		{"lr_schedule", c.LRSchedule == "", func() error { return oneOf("lr_schedule", c.LRSchedule, LRSchedules) }},
		{"init", c.Init == "", func() error { return oneOf("init", c.Init, InitKinds) }},
		{"init_std", c.InitStd == 0, func() error { return floatRange("init_std", 0, 0, false, 100) }},
		{"log_every", c.LogEvery == 0, func() error { return intRange("log_every", 0, 1, math.MaxInt32) }},
		{"backend", c.Backend == "", func() error { return fieldErr("backend", `got "", want a GoMLX backend name such as "go"`) }},
		{"engine", c.Engine == "", func() error { return oneOf("engine", c.Engine, EngineKinds) }},
		{"dataset_size", c.DatasetSize == 0, func() error { return intRange("dataset_size", 0, 1, MaxDatasetSize) }},
		{"anticorrelated_mode", c.AnticorrelatedMode == "", func() error {
			return oneOf("anticorrelated_mode", c.AnticorrelatedMode, AnticorrelatedModes)
		}},
	}
	for _, ch := range checks {
		if _, present := raw[ch.field]; present && ch.zero {
			return ch.err()
		}
	}
	return nil
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
