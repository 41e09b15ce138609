package paper

import (
	"fmt"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// MaxSeeds is the largest seed count [Experiment.WithSeeds] accepts (the paper trains 1000 models per density in
// Section 7).
const MaxSeeds = 10_000

// WithSeeds returns e with `seeds` instances per setting: every distinct setting of e — an instance's feature
// probabilities and importances `[n]` — in order of first appearance, repeated seeds times (instances ordered by
// setting, then seed, as [Seeded] orders them). Experiments that keep one seed per setting (best of K) then keep
// the best of `seeds`. Instance k's initialisation depends only on the config's seed and k, so the first setting
// keeps its seeds and gains new ones, while later settings, whose instances are renumbered, get other
// initialisations. seeds = 0 returns e unchanged.
func (e Experiment) WithSeeds(seeds int) (Experiment, error) {
	if seeds == 0 {
		return e, nil
	}
	if seeds < 1 || seeds > MaxSeeds {
		return e, toysup.ArgErrorf("seeds", "got %d, allowed 1 … %d", seeds, MaxSeeds)
	}
	cfg, err := e.Config.Resolve()
	if err != nil {
		return e, fmt.Errorf("%s: %w", e.Name, err)
	}
	ps, imps := cfg.FeatureProbabilities(), cfg.Importances()
	seen := map[string]bool{}
	var p, imp [][]float64
	for k := range ps {
		key := theory.SettingKey(ps[k], imps[k])
		if seen[key] {
			continue
		}
		seen[key] = true
		for range seeds {
			p, imp = append(p, ps[k]), append(imp, imps[k])
		}
	}
	cfg.Instances, cfg.FeatureProbability, cfg.ImportanceDecay = len(p), toysup.Matrix(p), nil
	it := toysup.Matrix(imp)
	cfg.Importance = &it
	e.Config, e.Seeds = cfg, seeds
	return e, nil
}
