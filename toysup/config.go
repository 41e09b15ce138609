package toysup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/janpfeifer/must"
)

// ModelKind names a toy model ([Config.Model]).
type ModelKind string

// Model kinds.
const (
	// ModelLinear is the paper's linear model: `x' = WᵀW x + b`.
	ModelLinear ModelKind = "linear"
	// ModelReLUOutput is the paper's ReLU-output model: `x' = ReLU(WᵀW x + b)`.
	ModelReLUOutput ModelKind = "relu_output"
	// ModelReLUHidden is Section 7's model with a privileged hidden basis: `h = ReLU(W x)`, `x' = ReLU(Wᵀh + b)`.
	ModelReLUHidden ModelKind = "relu_hidden"
	// ModelAbs is Section 8's untied model computing absolute values: `h = ReLU(W₁x)`, `y' = ReLU(W₂h + b)`,
	// target `y = |x|`, with non-zero inputs drawn from Uniform[−1, 1].
	ModelAbs ModelKind = "abs"
)

// Tied reports whether the model uses one W for both directions (every kind but [ModelAbs]).
func (m ModelKind) Tied() bool { return m != ModelAbs }

// HiddenReLU reports whether the hidden layer has a ReLU (a privileged basis: [ModelReLUHidden], [ModelAbs]).
func (m ModelKind) HiddenReLU() bool { return m == ModelReLUHidden || m == ModelAbs }

// AnticorrelatedMode names a definition of anticorrelated feature sets ([Config.AnticorrelatedMode]).
type AnticorrelatedMode string

// Anticorrelation definitions.
const (
	// AnticorrelatedPaper: the set is all zero with probability S, else exactly one member, chosen uniformly, is
	// non-zero (the paper's definition).
	AnticorrelatedPaper AnticorrelatedMode = "paper"
	// AnticorrelatedARENA: each member has density p (p·size ≤ 1) and members never co-occur (ARENA's definition).
	AnticorrelatedARENA AnticorrelatedMode = "arena"
)

// Optimizer names an optimizer ([Config.Optimizer]): GoMLX's/PyTorch's Adam with ε = 1e-8, with or without
// decoupled weight decay, or plain gradient descent.
type Optimizer string

// Optimizers.
const (
	OptimizerAdamW Optimizer = "adamw" // Adam with decoupled weight decay: θ ← θ − lr·(m̂/(√v̂ + ε) + wd·θ).
	// OptimizerAdam is Adam on the gradient of loss + (wd/2)‖θ‖²: the weight decay, 0 by default, enters the
	// gradient before Adam's moments (PyTorch's Adam(weight_decay)), unlike AdamW's decoupled decay.
	OptimizerAdam Optimizer = "adam"
	// OptimizerSGD is plain (stochastic; full batch: exact) gradient descent on loss + (wd/2)‖θ‖²:
	// θ ← θ − lr·(∇L + wd·θ), PyTorch's SGD without momentum; GoMLX's StochasticGradientDescent.
	OptimizerSGD Optimizer = "sgd"
)

// Schedule names a learning-rate schedule ([Config.LRSchedule]); see [LearningRateAt].
type Schedule string

// Learning-rate schedules.
const (
	ScheduleConstant Schedule = "constant"
	ScheduleLinear   Schedule = "linear"
	ScheduleCosine   Schedule = "cosine"
)

// InitKind names a weight initialisation ([Config.Init]); see [InitParams].
type InitKind string

// Initialisations.
const (
	InitXavierNormal InitKind = "xavier_normal"
	InitNormal       InitKind = "normal" // N(0, init_std²).
)

// EngineKind names what runs the training steps ([Config.Engine]).
type EngineKind string

// Engines.
const (
	EngineAuto   EngineKind = "auto"   // the native engine where it supports the config, else gomlx.
	EngineGoMLX  EngineKind = "gomlx"  // the reference: GoMLX graphs on the config's backend.
	EngineNative EngineKind = "native" // the fused pure-Go CPU engine.
)

// Choices for the enumerated fields of [Config]; the first of each list is the default.
var (
	ModelKinds          = []ModelKind{ModelReLUOutput, ModelLinear, ModelReLUHidden, ModelAbs}
	AnticorrelatedModes = []AnticorrelatedMode{AnticorrelatedPaper, AnticorrelatedARENA}
	Optimizers          = []Optimizer{OptimizerAdamW, OptimizerAdam, OptimizerSGD}
	LRSchedules         = []Schedule{ScheduleConstant, ScheduleLinear, ScheduleCosine}
	InitKinds           = []InitKind{InitXavierNormal, InitNormal}
	EngineKinds         = []EngineKind{EngineAuto, EngineGoMLX, EngineNative}
	maxDimension        = 1 << 20
)

// Defaults of the optional fields of [Config].
const (
	DefaultInstances    = 1
	DefaultBatchSize    = 1024
	DefaultLearningRate = 1e-3
	DefaultWeightDecay  = 0.01 // applies with "adamw" only.
	DefaultInitStd      = 0.02 // the seed notebook's init_range, used with init "normal".
	DefaultBackend      = "go"
	// BackendEnv names the environment variable that, when set, replaces DefaultBackend for configs that leave
	// "backend" empty (the Docker image's switch to XLA).
	BackendEnv   = "TOYSUP_BACKEND"
	DefaultSteps = 10_000
)

// Config describes one experiment: K instances of a toy model trained side by side.
// Its JSON field names are a public contract (see the README); [ParseConfig] reads it strictly.
type Config struct {
	// Model is the model kind: "relu_output" (default) or "linear".
	Model ModelKind `json:"model,omitempty"`
	// Features is n, the number of input features (≥ 1).
	Features int `json:"features"`
	// Hidden is m, the hidden dimension (≥ 1).
	Hidden int `json:"hidden"`
	// Instances is K, the number of models trained side by side (default 1).
	Instances int `json:"instances,omitempty"`

	// FeatureProbability is p = 1 − S: a number, `[K]` (one per instance) or `[K][n]`; each in
	// [[MinFeatureProbability], 1].
	FeatureProbability Table `json:"feature_probability"`
	// ImportanceDecay gives I_i = decay^i for i = 0…n−1 (default 1: uniform importance); in (0, 1e6], with every
	// decay^i in [[MinImportance], [MaxImportance]].
	ImportanceDecay *float64 `json:"importance_decay,omitempty"`
	// Importance, if set, overrides ImportanceDecay: `[n]` or `[K][n]`, each in [[MinImportance], [MaxImportance]].
	Importance *Table `json:"importance,omitempty"`
	// Correlated lists sets of feature indices that are zero or non-zero together (one shared draw per set; the
	// values stay independent). Members of a set must share their feature probability.
	Correlated [][]int `json:"correlated,omitempty"`
	// Anticorrelated lists sets of feature indices of which at most one is non-zero; AnticorrelatedMode picks the
	// definition ("paper", default, or "arena").
	Anticorrelated     [][]int            `json:"anticorrelated,omitempty"`
	AnticorrelatedMode AnticorrelatedMode `json:"anticorrelated_mode,omitempty"`

	Steps        int       `json:"steps"`
	BatchSize    int       `json:"batch_size,omitempty"`
	LearningRate float64   `json:"learning_rate,omitempty"`
	Optimizer    Optimizer `json:"optimizer,omitempty"`
	WeightDecay  *float64  `json:"weight_decay,omitempty"`
	LRSchedule   Schedule  `json:"lr_schedule,omitempty"`
	WarmupSteps  int       `json:"warmup_steps,omitempty"`

	// Init is "xavier_normal" (default) or "normal" (with InitStd, default 0.02).
	Init    InitKind `json:"init,omitempty"`
	InitStd float64  `json:"init_std,omitempty"`

	Seed int64 `json:"seed"`
	// LogEvery is the loss-history interval in steps (default: steps/100, at least 1).
	LogEvery int `json:"log_every,omitempty"`
	// Backend is the GoMLX backend: "go" (pure Go, default; $TOYSUP_BACKEND when set), or "xla:cpu"/"xla:cuda" in
	// binaries built with `-tags xla`.
	Backend string `json:"backend,omitempty"`
	// Engine picks what runs the training steps: "auto" (default: the fastest that supports the model),
	// "gomlx" (the reference graph, on Backend) or "native" (a fused pure-Go CPU loop).
	Engine EngineKind `json:"engine,omitempty"`
	// DatasetSize is T, a fixed training set: T samples per instance drawn once (from dataset_seed and the
	// instance's global index, see [Config.TrainingSet]) and reused every step. Absent (0): fresh samples every
	// step. The batch is min(batch_size, T): the full set when batch_size ≥ T, else minibatches in a fixed cyclic
	// order — step s, batch position j uses sample (s·B + j) mod T, B = batch_size — the same in every engine.
	DatasetSize int `json:"dataset_size,omitempty"`
	// DatasetSeed seeds the fixed training set (default: seed); only with dataset_size.
	DatasetSeed *int64 `json:"dataset_seed,omitempty"`
	// NormalizeInputs scales every input (training and evaluation samples) to unit L2 norm, x/‖x‖ (the
	// all-zero input stays zero), as the memorization follow-up does. The target is the scaled input.
	NormalizeInputs bool `json:"normalize_inputs,omitempty"`
	// L1Hidden is λ ≥ 0: training minimises L + λ·(1/B)·Σ_s Σ_j |h_sj|, the importance-weighted loss plus λ
	// times the L1 norm of the hidden activations h (h = Wx for the tied models, ReLU(Wx) for relu_hidden and
	// abs) averaged over the batch's B samples (summed over the m hidden dimensions, not averaged). 0: none.
	L1Hidden float64 `json:"l1_hidden,omitempty"`
	// FirstInstance is the global index of instance 0 within a larger sweep (default 0): a shard of instances A…B−1
	// ([Config.Shard], `toysup train --shard A:B`) has first_instance A and trains them exactly as the whole sweep
	// would (the native engine's streams are per global instance).
	FirstInstance int `json:"first_instance,omitempty"`
}

// FieldError is a configuration error that names its field.
type FieldError struct {
	Field string // JSON name, with indices, e.g. "feature_probability[2][0]".
	Msg   string // what is allowed.
}

func (e *FieldError) Error() string { return fmt.Sprintf("config field %q: %s", e.Field, e.Msg) }

// FieldErrorf returns a [*FieldError] for the config field named field.
func FieldErrorf(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

func fieldErr(field, format string, args ...any) error { return FieldErrorf(field, format, args...) }

// ArgError is an error about a function's argument (or a field of an options struct), not a config field.
type ArgError struct {
	Arg string // the argument's name, e.g. "losses" or "AttackOptions.Samples".
	Msg string // what is allowed.
}

func (e *ArgError) Error() string { return fmt.Sprintf("argument %q: %s", e.Arg, e.Msg) }

// ArgErrorf returns an [*ArgError] for the argument named arg.
func ArgErrorf(arg, format string, args ...any) error {
	return &ArgError{Arg: arg, Msg: fmt.Sprintf(format, args...)}
}

// ParseConfig reads a JSON config strictly (unknown fields, wrong types, duplicate keys, explicit nulls and
// explicit values outside a field's range are errors: only an absent field takes its default), fills defaults
// and validates it. It reads at most [MaxConfigBytes].
func ParseConfig(data []byte) (Config, error) { return parseConfigLimit(data, MaxConfigBytes) }

// parseConfigLimit is [ParseConfig] for at most limit bytes (a result file's config may be larger).
func parseConfigLimit(data []byte, limit int) (Config, error) {
	if len(data) > limit {
		return Config{}, fmt.Errorf("config: %d bytes, limit %d", len(data), limit)
	}
	if err := CheckJSON(data, "config"); err != nil {
		return Config{}, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return Config{}, fmt.Errorf("config: invalid JSON: %s", Clip(err.Error(), 200))
	}
	var cfg Config
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		var te *tableError
		if errors.As(err, &te) {
			return Config{}, tableFieldError(data, te)
		}
		return Config{}, jsonError(err)
	}
	if err := checkExplicit(cfg, raw); err != nil {
		return Config{}, err
	}
	return cfg.Resolve()
}

// MustParseConfig is [ParseConfig] for notebooks: it panics on error.
func MustParseConfig(data []byte) Config { return must.M1(ParseConfig(data)) }

// LoadConfig reads and validates a JSON config file.
func LoadConfig(path string) (Config, error) {
	data, err := ReadFileLimited(path, MaxConfigBytes, "config")
	if err != nil {
		return Config{}, err
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// jsonError turns encoding/json's errors into ones that name the field.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var fe *FieldError
	switch {
	case errors.As(err, &fe):
		return fe
	case errors.As(err, &typeErr) && strings.HasPrefix(typeErr.Value, "number "):
		lit := Clip(strings.TrimPrefix(typeErr.Value, "number "), maxMessageValue)
		if strings.HasPrefix(typeErr.Type.String(), "int") && strings.ContainsAny(lit, ".eE") {
			return fieldErr(typeErr.Field, "got %s, want an integer", lit)
		}
		return fieldErr(typeErr.Field, "got %s: out of range (want %s)", lit, jsonTypeName(typeErr.Type.String()))
	case errors.As(err, &typeErr):
		return fieldErr(typeErr.Field, "wrong type: got JSON %s, want %s", typeErr.Value, jsonTypeName(typeErr.Type.String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fieldErr(name, "unknown field (see the README for the config format)")
	}
	return fmt.Errorf("config: invalid JSON: %s", Clip(err.Error(), 200))
}

// tableFieldError finds which [Table] field failed to decode.
func tableFieldError(data []byte, te *tableError) error {
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(data, &raw)
	for _, name := range []string{"feature_probability", "importance"} {
		var t Table
		if r, ok := raw[name]; ok && t.UnmarshalJSON(r) != nil {
			return fieldErr(name, "%s", te.Error())
		}
	}
	return fmt.Errorf("config: %w", te)
}

func jsonTypeName(goType string) string {
	switch {
	case goType == "[][]int":
		return "a list of lists of feature indices, e.g. [[0, 1], [2, 3]]"
	case goType == "[]int":
		return "a list of feature indices inside the outer list, e.g. [[0, 1]]"
	case goType == "int64":
		return "an integer in −2^63…2^63−1"
	case strings.HasPrefix(goType, "int"):
		return "an integer"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	case goType == "string" || strings.HasPrefix(goType, "toysup."):
		return "a string"
	}
	return goType
}

// Resolve fills the defaults and validates; the returned config is what a result file records.
func (c Config) Resolve() (Config, error) {
	if c.Model == "" {
		c.Model = ModelKinds[0]
	}
	if c.Instances == 0 {
		c.Instances = DefaultInstances
	}
	if c.FeatureProbability.Rank() < 0 {
		c.FeatureProbability = Scalar(1)
	}
	if c.Steps == 0 {
		c.Steps = DefaultSteps
	}
	if c.BatchSize == 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.LearningRate == 0 {
		c.LearningRate = DefaultLearningRate
	}
	if c.Optimizer == "" {
		c.Optimizer = Optimizers[0]
	}
	if c.WeightDecay == nil {
		wd := defaultWeightDecay(c.Optimizer)
		c.WeightDecay = &wd
	}
	if c.LRSchedule == "" {
		c.LRSchedule = LRSchedules[0]
	}
	if c.Init == "" {
		c.Init = InitKinds[0]
	}
	if c.InitStd == 0 && c.Init == InitNormal {
		c.InitStd = DefaultInitStd
	}
	if c.LogEvery == 0 {
		c.LogEvery = max(1, c.Steps/100)
	}
	if c.Backend == "" {
		c.Backend = DefaultBackend
		if env := os.Getenv(BackendEnv); env != "" {
			if !backendName(env) {
				return Config{}, fmt.Errorf("environment variable %s=%q: want a GoMLX backend name such as \"go\", \"xla:cpu\" or \"xla:cuda\"", BackendEnv, Clip(env, maxMessageValue))
			}
			c.Backend = env
		}
	}
	if c.Engine == "" {
		c.Engine = EngineKinds[0]
	}
	if c.DatasetSize > 0 && c.DatasetSeed == nil {
		seed := c.Seed
		c.DatasetSeed = &seed
	}
	if c.AnticorrelatedMode == "" && len(c.Anticorrelated) > 0 {
		c.AnticorrelatedMode = AnticorrelatedPaper
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate checks every field of a resolved config; the error names the first bad field and what is allowed.
func (c Config) Validate() error {
	checks := []error{
		oneOf("model", c.Model, ModelKinds),
		intRange("features", c.Features, 1, maxDimension),
		intRange("hidden", c.Hidden, 1, maxDimension),
		intRange("instances", c.Instances, 1, maxDimension),
		intRange("steps", c.Steps, 1, math.MaxInt32),
		intRange("batch_size", c.BatchSize, 1, maxDimension),
		floatRange("learning_rate", c.LearningRate, 0, false, 10),
		oneOf("optimizer", c.Optimizer, Optimizers),
		oneOf("lr_schedule", c.LRSchedule, LRSchedules),
		intRange("warmup_steps", c.WarmupSteps, 0, c.Steps),
		oneOf("init", c.Init, InitKinds),
		intRange("log_every", c.LogEvery, 1, c.Steps),
		oneOf("engine", c.Engine, EngineKinds),
		intRange("first_instance", c.FirstInstance, 0, math.MaxInt32-c.Instances),
		c.FeatureProbability.check("feature_probability", c.Instances, c.Features, true, func(v float64) bool { return v >= MinFeatureProbability && v <= 1 }, "in [2^-24, 1] (the engines sample on a 24-bit grid)"),
	}
	if c.Features*c.Hidden*c.Instances > 1<<28 {
		checks = append(checks, fieldErr("instances", "features × hidden × instances = %d exceeds %d weights", c.Features*c.Hidden*c.Instances, 1<<28))
	}
	if c.WeightDecay != nil {
		checks = append(checks, floatRange("weight_decay", *c.WeightDecay, 0, true, 1))
	}
	if c.ImportanceDecay != nil {
		checks = append(checks, floatRange("importance_decay", *c.ImportanceDecay, 0, false, 1e6), c.checkDecay())
	}
	if c.Importance != nil {
		checks = append(checks, c.Importance.check("importance", c.Instances, c.Features, false, importanceOK, importanceRange))
	}
	if c.Init == InitNormal {
		checks = append(checks, floatRange("init_std", c.InitStd, 0, false, 100))
	} else if c.InitStd != 0 {
		checks = append(checks, fieldErr("init_std", "only applies with init \"normal\" (init is %q)", c.Init))
	}
	if err := firstErr(checks); err != nil {
		return err
	}
	if err := c.checkData(); err != nil {
		return err
	}
	if err := c.checkFeatureSets(); err != nil {
		return err
	}
	if c.Backend == "" || strings.ContainsAny(c.Backend, " \t\n") {
		checks = append(checks, fieldErr("backend", "must be a GoMLX backend name such as \"go\", \"xla:cpu\" or \"xla:cuda\", got %q", c.Backend))
	}
	return firstErr(checks)
}

func firstErr(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func oneOf[S ~string](field string, v S, allowed []S) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	return fieldErr(field, "got %q, allowed: %q", Clip(string(v), maxMessageValue), allowed)
}

func intRange(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fieldErr(field, "got %d, allowed %d…%d", v, lo, hi)
	}
	return nil
}

// floatRange checks v in (lo, hi] (or [lo, hi] when closedLo) and finite.
func floatRange(field string, v, lo float64, closedLo bool, hi float64) error {
	ok := v <= hi && (v > lo || closedLo && v == lo) && !math.IsNaN(v)
	if !ok {
		open := "("
		if closedLo {
			open = "["
		}
		return fieldErr(field, "got %v, allowed %s%v, %v]", v, open, lo, hi)
	}
	return nil
}

// FeatureProbabilities returns p per instance and feature, `[instances][features]`.
func (c Config) FeatureProbabilities() [][]float64 {
	return c.FeatureProbability.expand(c.Instances, c.Features, true)
}

// Importances returns I per instance and feature, `[instances][features]`: the explicit table if set, else
// I_i = importance_decay^i.
func (c Config) Importances() [][]float64 {
	if c.Importance != nil {
		return c.Importance.expand(c.Instances, c.Features, false)
	}
	decay := 1.0
	if c.ImportanceDecay != nil {
		decay = *c.ImportanceDecay
	}
	row := make([]float64, c.Features)
	for i := range row {
		row[i] = math.Pow(decay, float64(i))
	}
	return Vector(row).expand(c.Instances, c.Features, false)
}

// WeightDecayValue is the weight decay: the field's value, else the optimizer's default.
func (c Config) WeightDecayValue() float64 {
	if c.WeightDecay == nil {
		return defaultWeightDecay(c.Optimizer)
	}
	return *c.WeightDecay
}

// defaultWeightDecay is [DefaultWeightDecay] for adamw (and an unset optimizer, which resolves to adamw), else 0.
func defaultWeightDecay(o Optimizer) float64 {
	if o == OptimizerAdam || o == OptimizerSGD {
		return 0
	}
	return DefaultWeightDecay
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
