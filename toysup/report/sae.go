package report

import (
	"fmt"

	"github.com/toymodels/superposition/toysup/sae"
)

// SAEMetrics is one row per SAE of res: base instance, seed, MMCS, features recovered at cosine > 0.9 and
// > 0.99, the Hungarian-matched mean cosine, L0 beside the true L0, dead latents, FVU and shrinkage.
func SAEMetrics(title string, res *sae.Result) Table {
	t := Table{Title: title, Header: []string{"base instance", "seed", "MMCS", "recovered > 0.9", "recovered > 0.99",
		"matched cos", "L0", "true L0", "dead", "FVU", "shrinkage"}}
	for _, s := range res.SAEs {
		m := s.Metrics
		t.Rows = append(t.Rows, []string{itoa(s.BaseInstance), fmt.Sprint(s.Seed), fixed(m.MMCS, 4), frac(m.Recovered90, m.Features),
			frac(m.Recovered99, m.Features), fixed(m.MatchedCosine, 4), fixed(m.L0, 3), fixed(m.TrueL0, 3),
			frac(int(m.DeadFraction*float64(res.Config.Latents)+0.5), res.Config.Latents), fixed(m.FVU, 4), fixed(m.Shrinkage, 3)})
	}
	c := res.Config
	t.Note = fmt.Sprintf("%d latents, %s, λ = %g, resample %s, %d steps; metrics on %d fresh inputs per SAE.",
		c.Latents, c.Activation, *c.L1, c.Resample, c.Steps, c.EvalSamples)
	return t
}

// SAESweep is one row per result of a sparsity sweep (labels name each, e.g. "λ = 0.01"), from each result's
// first SAE: L0 beside the true L0, FVU, MMCS and features recovered at cosine > 0.9.
func SAESweep(title string, labels []string, results []*sae.Result) (Table, error) {
	if len(labels) != len(results) {
		return Table{}, fmt.Errorf("report: %d labels for %d results", len(labels), len(results))
	}
	t := Table{Title: title, Header: []string{"setting", "L0", "true L0", "FVU", "MMCS", "recovered > 0.9", "dead"}}
	for i, r := range results {
		if len(r.SAEs) == 0 {
			return Table{}, fmt.Errorf("report: results[%d] has no SAE", i)
		}
		m := r.SAEs[0].Metrics
		t.Rows = append(t.Rows, []string{labels[i], fixed(m.L0, 3), fixed(m.TrueL0, 3), fixed(m.FVU, 4), fixed(m.MMCS, 4),
			frac(m.Recovered90, m.Features), fixed(m.DeadFraction, 2)})
	}
	return t, nil
}
