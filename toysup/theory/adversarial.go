package theory

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup"
)

// Section 6, "Relationship to adversarial robustness": the paper's analytic L2 attack on the tied models and its
// vulnerability metric.
//
// The attack. The tied models compute the output pre-activation z = WᵀW x + b (x' = z for the linear model,
// ReLU(z) for the ReLU-output model). A perturbation δ of the input moves output i's pre-activation by
// (WᵀW)_i·δ, where (WᵀW)_i is row i of WᵀW (WᵀW is symmetric). By Cauchy–Schwarz, (WᵀW)_i·δ ≤ ‖(WᵀW)_i‖₂‖δ‖₂
// with equality iff δ is a positive multiple of (WᵀW)_i, and ReLU is monotone, so among all perturbations of L2
// size ε the one that most increases output i is
//
//	δ_i = ε (WᵀW)_i / ‖(WᵀW)_i‖₂,   raising z_i by ε‖(WᵀW)_i‖₂.
//
// Since ‖(WᵀW)_i‖₂² = Σ_j (W_i·W_j)² = ‖W_i‖⁴/D_i (D_i the feature dimensionality), that boost is ε‖W_i‖²/√D_i:
// a feature sharing its dimensions (D_i < 1) is pushed 1/√D_i times harder than a dedicated feature of the same
// norm, and the attack also moves every feature that interferes with i. The attack is made for every feature and
// the worst feature — the one whose attack raises the mean loss most — is taken.
//
// The loss. L = mean over inputs of Σ_a I_a (x_a − x'_a)², the training loss; L' is the same with x' computed from
// the attacked input x + δ while the target stays the clean x (the attacker corrupts the input; the model should
// still report the true features).
//
// The attack size (see [AttackOptions.Scaling]). The paper sizes the attack at 0.1 × the average input norm. With
// [AttackRelative] (the default) each input x is attacked with ε(x) = 0.1‖x‖, whose mean over inputs is exactly
// 0.1 × the average input norm; with [AttackFixed] every input is attacked with the same ε = 0.1 E‖x‖. They differ
// for sparse inputs: most inputs are then all zero, and a fixed ε, which shrinks like E‖x‖ ∝ 1−S, ends up far
// below the margin of the model's negative biases, so on zero inputs nothing moves, while the reference below,
// whose biases are 0, is hit on every input. The relative size attacks each input in proportion to its content,
// which isolates the interference that superposition creates; both are reported by the reproduce section.
//
// The normalisation L'₀ − L₀. The same attack (same size, same inputs) on a reference model without
// superposition: the min(n, m) most important features in dedicated orthogonal directions (W_R rows e_i, others
// 0) and zero bias, which reconstructs its kept features exactly. Its attack on a kept feature i is δ = ε e_i; it
// moves only output i, by ε, so its loss increase is exactly I_i ε² on every input (x_i + ε ≥ 0, so the ReLU does
// not cut it) and its worst feature is the most important one:
//
//	L'₀ − L₀ = I_max · E[ε(x)²]   (= I_max ε² for a fixed ε).
//
// This is also the optimal L2 attack on that model (ΔL = Σ_i I_i δ_i² ≤ I_max ε²), and a dense trained model, which
// keeps its m most important features orthogonal, has vulnerability ≈ 1. The vulnerability is
// (L' − L)/(L'₀ − L₀): how many times more the loss rises than without superposition. The paper plots it against
// sparsity next to the features per dimension 1/D*, which it tracks.

// Attack size scalings accepted in [AttackOptions.Scaling].
const (
	// AttackRelative attacks each input x with ε(x) = fraction·‖x‖ (mean: fraction × the average input norm).
	AttackRelative = "relative"
	// AttackFixed attacks every input with ε = fraction × the average input norm.
	AttackFixed = "fixed"
)

// AttackScalings lists the accepted [AttackOptions.Scaling] values; the first is the default.
var AttackScalings = []string{AttackRelative, AttackFixed}

// Defaults of [AttackOptions].
const (
	DefaultAttackFraction = 0.1
	DefaultAttackSamples  = 100_000
)

// AttackOptions configures [AttackInstance] and [Result.Attack]. The zero value gives the defaults.
type AttackOptions struct {
	// Fraction is the attack size relative to the input norm (default 0.1, allowed (0, 10]).
	Fraction float64
	// Scaling is [AttackRelative] (default) or [AttackFixed].
	Scaling string
	// Samples is the number of fresh inputs the losses are averaged over (default 100 000).
	Samples int
	// Seed seeds the inputs (drawn as the config describes, with the instance's feature probabilities).
	Seed uint64
}

func (o AttackOptions) resolve() (AttackOptions, error) {
	if o.Fraction == 0 {
		o.Fraction = DefaultAttackFraction
	}
	if o.Scaling == "" {
		o.Scaling = AttackScalings[0]
	}
	if o.Samples == 0 {
		o.Samples = DefaultAttackSamples
	}
	return o, cmp.Or(
		argFloat("AttackOptions.Fraction", o.Fraction, 0, 10),
		argOneOf("AttackOptions.Scaling", o.Scaling, AttackScalings),
		argInt("AttackOptions.Samples", o.Samples, 1, 1<<26))
}

// AttackReport is the outcome of the analytic attack on one trained instance.
type AttackReport struct {
	// Scaling and Fraction are the options the attack ran with.
	Scaling  string  `json:"scaling"`
	Fraction float64 `json:"fraction"`
	// MeanInputNorm is E‖x‖ over the samples; Epsilon = Fraction × MeanInputNorm is the mean attack size.
	MeanInputNorm float64 `json:"mean_input_norm"`
	Epsilon       float64 `json:"epsilon"`
	// Loss is L, the mean clean loss over the samples.
	Loss float64 `json:"loss"`
	// LossIncrease[i] is the mean over the samples of the loss increase under feature i's attack, `[features]`;
	// NaN for a feature with (WᵀW)_i = 0, which has no attack.
	LossIncrease []float64 `json:"loss_increase"`
	// Worst is the feature whose attack raises the loss most (−1 if no feature has an attack).
	Worst int `json:"worst"`
	// Increase is L' − L, LossIncrease[Worst].
	Increase float64 `json:"increase"`
	// ReferenceIncrease is L'₀ − L₀ = I_max · E[ε(x)²], the same attack on a model without superposition.
	ReferenceIncrease float64 `json:"reference_increase"`
	// Vulnerability is (L' − L)/(L'₀ − L₀) (NaN when the reference increase is 0: all samples zero).
	Vulnerability float64 `json:"vulnerability"`
}

// AttackDirections returns the unit attack direction of every feature, u_i = (WᵀW)_i/‖(WᵀW)_i‖₂ for `W`
// `[features][hidden]`, as `[features][features]`; the row of a feature with (WᵀW)_i = 0 is nil.
func AttackDirections(W [][]float64) [][]float64 {
	g := toysup.Gram(W)
	out := make([][]float64, len(g))
	for i, row := range g {
		nrm := math.Sqrt(toysup.Dot(row, row))
		if nrm == 0 {
			continue
		}
		out[i] = make([]float64, len(row))
		for j, v := range row {
			out[i][j] = v / nrm
		}
	}
	return out
}

// AttackInstance runs the analytic attack on one instance of a tied model (cfg.Model "relu_output" or "linear";
// cfg gives the model and how inputs are drawn, the instance its weights, importance and feature probabilities).
func AttackInstance(cfg toysup.Config, in toysup.Instance, opts AttackOptions) (AttackReport, error) {
	opts, err := opts.resolve()
	if err != nil {
		return AttackReport{}, err
	}
	if cfg.Model != toysup.ModelReLUOutput && cfg.Model != toysup.ModelLinear {
		return AttackReport{}, toysup.FieldErrorf("model", "the analytic attack is derived for the tied models %q and %q, got %q", toysup.ModelReLUOutput, toysup.ModelLinear, cfg.Model)
	}
	n := len(in.W)
	if n == 0 || len(in.B) != n || len(in.Importance) != n || len(in.FeatureProbability) != n {
		return AttackReport{}, fmt.Errorf("attack: instance needs W, b, importance and feature_probability of equal length ≥ 1")
	}
	imp := toysup.Vector(in.Importance)
	cfg.Instances, cfg.Features, cfg.FeatureProbability, cfg.Importance = 1, n, toysup.Matrix([][]float64{in.FeatureProbability}), &imp
	if len(in.W[0]) > 0 {
		cfg.Hidden = len(in.W[0])
	}
	gen, err := toysup.NewConfigGenerator(cfg, opts.Seed)
	if err != nil {
		return AttackReport{}, err
	}
	batch := gen.Sample(opts.Samples)
	return attack(cfg.Model, in, batch, opts), nil
}

// Attack runs [AttackInstance] on every instance of r, `[instances]`, each on its own fresh samples (seeded
// opts.Seed + instance index).
func Attack(r *toysup.Result, opts AttackOptions) ([]AttackReport, error) {
	out := make([]AttackReport, len(r.Instances))
	for k, in := range r.Instances {
		o := opts
		o.Seed += uint64(k)
		rep, err := AttackInstance(r.Config, in, o)
		if err != nil {
			return nil, fmt.Errorf("instance %d: %w", k, err)
		}
		out[k] = rep
	}
	return out, nil
}

// attack evaluates every feature's attack on the samples of batch (instance 0). For an input x it computes the
// clean pre-activation z = WᵀW x + b once; feature i's attack of size ε(x) adds ε(x)·(WᵀW u_i) to it, so each
// attacked loss costs O(n) given the precomputed `[features][features]` matrix D_i = WᵀW u_i.
func attack(model toysup.ModelKind, in toysup.Instance, batch toysup.Batch, opts AttackOptions) AttackReport {
	n, S := len(in.W), batch.Size
	a := attacker{in: in, g: toysup.Gram(in.W), shift: attackShifts(in.W), act: func(v float64) float64 { return v },
		z: make([]float64, n), errs: make([]float64, n)}
	if model != toysup.ModelLinear {
		a.act = func(v float64) float64 { return max(v, 0) }
	}
	norms := make([]float64, S)
	meanNorm := 0.0
	for s := range S {
		x := batch.Row(s, 0)
		norms[s] = math.Sqrt(toysup.Dot(x, x))
		meanNorm += norms[s]
	}
	meanNorm /= float64(S)
	rep := AttackReport{Scaling: opts.Scaling, Fraction: opts.Fraction, MeanInputNorm: meanNorm,
		Epsilon: opts.Fraction * meanNorm, LossIncrease: make([]float64, n), Worst: -1}
	epsSq := 0.0
	for s := range S {
		eps := rep.Epsilon
		if opts.Scaling == AttackRelative {
			eps = opts.Fraction * norms[s]
		}
		epsSq += eps * eps
		rep.Loss += a.sample(batch.Row(s, 0), eps, rep.LossIncrease)
	}
	rep.Loss /= float64(S)
	imax := 0.0
	for _, v := range in.Importance {
		imax = max(imax, v)
	}
	rep.ReferenceIncrease = imax * epsSq / float64(S)
	rep.finish(a.shift, S)
	return rep
}

// attackShifts returns shift[i] = WᵀW u_i `[features]`, the pre-activation change per unit of attack on feature
// i (nil where feature i has no attack direction).
func attackShifts(W [][]float64) [][]float64 {
	g := toysup.Gram(W)
	shift := make([][]float64, len(W))
	for i, u := range AttackDirections(W) {
		if u == nil {
			continue
		}
		shift[i] = make([]float64, len(W))
		for a := range shift[i] {
			shift[i][a] = toysup.Dot(g[a], u)
		}
	}
	return shift
}

// attacker holds one instance's attack state and scratch buffers.
type attacker struct {
	in      toysup.Instance
	g       [][]float64 // WᵀW
	shift   [][]float64
	act     func(float64) float64
	z, errs []float64
}

// sample returns the clean loss Σ_a I_a (x_a − act(z_a))² of input x and adds each feature's attacked loss
// increase at size eps into inc `[features]`.
func (a *attacker) sample(x []float64, eps float64, inc []float64) float64 {
	clean := 0.0
	for i := range x {
		a.z[i] = toysup.Dot(a.g[i], x) + a.in.B[i]
		d := x[i] - a.act(a.z[i])
		a.errs[i] = d * d
		clean += a.in.Importance[i] * a.errs[i]
	}
	if eps == 0 {
		return clean
	}
	for i, sh := range a.shift {
		if sh == nil {
			continue
		}
		sum := 0.0
		for j, v := range sh {
			d := x[j] - a.act(a.z[j]+eps*v)
			sum += a.in.Importance[j] * (d*d - a.errs[j])
		}
		inc[i] += sum
	}
	return clean
}

// finish averages the loss increases over S samples, picks the worst feature and the vulnerability
// Increase / ReferenceIncrease (NaN where undefined).
func (rep *AttackReport) finish(shift [][]float64, S int) {
	for i := range rep.LossIncrease {
		if shift[i] == nil {
			rep.LossIncrease[i] = math.NaN()
			continue
		}
		rep.LossIncrease[i] /= float64(S)
		if rep.Worst < 0 || rep.LossIncrease[i] > rep.LossIncrease[rep.Worst] {
			rep.Worst = i
		}
	}
	rep.Increase = math.NaN()
	if rep.Worst >= 0 {
		rep.Increase = rep.LossIncrease[rep.Worst]
	}
	rep.Vulnerability = math.NaN()
	if rep.ReferenceIncrease > 0 {
		rep.Vulnerability = rep.Increase / rep.ReferenceIncrease
	}
}

// NoSuperpositionReference is the reference model of the vulnerability metric for importance `[features]` and m
// hidden dimensions: W `[features][m]` with row e_r for the r-th most important feature (r < m; ties keep the
// lower index first) and zero rows for the rest, and b = 0. It represents min(n, m) features with no
// superposition and reconstructs them exactly.
func NoSuperpositionReference(importance []float64, m int) toysup.Instance {
	n := len(importance)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	// Stable selection of the m most important (insertion sort: n is small wherever this is used).
	for i := 1; i < n; i++ {
		for j := i; j > 0 && importance[order[j]] > importance[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	in := toysup.Instance{Importance: append([]float64(nil), importance...), W: make([][]float64, n), B: make([]float64, n)}
	for i := range in.W {
		in.W[i] = make([]float64, m)
	}
	for r := 0; r < min(n, m); r++ {
		in.W[order[r]][r] = 1
	}
	return in
}

// attackReportJSON is AttackReport's JSON form: NaN (no attack, or no reference) is written as null.
type attackReportJSON struct {
	Scaling           string     `json:"scaling"`
	Fraction          float64    `json:"fraction"`
	MeanInputNorm     float64    `json:"mean_input_norm"`
	Epsilon           float64    `json:"epsilon"`
	Loss              float64    `json:"loss"`
	LossIncrease      []*float64 `json:"loss_increase"`
	Worst             int        `json:"worst"`
	Increase          *float64   `json:"increase"`
	ReferenceIncrease float64    `json:"reference_increase"`
	Vulnerability     *float64   `json:"vulnerability"`
}

func nullable(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func fromNullable(v *float64) float64 {
	if v == nil {
		return math.NaN()
	}
	return *v
}

// MarshalJSON writes the report with NaN values as null (encoding/json rejects NaN).
func (a AttackReport) MarshalJSON() ([]byte, error) {
	j := attackReportJSON{Scaling: a.Scaling, Fraction: a.Fraction, MeanInputNorm: a.MeanInputNorm, Epsilon: a.Epsilon,
		Loss: a.Loss, Worst: a.Worst, Increase: nullable(a.Increase), ReferenceIncrease: a.ReferenceIncrease,
		Vulnerability: nullable(a.Vulnerability), LossIncrease: make([]*float64, len(a.LossIncrease))}
	for i, v := range a.LossIncrease {
		j.LossIncrease[i] = nullable(v)
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes (null back to NaN).
func (a *AttackReport) UnmarshalJSON(data []byte) error {
	var j attackReportJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*a = AttackReport{Scaling: j.Scaling, Fraction: j.Fraction, MeanInputNorm: j.MeanInputNorm, Epsilon: j.Epsilon,
		Loss: j.Loss, Worst: j.Worst, Increase: fromNullable(j.Increase), ReferenceIncrease: j.ReferenceIncrease,
		Vulnerability: fromNullable(j.Vulnerability), LossIncrease: make([]float64, len(j.LossIncrease))}
	for i, v := range j.LossIncrease {
		a.LossIncrease[i] = fromNullable(v)
	}
	return nil
}
