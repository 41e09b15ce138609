package paper

import (
	"fmt"
	"strings"

	"github.com/toymodels/superposition/toysup/theory"
)

// Claim19: the asymmetric-superposition motif appears in the sparse abs models (1−S ≤ 0.1): at least one neuron
// carries two features with input weights of opposite signs, the weaker at most half the stronger
// ([theory.AsymmetricMotifs]), whose output weight for the weak feature is at least that for the strong one (the
// output makes up for the weak input).
func Claim19(run *Section8Run) Claim {
	c := Claim{ID: 19, Section: "8", Statement: "asymmetric superposition: a neuron carries a strong and a weak feature of opposite signs, the output compensating the weak input",
		Paper: "the asymmetric superposition motif in the sparse abs models"}
	if run == nil || run.Main == nil || len(run.Motifs) != len(run.Main.Best.Result.Instances) {
		return notEvaluated(c, "no Section 8 main sweep")
	}
	var seen []string
	found := 0
	for k, ms := range run.Motifs {
		p := density(run.Main.Best.Result.Instances[k])
		if p > 0.1 {
			continue
		}
		good := 0
		for _, m := range ms {
			if m.OutputRatio >= 1 {
				good++
			}
		}
		found += good
		seen = append(seen, fmt.Sprintf("1−S=%g: %d of %d", p, good, len(ms)))
	}
	c.Measured = "motif neurons (compensated / opposite-sign asymmetric pairs): " + strings.Join(seen, ", ")
	var failed []string
	if found == 0 {
		failed = append(failed, "no compensated asymmetric neuron at 1−S ≤ 0.1")
	}
	return verdict(c, failed)
}

// MotifPick is one asymmetric-superposition neuron a figure shows, with its model's density and how many such
// neurons the model has.
type MotifPick struct {
	Density float64
	Count   int
	Motif   theory.Motif
}

// Label titles the neuron's panel in [figures.MotifFigure]: its model's density and how many such neurons the model
// has.
func (m MotifPick) Label() string {
	return fmt.Sprintf("1−S = %g (%d such neurons)", m.Density, m.Count)
}

// MotifShown picks, per main model from 1−S = 0.1 down (at most 6), its most asymmetric motif neuron whose
// output makes up for the weak input, else its most asymmetric.
func (run *Section8Run) MotifShown() []MotifPick {
	var out []MotifPick
	for k, ms := range run.Motifs {
		p := density(run.Main.Best.Result.Instances[k])
		if len(ms) == 0 || p > 0.1 || len(out) == 6 {
			continue
		}
		pick := ms[0]
		for _, m := range ms {
			if m.OutputRatio >= 1 {
				pick = m
				break
			}
		}
		out = append(out, MotifPick{Density: p, Count: len(ms), Motif: pick})
	}
	return out
}
