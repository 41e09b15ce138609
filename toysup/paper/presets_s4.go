package paper

import (
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// Section4Densities are the feature probabilities of the uniform-superposition sweep: 1 → 0.01, log-spaced
// (1/(1−S) from 1 to 100, where the geometry changes; beyond it every feature is packed in and D* ≈ m/n);
// 20 in a full run, 8 in quick mode.
func Section4Densities(quick bool) []float64 {
	if quick {
		return theory.LogGrid(1, 0.01, 8)
	}
	return theory.LogGrid(1, 0.01, 20)
}

// NonUniformFactors are the density ratios p₀/p of the varied feature in the non-uniform pentagon series
// (1/5 → 2, log-spaced). The paper: below about 1/2.5 the pentagon gives way to two digons with feature 0
// dropped; here the jump comes between 1/4 and 1/3 (1M-sample losses at 1/4: two digons 0.00583, the best
// pentagon 0.00587).
func NonUniformFactors(quick bool) []float64 {
	if quick {
		return theory.LogGrid(0.2, 2, 5)
	}
	return theory.LogGrid(0.2, 2, 9)
}

// Section4 returns the paper's Section 4 ("The geometry of superposition") presets, trained with the Colab's
// settings (AdamW, lr 1e-3, batch 1024; 300 steps in quick mode):
//   - "s4_uniform": uniform superposition, ReLU output, the paper's n=400, m=30, I=1, one instance per density of
//     [Section4Densities], 10 000 steps;
//   - "s4_nonuniform": n=5, m=2, I=1, base density 0.05 (a regular pentagon) with feature 0's density scaled by
//     [NonUniformFactors], [NonUniformSeeds] seeds each (best of K; the series also compares the best pentagon
//     and the best two-digon solution at each density), 10 000 steps;
//   - "s4_correlated": n=4, m=2, correlated pairs {0,1} and {2,3} at 1−S ∈ {0.1, 0.03}, 4 seeds each;
//   - "s4_anticorrelated": n=4, m=2, anticorrelated pairs {0,1} and {2,3} (the paper's definition: a pair is
//     non-zero with probability p, then exactly one member) at p ∈ {0.1, 0.03}, 4 seeds each;
//   - "s4_correlated_triple": n=6, m=2, three correlated pairs at 1−S ∈ {0.3, 0.1, 0.03, 0.01}, 4 seeds each;
//   - "s4_local_bases": n=20, m=10, two sets of 10 correlated features at 1−S ∈ {0.1, 0.03}, 2 seeds each.
//
// The feature-set runs train for 6 000 steps at lr 3e-3 (the small models converge well before).
func Section4(quick bool) Section4Presets {
	uniform := toysup.Config{Model: toysup.ModelReLUOutput, Features: 400, Hidden: 30, Instances: len(Section4Densities(quick)),
		FeatureProbability: toysup.Vector(Section4Densities(quick)), Seed: 4}
	return Section4Presets{
		Uniform:          Experiment{Name: "s4_uniform", Title: "Uniform superposition, n=400, m=30, I=1, 1−S from 1 to 0.01", Config: withSteps(uniform, 10_000, quick)},
		NonUniform:       Experiment{Name: "s4_nonuniform", Title: "Non-uniform superposition: n=5, m=2, 1−S=0.05, feature 0's density varied", Config: withSteps(nonUniform(quick), 10_000, quick), Seeds: NonUniformSeeds},
		Correlated:       featureSets("s4_correlated", "Two correlated pairs, n=4, m=2", 4, 2, [][]int{{0, 1}, {2, 3}}, nil, []float64{0.1, 0.03}, 4, quick),
		Anticorrelated:   featureSets("s4_anticorrelated", "Two anticorrelated pairs (paper's definition), n=4, m=2", 4, 2, nil, [][]int{{0, 1}, {2, 3}}, []float64{0.1, 0.03}, 4, quick),
		CorrelatedTriple: featureSets("s4_correlated_triple", "Three correlated pairs, n=6, m=2", 6, 2, [][]int{{0, 1}, {2, 3}, {4, 5}}, nil, []float64{0.3, 0.1, 0.03, 0.01}, 4, quick),
		LocalBases:       featureSets("s4_local_bases", "Two sets of 10 correlated features, n=20, m=10", 20, 10, [][]int{indexRange(0, 10), indexRange(10, 20)}, nil, []float64{0.1, 0.03}, 2, quick),
	}
}

// Section4Presets are Section 4's experiments.
type Section4Presets struct {
	Uniform, NonUniform                          Experiment
	Correlated, Anticorrelated, CorrelatedTriple Experiment // the feature-set geometries.
	LocalBases                                   Experiment
}

// All lists the experiments in training order.
func (p Section4Presets) All() []Experiment {
	return []Experiment{p.Uniform, p.NonUniform, p.Correlated, p.Anticorrelated, p.CorrelatedTriple, p.LocalBases}
}

// FeatureSets lists the three feature-set geometries.
func (p Section4Presets) FeatureSets() []Experiment {
	return []Experiment{p.Correlated, p.Anticorrelated, p.CorrelatedTriple}
}

// NonUniformBase is the density of the non-uniform series' unchanged features.
const NonUniformBase = 0.05

// NonUniformSeeds is the number of seeds per density of the non-uniform series: enough that both the pentagon
// and the two digons are found near the jump.
const NonUniformSeeds = 8

func nonUniform(quick bool) toysup.Config {
	var p [][]float64
	for _, f := range NonUniformFactors(quick) {
		for s := 0; s < NonUniformSeeds; s++ {
			row := []float64{math.Min(1, f*NonUniformBase), NonUniformBase, NonUniformBase, NonUniformBase, NonUniformBase}
			p = append(p, row)
		}
	}
	return toysup.Config{Model: toysup.ModelReLUOutput, Features: 5, Hidden: 2, Instances: len(p), FeatureProbability: toysup.Matrix(p), Seed: 5}
}

// featureSets builds a feature-set experiment: each density trained with `seeds` seeds side by side.
func featureSets(name, title string, n, m int, corr, anti [][]int, densities []float64, seeds int, quick bool) Experiment {
	p := Seeded(densities, seeds)
	cfg := toysup.Config{Model: toysup.ModelReLUOutput, Features: n, Hidden: m, Instances: len(p), FeatureProbability: toysup.Vector(p),
		Correlated: corr, Anticorrelated: anti, LearningRate: 3e-3, Seed: 6}
	return Experiment{Name: name, Title: fmt.Sprintf("%s, 1−S ∈ %v", title, densities), Config: withSteps(cfg, 6_000, quick), Seeds: seeds}
}

func indexRange(a, b int) []int {
	out := make([]int, 0, b-a)
	for i := a; i < b; i++ {
		out = append(out, i)
	}
	return out
}
