package figures

import (
	"errors"
	"fmt"
	"math"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup/sae"
)

// SAETrainingFigure draws res's history, one curve per SAE over training steps, in three stacked plots: MMCS,
// L0 (the mean number of active latents on the training batch, with the data's true L0 dashed) and the dead
// fraction (latents silent for resample_window steps), with the resampling events as faint vertical lines.
// Options: Title, Width (800), Height (620).
func SAETrainingFigure(res *sae.Result, opts Options) (string, error) {
	if res == nil || len(res.SAEs) == 0 || len(res.History.Step) < 2 {
		return "", errors.New("figures: SAETrainingFigure needs a result with SAEs and at least two logged steps")
	}
	o, err := opts.resolve(spec{name: "SAETrainingFigure", width: 800, height: 620, uses: useHeight})
	if err != nil {
		return "", err
	}
	h := res.History
	for name, v := range map[string][][]float64{"mmcs": h.MMCS, "l0": h.L0, "dead_fraction": h.DeadFraction} {
		if err := checkMatrix("history."+name, v, len(h.Step), len(res.SAEs)); err != nil {
			return "", err
		}
	}
	W, H := float64(o.Width), float64(o.Height)
	const left, top, right, gap = 72.0, 44.0, 150.0, 26.0
	ph := (H - top - 50 - 2*gap) / 3
	x := make([]float64, len(h.Step))
	for t, s := range h.Step {
		x[t] = float64(s)
	}
	trueL0 := 0.0
	for _, s := range res.SAEs {
		trueL0 += s.Metrics.TrueL0 / float64(len(res.SAEs))
	}
	l0Max := math.Max(trueL0, maxOf(flatten(h.L0)))
	s := newSVG(W, H)
	s.title(o.titleOr(fmt.Sprintf("SAE training — %d SAEs, %d latents, %s, resample %s", len(res.SAEs), res.Config.Latents, res.Config.Activation, res.Config.Resample)))
	plots := []struct {
		label string
		v     [][]float64
		hi    float64
	}{{"MMCS", h.MMCS, 1.02}, {"L0 (active latents)", h.L0, l0Max * 1.1}, {"dead fraction", h.DeadFraction, 1.02}}
	for p, pl := range plots {
		a := newPlotArea(left, top+float64(p)*(ph+gap), W-left-right, ph, axis{lo: 0, hi: x[len(x)-1], label: "training step"},
			axis{lo: 0, hi: math.Max(pl.hi, 1e-9), label: pl.label})
		a.noXTicks = p < len(plots)-1
		s.drawArea(a)
		for _, e := range h.Resampled {
			px := a.x.at(float64(e.Step))
			s.line(px, a.top, px, a.top+a.h, "#f0c0c0", 1, ` class="ts-resample"`)
		}
		if p == 1 {
			s.hline(a, trueL0, "#d62728", "5 4", "true L0")
		}
		for q := range res.SAEs {
			y := make([]float64, len(x))
			for t := range y {
				y[t] = pl.v[t][q]
			}
			s.curve(a, x, y, seriesColour(q, len(res.SAEs)), 1.6, ` class="ts-curve"`)
		}
	}
	s.thinnedLegend(W-right+48, top+12, right-52, len(res.SAEs), 12,
		func(q int) string { return fmt.Sprintf("inst %d, seed %d", res.SAEs[q].BaseInstance, res.SAEs[q].Seed) },
		func(q int) string { return seriesColour(q, len(res.SAEs)) })
	return s.String(), nil
}

// MustSAETrainingFigure is [SAETrainingFigure] for notebooks: it panics on error.
func MustSAETrainingFigure(res *sae.Result, opts Options) string {
	return must.M1(SAETrainingFigure(res, opts))
}

func flatten(m [][]float64) []float64 {
	var out []float64
	for _, r := range m {
		out = append(out, r...)
	}
	return out
}

// SAESweepFigure draws a sparsity sweep (one result per setting, labelled by labels, e.g. "λ = 0.01"; each
// result's first SAE): reconstruction error (FVU) against L0 and MMCS against L0, L0 on a log axis with the
// data's true L0 dashed — the trade-off: a sparser code reconstructs worse, and the features are recovered
// best near the true L0. Options: Title, Width (800), Height (400).
func SAESweepFigure(labels []string, results []*sae.Result, opts Options) (string, error) {
	if len(labels) != len(results) || len(results) == 0 {
		return "", fmt.Errorf("figures: SAESweepFigure: %d labels for %d results (want as many, ≥ 1)", len(labels), len(results))
	}
	o, err := opts.resolve(spec{name: "SAESweepFigure", width: 800, height: 400, uses: useHeight})
	if err != nil {
		return "", err
	}
	l0, fvu, mmcs := make([]float64, len(results)), make([]float64, len(results)), make([]float64, len(results))
	trueL0 := 0.0
	for i, r := range results {
		if r == nil || len(r.SAEs) == 0 {
			return "", fmt.Errorf("figures: results[%d] has no SAE", i)
		}
		m := r.SAEs[0].Metrics
		l0[i], fvu[i], mmcs[i], trueL0 = m.L0, m.FVU, m.MMCS, m.TrueL0
	}
	for name, v := range map[string][]float64{"L0": l0, "FVU": fvu, "MMCS": mmcs} {
		if err := checkFinite(name, v); err != nil {
			return "", err
		}
		if name == "L0" && !(minOf(v) > 0) {
			return "", errors.New("figures: SAESweepFigure: an SAE has L0 = 0 (all latents dead), which a log axis cannot show")
		}
	}
	W, H := float64(o.Width), float64(o.Height)
	const left, top, gap = 64.0, 44.0, 70.0
	pw, ph := (W-left-30-gap)/2, H-top-60
	lo, hi := xRange(append(append([]float64(nil), l0...), trueL0))
	s := newSVG(W, H)
	s.title(o.titleOr(fmt.Sprintf("Sparsity trade-off — %d latents, %s", results[0].Config.Latents, results[0].Config.Activation)))
	for p, y := range [][]float64{fvu, mmcs} {
		ylabel, yhi := "FVU (reconstruction error)", math.Max(1e-9, maxOf(fvu)*1.1)
		if p == 1 {
			ylabel, yhi = "MMCS", 1.02
		}
		a := newPlotArea(left+float64(p)*(pw+gap), top, pw, ph, axis{lo: lo, hi: hi, log: true, label: "L0 (active latents per input)"},
			axis{lo: 0, hi: yhi, label: ylabel})
		s.drawArea(a)
		px := a.x.at(trueL0)
		s.line(px, a.top, px, a.top+a.h, "#d62728", 1, ` stroke-dasharray="5 4"`)
		s.text(px+3, a.top+12, tickSize, "start", "true L0", ` fill="#d62728"`)
		s.curve(a, l0, y, "#1f77b4", 1.5, ` class="ts-curve"`)
		s.markers(a, l0, y, 3.5, "#1f77b4", ` class="ts-point"`)
		for i := range l0 {
			s.text(a.x.at(l0[i])+5, a.y.at(y[i])-5, tickSize-1, "start", labels[i], halo)
		}
	}
	return s.String(), nil
}

// MustSAESweepFigure is [SAESweepFigure] for notebooks: it panics on error.
func MustSAESweepFigure(labels []string, results []*sae.Result, opts Options) string {
	return must.M1(SAESweepFigure(labels, results, opts))
}
