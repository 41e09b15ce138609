package sae

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/toymodels/superposition/toysup"
)

// Activation names an SAE activation ([Config.Activation]).
type Activation string

// Activations.
const (
	// ActivationReLU is z = ReLU(pre) with the L1 penalty λ Σ_j z_j.
	ActivationReLU Activation = "relu"
	// ActivationTopK keeps the k largest ReLU(pre) and zeroes the rest; no sparsity penalty (λ must be 0).
	ActivationTopK Activation = "topk"
	// ActivationJumpReLU is z = pre · H(pre − θ) with a learned threshold θ_j per latent and the L0 penalty
	// λ Σ_j H(pre_j − θ_j), trained with straight-through estimators (Rajamanoharan et al., 2024).
	ActivationJumpReLU Activation = "jumprelu"
)

// Resample names a dead-latent resampling scheme ([Config.Resample]).
type Resample string

// Resampling schemes.
const (
	ResampleNone Resample = "none"
	// ResampleSimple re-initialises each dead latent from one of the highest-loss inputs of the batch: decoder
	// row = the input's unit direction (h − b_dec), encoder row = that × resample_scale, b_enc = 0.
	ResampleSimple Resample = "simple"
	// ResampleAnthropic draws inputs with probability ∝ squared reconstruction error; decoder row = the unit
	// direction, encoder row = that × 0.2 × the mean norm of the live encoder rows, b_enc = 0, and the Adam
	// moments of those rows reset (Anthropic's "Towards Monosemanticity", 2023).
	ResampleAnthropic Resample = "anthropic"
)

// Init names an SAE initialisation ([Config.Init]).
type Init string

// Initialisations.
const (
	// InitKaiming draws W_enc and W_dec independently (ARENA's PyTorch Kaiming-uniform init).
	InitKaiming Init = "kaiming"
	// InitTied draws W_dec as InitKaiming does and sets W_enc = W_dec (each latent's encoder row along its unit
	// decoder row), as Gao et al. (2024) and Anthropic's April 2024 update recommend: fewer dead and merged
	// latents.
	InitTied Init = "tied"
)

// Choices of the enumerated fields; the first of each list is the default.
var (
	Activations = []Activation{ActivationReLU, ActivationTopK, ActivationJumpReLU}
	Resamples   = []Resample{ResampleAnthropic, ResampleSimple, ResampleNone}
	Inits       = []Init{InitKaiming, InitTied}
)

// Defaults of [Config]: the ARENA case (ARENA 1.3.1's toy SAE: batch 1024, Adam lr 1e-3, 10 000 steps,
// resampling every 2 500 steps over a 500-step window).
const (
	DefaultSteps          = 10_000
	DefaultBatchSize      = 1024
	DefaultLearningRate   = 1e-3
	DefaultL1             = 0.2 // ReLU's λ (ARENA's sparsity_coeff); see the package doc for the normalisation.
	DefaultJumpL0         = 0.1 // JumpReLU's λ.
	DefaultThreshold      = 0.001
	DefaultBandwidth      = 0.01
	DefaultSeeds          = 1
	DefaultResampleEvery  = 2500
	DefaultResampleWindow = 500
	DefaultResampleScale  = 0.5
	DefaultEvalSamples    = 20_000
)

// Config describes SAEs trained on the hidden activations of a base result: [Config.Seeds] SAEs per base
// instance, side by side. Its JSON field names are a public contract (see the README); [ParseConfig] reads it
// strictly and [Config.ForBase] fills what depends on the base.
type Config struct {
	// Latents is the dictionary size (default: the base's number of features).
	Latents int `json:"latents,omitempty"`
	// Activation is "relu" (default), "topk" or "jumprelu".
	Activation Activation `json:"activation,omitempty"`
	// L1 is the sparsity coefficient λ: of Σ|z| for relu (default 0.2), of Σ H(pre − θ) for jumprelu (default
	// 0.1); it must be 0 for topk.
	L1 *float64 `json:"l1,omitempty"`
	// K is TopK's number of active latents (required with topk, not allowed otherwise).
	K int `json:"k,omitempty"`
	// Threshold is JumpReLU's initial θ (default 0.001) and Bandwidth its straight-through window ε (default
	// 0.01); jumprelu only.
	Threshold float64 `json:"threshold,omitempty"`
	Bandwidth float64 `json:"bandwidth,omitempty"`
	// Init is "kaiming" (default) or "tied".
	Init Init `json:"init,omitempty"`

	Steps        int     `json:"steps,omitempty"`
	BatchSize    int     `json:"batch_size,omitempty"`
	LearningRate float64 `json:"learning_rate,omitempty"`
	// Seeds is the number of SAEs per base instance; SAE s of an instance has seed Seed + s.
	Seeds int   `json:"seeds,omitempty"`
	Seed  int64 `json:"seed"`
	// BaseInstances lists the base instances to train on (default: all).
	BaseInstances []int `json:"base_instances,omitempty"`

	// Resample is "anthropic" (default), "simple" or "none". A latent is dead when it has not fired for
	// ResampleWindow steps (default 500, also with "none": the dead fraction of the history); dead latents are
	// resampled every ResampleEvery steps (default 2 500), except in the last ResampleEvery steps; both defaults
	// shrink for runs under 10 000 steps (every = steps/4, window = every/5). ResampleScale is the simple scheme's encoder scale.
	Resample       Resample `json:"resample,omitempty"`
	ResampleEvery  int      `json:"resample_every,omitempty"`
	ResampleWindow int      `json:"resample_window,omitempty"`
	ResampleScale  float64  `json:"resample_scale,omitempty"`

	// LogEvery is the history interval in steps (default steps/100); EvalSamples the fresh samples of the final
	// metrics (default 20 000); RecordDecoder keeps every SAE's W_dec at each logged step (for m = 2 frames).
	LogEvery      int  `json:"log_every,omitempty"`
	EvalSamples   int  `json:"eval_samples,omitempty"`
	RecordDecoder bool `json:"record_decoder,omitempty"`
}

// ParseConfig reads a JSON SAE config strictly (unknown fields and wrong types are errors naming the field),
// fills the defaults that do not depend on the base and validates it.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Config{}, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Config{}, errors.New("sae config: trailing data after the JSON object")
	}
	return c.Resolve()
}

// LoadConfig reads and validates a JSON SAE config file.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("sae config: %w", err)
	}
	c, err := ParseConfig(data)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		return toysup.FieldErrorf(typeErr.Field, "wrong type: got JSON %s, want Go %s", typeErr.Value, typeErr.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return toysup.FieldErrorf(name, "unknown field (see the README for the SAE config format)")
	}
	return fmt.Errorf("sae config: invalid JSON: %w", err)
}

// Resolve fills the defaults that do not depend on the base and validates.
func (c Config) Resolve() (Config, error) {
	if c.Activation == "" {
		c.Activation = Activations[0]
	}
	if c.L1 == nil {
		l1 := map[Activation]float64{ActivationReLU: DefaultL1, ActivationJumpReLU: DefaultJumpL0}[c.Activation]
		c.L1 = &l1
	}
	if c.Init == "" {
		c.Init = Inits[0]
	}
	if c.Activation == ActivationJumpReLU {
		c.Threshold = orF(c.Threshold, DefaultThreshold)
		c.Bandwidth = orF(c.Bandwidth, DefaultBandwidth)
	}
	c.Steps = orI(c.Steps, DefaultSteps)
	c.BatchSize = orI(c.BatchSize, DefaultBatchSize)
	c.LearningRate = orF(c.LearningRate, DefaultLearningRate)
	c.Seeds = orI(c.Seeds, DefaultSeeds)
	if c.Resample == "" {
		c.Resample = Resamples[0]
	}
	if c.Resample != ResampleNone { // ARENA's 2 500 and 500 steps, scaled down for runs under 10 000 steps
		c.ResampleEvery = orI(c.ResampleEvery, min(DefaultResampleEvery, max(1, c.Steps/4)))
	}
	c.ResampleWindow = orI(c.ResampleWindow, min(DefaultResampleWindow, max(1, orI(c.ResampleEvery, c.Steps/4)/5)))
	if c.Resample == ResampleSimple {
		c.ResampleScale = orF(c.ResampleScale, DefaultResampleScale)
	}
	c.LogEvery = orI(c.LogEvery, max(1, c.Steps/100))
	c.EvalSamples = orI(c.EvalSamples, DefaultEvalSamples)
	return c, c.Validate()
}

func orI(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orF(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// Validate checks a resolved config; the error names the first bad field and what is allowed.
func (c Config) Validate() error {
	f := toysup.FieldErrorf
	checks := []error{
		oneOf("activation", c.Activation, Activations),
		oneOf("resample", c.Resample, Resamples),
		oneOf("init", c.Init, Inits),
		intRange("latents", c.Latents, 0, 1<<16),
		intRange("steps", c.Steps, 1, math.MaxInt32),
		intRange("batch_size", c.BatchSize, 1, 1<<20),
		floatRange("learning_rate", c.LearningRate, 10),
		intRange("seeds", c.Seeds, 1, 1<<12),
		intRange("log_every", c.LogEvery, 1, c.Steps),
		intRange("eval_samples", c.EvalSamples, 1, 1<<24),
	}
	if l1 := *c.L1; !(l1 >= 0 && l1 <= 1e6) {
		checks = append(checks, f("l1", "got %v, allowed [0, 1e6]", l1))
	}
	switch c.Activation {
	case ActivationTopK:
		if *c.L1 != 0 {
			checks = append(checks, f("l1", "must be 0 (or unset) with activation \"topk\": TopK has no sparsity penalty"))
		}
		checks = append(checks, intRange("k", c.K, 1, 1<<16))
	case ActivationJumpReLU:
		checks = append(checks, floatRange("threshold", c.Threshold, 1e3), floatRange("bandwidth", c.Bandwidth, 1e3))
	}
	if c.K != 0 && c.Activation != ActivationTopK {
		checks = append(checks, f("k", "only applies with activation \"topk\" (activation is %q)", c.Activation))
	}
	if c.Activation != ActivationJumpReLU && (c.Threshold != 0 || c.Bandwidth != 0) {
		checks = append(checks, f("threshold", "threshold and bandwidth only apply with activation \"jumprelu\""))
	}
	checks = append(checks, c.validateResample()...)
	for i, k := range c.BaseInstances {
		if k < 0 || slices.Contains(c.BaseInstances[:i], k) {
			checks = append(checks, f(fmt.Sprintf("base_instances[%d]", i), "got %d: want distinct instance indices ≥ 0", k))
		}
	}
	for _, e := range checks {
		if e != nil {
			return e
		}
	}
	return nil
}

func (c Config) validateResample() []error {
	f := toysup.FieldErrorf
	if c.Resample == ResampleNone {
		if c.ResampleEvery != 0 || c.ResampleScale != 0 {
			return []error{f("resample_every", "resample_every and resample_scale need resample \"simple\" or \"anthropic\"")}
		}
		return []error{intRange("resample_window", c.ResampleWindow, 1, math.MaxInt32)}
	}
	out := []error{intRange("resample_every", c.ResampleEvery, 1, c.Steps), intRange("resample_window", c.ResampleWindow, 1, c.Steps)}
	if c.Resample == ResampleSimple {
		out = append(out, floatRange("resample_scale", c.ResampleScale, 100))
	} else if c.ResampleScale != 0 {
		out = append(out, f("resample_scale", "only applies with resample \"simple\" (the anthropic scheme scales by 0.2 × the mean live encoder norm)"))
	}
	return out
}

func oneOf[S ~string](field string, v S, allowed []S) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	return toysup.FieldErrorf(field, "got %q, allowed: %q", v, allowed)
}

func intRange(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return toysup.FieldErrorf(field, "got %d, allowed %d…%d", v, lo, hi)
	}
	return nil
}

// floatRange checks v in (0, hi].
func floatRange(field string, v, hi float64) error {
	if !(v > 0 && v <= hi) {
		return toysup.FieldErrorf(field, "got %v, allowed (0, %v]", v, hi)
	}
	return nil
}

// ForBase resolves c for a base result: latents default to the base's features, base_instances to all; it
// refuses bases whose hidden activations the SAE cannot read and instances the base does not have.
func (c Config) ForBase(base *toysup.Result) (Config, error) {
	if base == nil || len(base.Instances) == 0 {
		return Config{}, toysup.ArgErrorf("base", "no base result (or one without instances)")
	}
	switch base.Config.Model {
	case toysup.ModelReLUOutput, toysup.ModelLinear:
	case toysup.ModelReLUHidden:
		return Config{}, toysup.ArgErrorf("base", "model %q is not supported: the SAE reads h = W x of relu_output/linear models, where feature i's direction in h is W_i. "+
			"relu_hidden's hidden layer is h = ReLU(W x): a privileged basis whose activations are clipped, so a lone feature lands on ReLU(W_i) and co-occurring ones do not add — there is no linear ground truth to score latents against", base.Config.Model)
	default:
		return Config{}, toysup.ArgErrorf("base", "model %q is not supported: the SAE reads h = W x of relu_output or linear models", base.Config.Model)
	}
	c, err := c.Resolve()
	if err != nil {
		return Config{}, err
	}
	if c.Latents == 0 {
		c.Latents = base.Config.Features
	}
	if c.BaseInstances == nil {
		for k := range base.Instances {
			c.BaseInstances = append(c.BaseInstances, k)
		}
	}
	for i, k := range c.BaseInstances {
		if k >= len(base.Instances) {
			return Config{}, toysup.FieldErrorf(fmt.Sprintf("base_instances[%d]", i), "got %d, the base has %d instances", k, len(base.Instances))
		}
	}
	if c.Activation == ActivationTopK && c.K > c.Latents {
		return Config{}, toysup.FieldErrorf("k", "got %d, more than latents = %d", c.K, c.Latents)
	}
	if n := len(c.BaseInstances) * c.Seeds * c.Latents * base.Config.Hidden; n > 1<<26 {
		return Config{}, toysup.FieldErrorf("latents", "SAEs × latents × hidden = %d exceeds %d weights", n, 1<<26)
	}
	return c, nil
}
