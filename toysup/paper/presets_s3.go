package paper

import (
	"fmt"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// PhaseGrid is the grid of Section 3's phase diagrams: every (density, relative importance) pair trained with
// Seeds seeds side by side (best of K: see [BestOfK]).
type PhaseGrid struct {
	// Densities are the feature probabilities 1−S of every feature (the x axis), `[nx]`.
	Densities []float64
	// Importances are the extra (last) feature's importance relative to the others' 1 (the y axis), `[ny]`.
	Importances []float64
	// Seeds is the number of instances trained per cell.
	Seeds int
}

// Section3Grid is the paper's grid: density 1 → 0.01 and relative importance 0.1 → 10, both log-spaced; 16 × 16
// cells of 10 seeds in a full run (as the paper: 10 models per point, the highest-loss one discarded), 8 × 8 cells
// of 2 seeds in quick mode.
func Section3Grid(quick bool) PhaseGrid {
	if quick {
		return PhaseGrid{Densities: theory.LogGrid(1, 0.01, 8), Importances: theory.LogGrid(0.1, 10, 8), Seeds: 2}
	}
	return PhaseGrid{Densities: theory.LogGrid(1, 0.01, 16), Importances: theory.LogGrid(0.1, 10, 16), Seeds: 10}
}

// Config returns the ReLU-output config training the grid with n features in m dimensions, features of
// importance 1 except the last, of importance r: instances ordered by importance, then density, then seed;
// K = ny·nx·Seeds.
func (g PhaseGrid) Config(n, m int) (toysup.Config, error) {
	if len(g.Densities) == 0 || len(g.Importances) == 0 {
		return toysup.Config{}, toysup.ArgErrorf("feature_probability", "the phase grid needs at least one density and one importance")
	}
	if g.Seeds < 1 {
		return toysup.Config{}, toysup.ArgErrorf("instances", "seeds per cell: got %d, allowed ≥ 1", g.Seeds)
	}
	var p []float64
	var imp [][]float64
	for _, r := range g.Importances {
		for _, d := range g.Densities {
			for s := 0; s < g.Seeds; s++ {
				row := make([]float64, n)
				for i := range row {
					row[i] = 1
				}
				row[n-1] = r
				p, imp = append(p, d), append(imp, row)
			}
		}
	}
	t := toysup.Matrix(imp)
	cfg := toysup.Config{Model: toysup.ModelReLUOutput, Features: n, Hidden: m, Instances: len(p), FeatureProbability: toysup.Vector(p), Importance: &t}
	return cfg.Resolve()
}

// Section3 returns the paper's Section 3 ("Superposition as a phase change") presets on [Section3Grid], trained
// with AdamW, batch 1024, for 3 000 steps at lr 3e-3 (300 steps in quick mode). These tiny models converge
// sooner at the higher rate: on the 20 × 20 × 4 grid of n=2, m=1, 3 000 steps at 3e-3 agreed with the analytic
// diagram on 96.8 % of the cells against 95.8 % for 6 000 steps at the Colab's 1e-3.
//   - "s3_phase_2_1": n=2, m=1 — is the extra feature not learned, given the dimension, or in superposition?
//   - "s3_phase_3_2": n=3, m=2 — which of the candidates W⊥[0,0,1], W⊥[1,0,0], W⊥[0,1,1], W⊥[1,1,0] wins?
func Section3(quick bool) Section3Presets {
	g := Section3Grid(quick)
	phase := func(name, title string, n, m int) Experiment {
		cfg, err := g.Config(n, m)
		if err != nil { // the grids above are fixed and valid (a test checks both modes).
			panic(fmt.Sprintf("paper: Section 3 preset %s: %v", name, err))
		}
		cfg.Seed, cfg.LearningRate = 3, 3e-3
		return Experiment{Name: name, Title: title, Config: withSteps(cfg, 3_000, quick), ExactLoss: true, Seeds: g.Seeds}
	}
	return Section3Presets{Grid: g,
		Phase2: phase("s3_phase_2_1", "Phase diagram: 2 features in 1 dimension, extra feature of relative importance r", 2, 1),
		Phase3: phase("s3_phase_3_2", "Phase diagram: 3 features in 2 dimensions, third feature of relative importance r", 3, 2)}
}

// Section3Presets are Section 3's two phase-diagram experiments on their grid.
type Section3Presets struct {
	Grid           PhaseGrid
	Phase2, Phase3 Experiment // n=2, m=1 and n=3, m=2.
}

// All lists the experiments in training order.
func (p Section3Presets) All() []Experiment { return []Experiment{p.Phase2, p.Phase3} }

// Phase2CandidatePoints are the (1−S, r) points at which the notebook tabulates the three n=2, m=1 candidates:
// dense, near and at the triple point, and sparse at low, high and very high relative importance.
var Phase2CandidatePoints = [][2]float64{{1, 0.5}, {0.5, 1}, {theory.TriplePointDensity, theory.TriplePointImportance}, {0.1, 0.5}, {0.1, 10}, {0.01, 30}}
