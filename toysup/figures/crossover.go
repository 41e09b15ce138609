package figures

import (
	"fmt"
	"math"

	"github.com/janpfeifer/must"
)

// CrossoverFigure draws Section 4's pentagon–digon loss crossover: at each relative density p₀/p of feature 0
// (`ratio`, increasing), diff is the best two-digon solution's loss relative to the best pentagon's, in percent
// (NaN where either geometry was not found); the dashed zero line is equal losses, and crossing (> 0) marks where
// the curve crosses it. Options: Title, Width (800), Height (420).
func CrossoverFigure(ratio, diff []float64, crossing float64, opts Options) (string, error) {
	if len(ratio) != len(diff) {
		return "", fmt.Errorf("figures: CrossoverFigure: %d ratios, %d differences", len(ratio), len(diff))
	}
	d := Series{Label: "digons vs pentagon", Colour: "#1f77b4"}
	zero := Series{Label: "0: equal losses", Colour: "#888"}
	mark := -1
	for i := range ratio {
		d.Values = append(d.Values, []float64{diff[i]})
		zero.Values = append(zero.Values, []float64{0})
		if crossing > 0 && (mark < 0 || math.Abs(math.Log(ratio[i]/crossing)) < math.Abs(math.Log(ratio[mark]/crossing))) {
			mark = i
		}
	}
	label := ""
	if mark >= 0 {
		label = "crossing ≈ " + compact(crossing)
	}
	opts.Title = opts.titleOr("Pentagon vs two digons: the loss crossover")
	return SweepFigure("relative density p₀/p of feature 0", "(L_digons − L_pentagon) / L_pentagon, %", ratio, []Series{d}, []Series{zero}, mark, label, false, opts)
}

// MustCrossoverFigure is [CrossoverFigure] for notebooks: it panics on error.
func MustCrossoverFigure(ratio, diff []float64, crossing float64, opts Options) string {
	return must.M1(CrossoverFigure(ratio, diff, crossing, opts))
}

// VulnerabilityDimsFigure draws Section 6's vulnerability against the features per dimension 1/D* (`inv`,
// increasing; log axes): the vulnerability normalised by the analytic no-superposition reference and by a trained
// dense model (`analytic`, `trained`, one per model), beside the line vulnerability = 1/D*. Options: Title, Width
// (800), Height (420).
func VulnerabilityDimsFigure(inv, analytic, trained []float64, opts Options) (string, error) {
	if len(analytic) != len(inv) || len(trained) != len(inv) {
		return "", fmt.Errorf("figures: VulnerabilityDimsFigure: %d x values, %d and %d vulnerabilities", len(inv), len(analytic), len(trained))
	}
	a := Series{Label: "vulnerability, analytic reference", Colour: "#1f77b4"}
	tr := Series{Label: "vulnerability, trained dense model as reference", Colour: "#d62728"}
	line := Series{Label: "1/D* (features per dimension)", Colour: "#888"}
	for i, x := range inv {
		a.Values = append(a.Values, []float64{analytic[i]})
		tr.Values = append(tr.Values, []float64{trained[i]})
		line.Values = append(line.Values, []float64{x})
	}
	opts.Title = opts.titleOr("Vulnerability against features per dimension")
	return SweepFigure("features per dimension 1/D*", "vulnerability", inv, []Series{a, tr}, []Series{line}, -1, "", true, opts)
}

// MustVulnerabilityDimsFigure is [VulnerabilityDimsFigure] for notebooks: it panics on error.
func MustVulnerabilityDimsFigure(inv, analytic, trained []float64, opts Options) string {
	return must.M1(VulnerabilityDimsFigure(inv, analytic, trained, opts))
}
