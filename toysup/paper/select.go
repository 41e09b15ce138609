package paper

import (
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// Selection records how the best seed of one setting of a best-of-K experiment was chosen: by the exact loss
// where one exists ([Experiment.ExactLoss]), else on common fresh samples ([toysup.PairedEvalLoss]), raised ten
// times at a time (up to [Runner.SelectSamplesCap]) while the runner-up's loss is within [SelectMargin] standard errors
// of the best's.
type Selection struct {
	Setting int     `json:"setting"` // the setting's index, in order of first appearance.
	Seeds   int     `json:"seeds"`
	Best    int     `json:"best"` // the kept instance.
	Loss    float64 `json:"loss"` // its loss on the selection samples (or exact).
	// Gap is the runner-up's loss minus the best's (0 for a single seed); SE the standard error of that
	// difference (0 when exact).
	Gap     float64 `json:"gap"`
	SE      float64 `json:"se"`
	Samples int     `json:"samples"` // 0 when exact.
	Exact   bool    `json:"exact,omitempty"`
}

// Resolved reports whether the selection separates the best from the runner-up: an exact loss, a single seed, or
// a gap of at least SelectMargin standard errors.
func (s Selection) Resolved() bool {
	return s.Exact || s.Seeds < 2 || s.Gap >= SelectMargin*s.SE
}

// Selection precision: the margin in standard errors, and the most samples a setting's candidates are evaluated on
// (quick: QuickMaxSelectSamples, 10× [QuickEvalSamples]: a smoke test's seeds are not converged, so resolving
// their ties buys nothing; measured, the cap cut `reproduce --quick` from 33 s to 25 s).
const (
	SelectMargin          = 3
	MaxSelectSamples      = 1_000_000
	QuickMaxSelectSamples = 100_000
)

// SelectSamplesCap is [MaxSelectSamples], or [QuickMaxSelectSamples] in quick mode.
func (r Runner) SelectSamplesCap() int {
	if r.Quick {
		return QuickMaxSelectSamples
	}
	return MaxSelectSamples
}

// selectBest keeps the best seed of each setting of t (see [Selection]), with its analyses.
func (r Runner) selectBest(t *Trained) (*Trained, error) {
	res := t.Result
	var keep []int
	var sels []Selection
	for g, ks := range theory.SettingGroups(res) {
		sel, err := r.selectOne(t, ks)
		if err != nil {
			return nil, fmt.Errorf("%s: selecting the best seed: %w", t.Experiment.Name, err)
		}
		sel.Setting = g
		keep, sels = append(keep, sel.Best), append(sels, sel)
	}
	out := &Trained{Experiment: t.Experiment, Result: res.Select(keep), Analyses: make([]toysup.Analysis, len(keep)), Selection: sels}
	for i, k := range keep {
		out.Analyses[i] = t.Analyses[k]
	}
	return out, nil
}

// selectOne picks the best of one setting's instances ks.
func (r Runner) selectOne(t *Trained, ks []int) (Selection, error) {
	sel := Selection{Seeds: len(ks), Best: ks[0]}
	if len(ks) == 1 || t.Experiment.ExactLoss {
		sel.Exact = t.Experiment.ExactLoss
		for _, k := range ks {
			if l := t.Analyses[k].EvalLoss; l < t.Analyses[sel.Best].EvalLoss || math.IsNaN(t.Analyses[sel.Best].EvalLoss) {
				sel.Best = k
			}
		}
		sel.Loss, sel.Gap = t.Analyses[sel.Best].EvalLoss, runnerUpGap(t, ks, sel.Best)
		return sel, nil
	}
	cands := ks
	for n := r.evalSamples(); ; n *= 10 {
		mean, se, err := pairedLosses(t.Result, cands, n, EvalSeed(t.Result.Config)+1)
		if err != nil {
			return sel, err
		}
		best, gap, gapSE, close := rank(mean, se)
		sel.Best, sel.Loss, sel.Gap, sel.SE, sel.Samples = cands[best], mean[best], gap, gapSE, n
		if sel.Resolved() || n*10 > r.SelectSamplesCap() {
			return sel, nil
		}
		var next []int // the best and every candidate within the margin, evaluated again on 10× the samples.
		for i, k := range cands {
			if close[i] {
				next = append(next, k)
			}
		}
		cands = next
	}
}

// pairedLosses is [toysup.PairedEvalLoss] of the instances ks of res on the same `samples` fresh inputs drawn
// from seed: the mean loss and its standard error relative to the lowest, per instance `[len(ks)]`.
func pairedLosses(res *toysup.Result, ks []int, samples int, seed uint64) (mean, se []float64, err error) {
	ins := make([]toysup.Instance, len(ks))
	for i, k := range ks {
		ins[i] = res.Instances[k]
	}
	return toysup.PairedEvalLoss(res.Config, ins, samples, seed)
}

// rank returns the index of the lowest mean, the runner-up's gap and its standard error, and which candidates
// are within [SelectMargin] standard errors of the best (the best included).
func rank(mean, se []float64) (best int, gap, gapSE float64, close []bool) {
	for k := range mean {
		if se[k] == 0 && !math.IsNaN(mean[k]) {
			best = k
		}
	}
	gap, close = math.Inf(1), make([]bool, len(mean))
	for k := range mean {
		d := mean[k] - mean[best]
		close[k] = k == best || d < SelectMargin*se[k]
		if k != best && d < gap {
			gap, gapSE = d, se[k]
		}
	}
	return best, gap, gapSE, close
}

// runnerUpGap is the second-lowest evaluated loss of ks minus best's (0 for a single instance).
func runnerUpGap(t *Trained, ks []int, best int) float64 {
	if len(ks) < 2 {
		return 0
	}
	gap := math.Inf(1)
	for _, k := range ks {
		if k != best {
			gap = math.Min(gap, t.Analyses[k].EvalLoss-t.Analyses[best].EvalLoss)
		}
	}
	return gap
}

// Selected lists the best-of-K experiments of runs whose seeds were selected, in section order.
func (runs Runs) Selected() []*Trained {
	var out []*Trained
	add := func(ts ...*Trained) {
		for _, t := range ts {
			if t != nil && len(t.Selection) > 0 {
				out = append(out, t)
			}
		}
	}
	if runs.S2 != nil {
		add(runs.S2.Sweep, runs.S2.Scaled, runs.S2.Intro)
	}
	if runs.S4 != nil {
		add(runs.S4.NonUniform, runs.S4.LocalBases)
		add(runs.S4.FeatureSets...)
	}
	if runs.S7 != nil {
		add(runs.S7.Best)
	}
	if runs.S8 != nil {
		add(runs.S8.Small.Best, runs.S8.Main.Best)
	}
	return out
}
