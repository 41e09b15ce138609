package toysup

import "math"

// Experiment is one preset training run of a paper section.
type Experiment struct {
	// Name is a file-friendly identifier, e.g. "s2_relu_sweep".
	Name string
	// Title describes it for figures and summaries.
	Title  string
	Config Config
}

// Section2Densities are the feature probabilities 1−S of the paper's Section 2 ReLU sweep.
var Section2Densities = []float64{1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001}

// QuickSteps is the step count of presets in quick mode (smoke tests and CI).
const QuickSteps = 300

func decayPtr(v float64) *float64 { return &v }

// withSteps returns cfg with the preset's steps, cut to [QuickSteps] in quick mode.
func withSteps(cfg Config, steps int, quick bool) Config {
	cfg.Steps = steps
	if quick {
		cfg.Steps = QuickSteps
	}
	return cfg
}

// Section2 returns the paper's Section 2 ("Demonstrating superposition") presets: n=20, m=5, I_i=0.7^i, trained
// with the Colab's settings (AdamW, lr 1e-3, batch 1024, 10 000 steps):
//   - "s2_linear": the linear model, dense;
//   - "s2_relu_sweep": ReLU-output models at 1−S ∈ [Section2Densities], one instance each.
func Section2(quick bool) []Experiment {
	base := Config{Features: 20, Hidden: 5, ImportanceDecay: decayPtr(0.7), Seed: 0}
	linear := base
	linear.Model, linear.FeatureProbability = ModelLinear, Scalar(1)
	relu := base
	relu.Model, relu.Instances, relu.FeatureProbability = ModelReLUOutput, len(Section2Densities), Vector(Section2Densities)
	return []Experiment{
		{Name: "s2_linear", Title: "Linear model, n=20, m=5, I=0.7^i, dense", Config: withSteps(linear, 10_000, quick)},
		{Name: "s2_relu_sweep", Title: "ReLU output model, n=20, m=5, I=0.7^i, 1−S from 1 to 0.001", Config: withSteps(relu, 10_000, quick)},
	}
}

// IntroDensities are the densities at which the paper's intro figure shows the n=5, m=2 model.
var IntroDensities = []float64{1, 0.2, 0.1}

// Intro returns the paper's introduction preset "intro_5_in_2": n=5 features in m=2 dimensions, ReLU output,
// I_i = 0.9^i, at 1−S ∈ [IntroDensities] (dense: 2 orthogonal; 0.2: two antipodal pairs; 0.1: a pentagon).
// Small models land in local minima, so each density is trained with several seeds side by side (best of K: see
// [BestOfK]).
func Intro(quick bool) Experiment {
	const seeds = 8
	var p []float64
	for _, d := range IntroDensities {
		for s := 0; s < seeds; s++ {
			p = append(p, d)
		}
	}
	cfg := Config{Model: ModelReLUOutput, Features: 5, Hidden: 2, Instances: len(p), ImportanceDecay: decayPtr(0.9),
		FeatureProbability: Vector(p), Seed: 0}
	return Experiment{Name: "intro_5_in_2", Title: "5 features in 2 dimensions, I=0.9^i", Config: withSteps(cfg, 10_000, quick)}
}

// BestOfK keeps, among instances trained with the same feature probabilities and importance, the one of lowest
// evaluated loss (`losses` `[instances]`, e.g. from [Result.Analyze]); it returns the kept instance indices in
// order of first appearance of their setting. The paper trains several models per setting and keeps the best,
// since single runs land in local minima.
func BestOfK(res *Result, losses []float64) []int {
	best := map[string]int{}
	var order []string
	for k, in := range res.Instances {
		key := settingKey(in)
		j, seen := best[key]
		if !seen {
			order = append(order, key)
			best[key] = k
		} else if losses[k] < losses[j] || math.IsNaN(losses[j]) {
			best[key] = k
		}
	}
	out := make([]int, len(order))
	for i, key := range order {
		out[i] = best[key]
	}
	return out
}

func settingKey(in Instance) string {
	b := make([]byte, 0, 16*len(in.FeatureProbability))
	for i := range in.FeatureProbability {
		b = appendFloat(b, in.FeatureProbability[i])
		b = appendFloat(b, in.Importance[i])
	}
	return string(b)
}

func appendFloat(b []byte, v float64) []byte {
	u := math.Float64bits(v)
	for i := 0; i < 8; i++ {
		b = append(b, byte(u>>(8*i)))
	}
	return b
}

// Select returns a copy of res restricted to the given instances (in that order), with the config's instance
// count and per-instance tables updated to match.
func (r *Result) Select(instances []int) *Result {
	out := *r
	out.Instances = make([]Instance, len(instances))
	p, imp := make([][]float64, len(instances)), make([][]float64, len(instances))
	for i, k := range instances {
		out.Instances[i] = r.Instances[k]
		p[i], imp[i] = r.Instances[k].FeatureProbability, r.Instances[k].Importance
	}
	out.Config.Instances = len(instances)
	out.Config.FeatureProbability = Matrix(p)
	m := Matrix(imp)
	out.Config.Importance = &m
	out.LossHistory = LossHistory{Step: r.LossHistory.Step, Loss: make([][]float64, len(r.LossHistory.Loss))}
	for t, row := range r.LossHistory.Loss {
		out.LossHistory.Loss[t] = make([]float64, len(instances))
		for i, k := range instances {
			out.LossHistory.Loss[t][i] = row[k]
		}
	}
	return &out
}
