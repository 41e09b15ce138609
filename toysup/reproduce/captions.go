package reproduce

import (
	"fmt"
	"strings"

	"github.com/toymodels/superposition/toysup/paper"
)

// Captions generated from the measured numbers: each keeps the hand-written part that says how to read the figure
// and states what the run shows ("Seen: …") from the run structs, so it cannot drift from the data.

// seen ends a caption with what the run shows and, where the figure checks a claim, the claim's outcome.
func seen(howToRead string, what []string, claims ...paper.Claim) string {
	s := howToRead + " Seen: " + strings.Join(what, "; ") + "."
	for _, c := range claims {
		s += fmt.Sprintf(" Claim %d %s", c.ID, c.Mark())
		if !c.Pass && c.Detail != "" {
			s += " (" + c.Detail + ")"
		}
		s += "."
	}
	return s
}

// superposition describes each instance of a tied model: features represented, in superposition, biases < 0.
func superposition(t *paper.Trained) []string {
	var out []string
	for k, in := range t.Result.Instances {
		a := t.Analyses[k]
		rep, sup, neg := 0, 0, 0
		for i, nrm := range a.Norms {
			if nrm > paper.RepresentedNorm {
				rep++
				if a.Superposition[i] >= paper.DedicatedSuperposition {
					sup++
				}
			}
			if in.B[i] < 0 {
				neg++
			}
		}
		out = append(out, fmt.Sprintf("1−S=%g: %d of %d features represented, %d of them in superposition, %d biases negative",
			in.FeatureProbability[0], rep, len(a.Norms), sup, neg))
	}
	return out
}

// introCaption describes the intro model's geometry at each density.
func introCaption(run *paper.Section2Run) string {
	var what []string
	for k := range run.Intro.Result.Instances {
		what = append(what, paper.Geometry(run.Intro, k).String())
	}
	return seen(fmt.Sprintf("5 features in 2 dimensions (I=0.9^i, best of %d seeds per density), each arrow a feature's direction W_i coloured by importance. "+
		"The paper: dense, the 2 most important features orthogonal; 1−S=0.2, two antipodal pairs with the least important dropped; 1−S=0.1, all five in a pentagon.", run.IntroSeeds),
		what, paper.Claim6(run))
}

// nonUniformCaption describes the non-uniform pentagon series: the geometry at each relative density, the jump.
func nonUniformCaption(t *paper.Trained, cross []paper.CrossoverPoint) string {
	series := paper.NonUniformSeries(t)
	var what []string
	for _, pt := range series {
		shape := pt.Geometry.String()
		shape = shape[strings.Index(shape, ":")+2:]
		if pt.Digons {
			shape = "two digons, feature 0 dropped"
		}
		what = append(what, fmt.Sprintf("p₀/p=%.3g: %s", pt.Ratio, shape))
	}
	if th := paper.DigonThreshold(series); th > 0 {
		what = append(what, fmt.Sprintf("the jump to two digons at p₀/p ≈ %.3g, %.2g× lower density (the paper: roughly 2.5×)", th, 1/th))
	} else {
		what = append(what, "no jump from a pentagon to two digons at the relative densities trained")
	}
	return seen("Non-uniform superposition (n=5, m=2, base 1−S=0.05; best seed per setting): feature 0 (blue) made sparser or denser (p₀/p) than the others. "+
		"The paper: a regular pentagon at equal density; a denser feature 0 pushes its neighbours away, a sparser one lets them close in, until, at roughly 2.5× lower density, two digons with feature 0 dropped.",
		what, paper.Claim10(t, cross))
}

// featureSetCaption adds the measured within-set cosines to a feature-set figure's description.
func featureSetCaption(howToRead string, t *paper.Trained) string {
	sets := append(t.Result.Config.Correlated, t.Result.Config.Anticorrelated...)
	var what []string
	for _, in := range t.Result.Instances {
		what = append(what, fmt.Sprintf("1−S=%g: mean cosine within a set %.2f", in.FeatureProbability[0], paper.PairCos(in.W, sets)))
	}
	return seen(howToRead, what)
}

// neuronGroups lists a neuron run's polysemantic groups per density.
func neuronGroups(run *paper.NeuronRun) []string {
	var what []string
	for _, g := range paper.NeuronGroups(run) {
		what = append(what, fmt.Sprintf("1−S=%g: %d polysemantic neurons holding %d features", g.Density, g.Polysemantic, g.PolyFeatures))
	}
	return what
}

// neuronCounts lists a neuron run's monosemantic and polysemantic neurons and the features with a dedicated neuron,
// per density.
func neuronCounts(run *paper.NeuronRun) []string {
	var what []string
	for k, in := range run.Best.Result.Instances {
		na := run.Neurons[k]
		var ded []string
		for i, c := range na.DedicatedNeurons {
			if c > 0 {
				ded = append(ded, fmt.Sprint(i))
			}
		}
		what = append(what, fmt.Sprintf("1−S=%g: %d monosemantic, %d polysemantic, %d dead; features with a dedicated neuron: %s",
			in.FeatureProbability[0], na.Monosemantic, na.Polysemantic, na.Dead, listOrNone(ded)))
	}
	return what
}

// listOrNone joins items with spaces ("none" when empty), keeping at most 20 and counting the rest.
func listOrNone(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	if len(items) > 20 {
		return strings.Join(items[:20], " ") + fmt.Sprintf(" and %d more", len(items)-20)
	}
	return strings.Join(items, " ")
}
