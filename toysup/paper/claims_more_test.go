package paper

import (
	"math"
	"testing"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// withD sets the instances' D* (and optionally the D_i) of a hand-made run.
func withD(t *Trained, dstar []float64) *Trained {
	for k := range t.Analyses {
		t.Analyses[k].DimensionsPerFeature = dstar[k]
	}
	return t
}

func densities(ps ...float64) []inst {
	var out []inst
	for _, p := range ps {
		out = append(out, inst{[]float64{p}, [][]float64{{1, 0}, {0, 1}}, nil})
	}
	return out
}

// Claims 8 and 9 pass on a D* curve with a ½ plateau and D_i on the fractions, and fail without.
func TestClaims8And9(t *testing.T) {
	u := made(toysup.Config{}, densities(1, 0.5, 0.2, 0.1, 0.01)...)
	check(t, Claim8(withD(u, []float64{1, 0.5, 0.5, 0.5, 0.2})), true)
	check(t, Claim8(withD(u, []float64{1, 0.7, 0.5, 0.3, 0.2})), false)
	check(t, Claim9(u), true) // two orthogonal features in 2-D: D_i = 1, Σ = m.
	for k := range u.Analyses {
		u.Analyses[k].FeatureDimensionality = []float64{0.3, 0.3}
	}
	check(t, Claim9(u), false)
}

// Claim 10 passes on a pentagon series that pushes, pulls and jumps to digons at p₀/p ≈ 0.39, and fails without the jump.
func TestClaim10(t *testing.T) {
	at := func(r float64, W [][]float64) inst { return inst{[]float64{r * 0.05, 0.05, 0.05, 0.05, 0.05}, W, nil} }
	series := []inst{at(2, ring(1, 0, 76, 145, 215, 284)), at(1, ring(1, 0, 72, 144, 216, 288)),
		at(0.5, ring(1, 0, 68, 144, 216, 292)), at(0.3, ring(1, nan, 0, 90, 180, 270))}
	check(t, Claim10(made(toysup.Config{}, series...), nil), true)
	check(t, Claim10(made(toysup.Config{}, series[:3]...), nil), false)
}

// Claims 11 and 12 pass on the paper's geometries and fail when a pair or a set is not as stated.
func TestClaims11And12(t *testing.T) {
	pairs := [][]int{{0, 1}, {2, 3}}
	corr := made(toysup.Config{Correlated: pairs}, inst{[]float64{0.1}, ring(1, 0, 90, 180, 270), nil})
	anti := made(toysup.Config{Anticorrelated: pairs}, inst{[]float64{0.1}, ring(1, 0, 180, 90, 270), nil})
	triples := toysup.Config{Correlated: [][]int{{0, 1}, {2, 3}, {4, 5}}}
	sparse := inst{[]float64{0.01}, ring(1, 0, 20, 120, 140, 240, 260), nil}
	dense := inst{[]float64{0.3}, ring(1, 0, 1, 120, 121, 240, 241), nil}
	check(t, Claim11(corr, anti, made(triples, sparse, dense)), true)
	check(t, Claim11(corr, anti, made(triples, sparse, sparse)), false)
	check(t, Claim11(anti, anti, made(triples, sparse, dense)), false)

	sets := toysup.Config{Correlated: pairs}
	check(t, Claim12(made(sets, inst{[]float64{0.1}, ring(1, 0, 90, 45, -45), nil})), true)
	check(t, Claim12(made(sets, inst{[]float64{0.1}, ring(1, 0, 10, 45, -45), nil})), false)
}

func neuronRun(groups [][2]int, sparsePerFeature []int, ps ...float64) *NeuronRun {
	run := &NeuronRun{Best: made(toysup.Config{}, densities(ps...)...)}
	for _, g := range groups {
		run.Neurons = append(run.Neurons, theory.NeuronAnalysis{PolyFeatures: g[0], Polysemantic: g[1], Monosemantic: 5 - g[1], NeuronsPerFeature: []int{1, 1}})
	}
	run.Neurons[len(run.Neurons)-1].NeuronsPerFeature = sparsePerFeature
	return run
}

// Claim 13 passes on the paper's groups with a pair of neurons per feature when sparse, and fails otherwise.
func TestClaim13(t *testing.T) {
	groups := [][2]int{{0, 0}, {3, 2}, {5, 3}, {8, 5}, {10, 5}}
	check(t, Claim13(neuronRun(groups, []int{2, 2}, 0.75, 0.35, 0.15, 0.1, 0.01)), true)
	check(t, Claim13(neuronRun(groups, []int{2, 3}, 0.75, 0.35, 0.15, 0.1, 0.01)), false)
	groups[1] = [2]int{4, 2}
	check(t, Claim13(neuronRun(groups, []int{2, 2}, 0.75, 0.35, 0.15, 0.1, 0.01)), false)
}

// Claim 14 passes when polysemantic neurons appear at 0.1, dominate when sparsest and feature 0 keeps its
// dedicated neuron longest; it fails when a less important feature keeps one instead.
func TestClaim14(t *testing.T) {
	build := func(ded0At01 int) *Section8Run {
		main := &NeuronRun{Best: made(toysup.Config{}, densities(1, 0.3, 0.1, 0.001)...)}
		for k, mp := range [][2]int{{40, 0}, {38, 2}, {30, 10}, {10, 30}} {
			ded := make([]int, 10)
			if k < 2 {
				ded[0] = 2
			}
			if k == 2 {
				ded[0], ded[6] = ded0At01, 1
			}
			main.Neurons = append(main.Neurons, theory.NeuronAnalysis{Monosemantic: mp[0], Polysemantic: mp[1], DedicatedNeurons: ded})
		}
		return &Section8Run{Main: main}
	}
	check(t, Claim14(build(1)), true)
	check(t, Claim14(build(0)), false)
}

// Claim 15 passes on a vulnerability that rises 5× with 1/D* and fails on one that rises 2.5×.
func TestClaim15(t *testing.T) {
	tr := withD(made(toysup.Config{}, densities(1, 0.3, 0.1, 0.03)...), []float64{1, 0.5, 0.25, 0.2})
	run := func(v ...float64) *AttackRun {
		r := &AttackRun{Trained: tr}
		for _, x := range v {
			r.Relative = append(r.Relative, theory.AttackReport{Vulnerability: x})
		}
		return r
	}
	check(t, Claim15(run(1, 2, 4, 5)), true)
	check(t, Claim15(run(1, 1.5, 2, 2.5)), false)
}

// Claim 16 passes when the loss drops across every jump and fails when it stays flat.
func TestClaim16(t *testing.T) {
	dyn := func(after float64) DynamicsRun {
		h := toysup.LossHistory{}
		for s := 0; s <= 100; s++ {
			l := 1.0
			if s >= 55 {
				l = after
			}
			h.Step, h.Loss = append(h.Step, s), append(h.Loss, []float64{l})
		}
		d := &toysup.Dynamics{Result: &toysup.Result{LossHistory: h}}
		return DynamicsRun{Trained: &Trained{Dynamics: d}, Jumps: []theory.Jump{{Step: 50, End: 55}}}
	}
	check(t, Claim16([]DynamicsRun{dyn(0.5)}), true)
	check(t, Claim16([]DynamicsRun{dyn(1)}), false)
	check(t, Claim16([]DynamicsRun{{Trained: dyn(0.5).Trained}}), false) // no jump found.
}

// Claims orders the claims by number and turns a run it cannot read into a claim not evaluated, with the reason.
func TestClaimsOrderAndMalformedRuns(t *testing.T) {
	tr := withD(made(toysup.Config{}, densities(1, 0.3, 0.1, 0.03)...), []float64{1, 0.5, 0.25, 0.2})
	rel := []theory.AttackReport{{Vulnerability: 1}, {Vulnerability: 2}, {Vulnerability: 4}, {Vulnerability: 5}}
	got := Claims(Runs{S6: &AttackRun{Trained: tr, Relative: rel}, S3: []PhaseRun{}, S4: &Section4Run{}})
	if len(got) != 3 || got[0].ID != 0 || got[1].ID != 7 || got[2].ID != 15 || !got[2].Pass {
		t.Fatalf("claims %+v", got)
	}
	if got[0].Evaluated || got[0].Section != "4" || got[0].Detail == "" || got[1].Evaluated {
		t.Errorf("the empty §3 and §4 runs: %+v, %+v", got[0], got[1])
	}
}

// Claim 19 passes when a sparse model has a compensated asymmetric neuron and fails when only the dense one
// does, or when the sparse one's output does not make up for the weak input.
func TestClaim19(t *testing.T) {
	W := [][]float64{{1, 0}, {0, 1}}
	best := made(toysup.Config{}, inst{[]float64{0.3}, W, nil}, inst{[]float64{0.03}, W, nil})
	run := &Section8Run{Main: &NeuronRun{Best: best}}
	good, weak := theory.Motif{InputRatio: 0.3, OutputRatio: 2}, theory.Motif{InputRatio: 0.3, OutputRatio: 0.5}
	run.Motifs = [][]theory.Motif{nil, {good}}
	check(t, Claim19(run), true)
	run.Motifs = [][]theory.Motif{{good}, {weak}}
	check(t, Claim19(run), false)
	if c := Claim19(&Section8Run{}); c.Evaluated {
		t.Errorf("no sweep: %+v, want not evaluated", c)
	}
}

// Claim 20 passes when the large model's learned features end on the fractions after a jump, and fails when
// they end between them; Claim 16 leaves the large model out.
func TestClaim20(t *testing.T) {
	W := [][]float64{{1, 0}, {-1, 0}, {0, 1}, {0, 0.1}}
	tr := made(toysup.Config{}, inst{[]float64{0.2}, W, nil})
	tr.Dynamics = &toysup.Dynamics{Steps: []int{0, 10}, D: [][][]float64{{{0.1, 0.1, 0.1, 0}, {0.5, 0.51, 0.98, 0.2}}}}
	run := DynamicsRun{Trained: tr, Large: true, Jumps: []theory.Jump{{Feature: 0, Step: 0, End: 10}}}
	check(t, Claim20([]DynamicsRun{run}), true)
	tr.Dynamics.D[0][1] = []float64{0.6, 0.6, 0.98, 0.2}
	check(t, Claim20([]DynamicsRun{run}), false)
	if c := Claim20([]DynamicsRun{{Trained: tr}}); c.Evaluated {
		t.Errorf("no large model: %+v, want not evaluated", c)
	}
	if c := Claim16([]DynamicsRun{run}); c.Evaluated {
		t.Errorf("Claim 16 read the large model: %+v", c)
	}
}

// MotifShown keeps the sparse models' compensated motif (else the first) and labels it with the density and count.
func TestMotifShownLabel(t *testing.T) {
	W := [][]float64{{1, 0}, {0, 1}}
	best := made(toysup.Config{}, inst{[]float64{0.3}, W, nil}, inst{[]float64{0.03}, W, nil})
	good, weak := theory.Motif{Neuron: 1, OutputRatio: 2}, theory.Motif{Neuron: 2, OutputRatio: 0.5}
	run := &Section8Run{Main: &NeuronRun{Best: best}, Motifs: [][]theory.Motif{{good}, {weak, good}}}
	got := run.MotifShown()
	if len(got) != 1 || got[0].Motif.Neuron != 1 || got[0].Count != 2 {
		t.Fatalf("MotifShown %+v: want the 0.03 model's compensated neuron 1 of 2", got)
	}
	if l := got[0].Label(); l != "1−S = 0.03 (2 such neurons)" {
		t.Errorf("label %q", l)
	}
}

// Canonical2D rotates every instance so that feature 0 points up and the next learned feature lies on its left,
// leaving the result it was given unchanged.
func TestCanonical2D(t *testing.T) {
	W := [][]float64{{1, 0}, {0, 1}, {0.1, 0.1}} // feature 0 along +x, feature 1 along +y (on its left once rotated).
	R := [][]float64{{1, 0}, {0, -1}, {0, 0}}    // the mirror image: feature 1 along −y (on the right once rotated).
	res := &toysup.Result{Instances: []toysup.Instance{{W: W}, {W: R}}}
	out := Canonical2D(res)
	for k, in := range out.Instances {
		if math.Abs(in.W[0][0]) > 1e-12 || math.Abs(in.W[0][1]-1) > 1e-12 || in.W[1][0] > 0 {
			t.Errorf("instance %d: W %v, want feature 0 up and feature 1 on its left", k, in.W)
		}
	}
	if W[0][0] != 1 || R[1][1] != -1 || res.Instances[0].W[0][0] != 1 {
		t.Error("Canonical2D changed its input")
	}
}
