package reproduce

import (
	"context"
	"fmt"

	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
)

func init() { register(8, "Computation in superposition", runSection8) }

// runSection8 trains the abs models — the small n=3, m=6 case and the n=100, m=40 sweep — and draws their
// neurons (each scaled so its largest |W₁| weight is 1) and the monosemantic/polysemantic counts per density.
func runSection8(ctx context.Context, r *runner) error {
	run, err := r.paper.Section8(ctx)
	if err != nil {
		return err
	}
	r.runs.S8 = run
	for _, nr := range []*paper.NeuronRun{run.Small, run.Main} {
		if err := r.neuronTable(nr); err != nil {
			return err
		}
	}
	res, nas := run.Small.Best.Result, run.Small.Neurons
	if err := r.figure("s8_small_neurons.svg",
		seen("Computing |x| (h = ReLU(W₁x), y' = ReLU(W₂h + b), n=3, m=6, best seed per density): each neuron's input weights W₁, scaled so its largest |weight| is 1, stacked by feature. Expected: every feature gets two monosemantic neurons, ReLU(x_i) and ReLU(−x_i), whose sum is |x_i|.", neuronCounts(run.Small)),
		func() (string, error) {
			return figures.NeuronWeightsFigure(res, nas, figures.Options{Scaled: true})
		}); err != nil {
		return err
	}

	main := run.Main.Best.Result
	res, nas = main, run.Main.Neurons
	c := paper.Claim14(run)
	counts := neuronCounts(run.Main)
	if err := r.figure("s8_neurons.svg",
		seen(fmt.Sprintf("Computing |x| with n=100 features and m=40 neurons (I=0.8^i; %d steps of batch %d): each neuron's input weights W₁, scaled so its largest |weight| is 1, stacked by feature and coloured by importance on a log scale (dark: important; weights below 0.3 of the neuron's largest lumped in grey), neurons sorted by monosemanticity. The paper: monosemantic at 1−S = 1 and 0.3; polysemantic neurons appear near 0.1 and dominate by 0.001; the most important features stay monosemantic longest.", main.Config.Steps, main.Config.BatchSize),
			counts, c),
		func() (string, error) {
			return figures.NeuronWeightsFigure(res, nas, figures.Options{Scaled: true, SmallWeight: 0.3})
		}); err != nil {
		return err
	}
	if err := r.figure("s8_neuron_counts.svg",
		seen("Computing |x| (n=100, m=40): monosemantic versus polysemantic neurons per density (top), and which features own a monosemantic neuron (bottom, most important on the left).", counts, c),
		func() (string, error) { return figures.NeuronCountsFigure(res, nas, figures.Options{}) }); err != nil {
		return err
	}
	return s8Motifs(r, run)
}

// s8Motifs draws the main sweep's asymmetric-superposition neurons: per density from 0.1 down, the most
// asymmetric whose output compensates the weak input, else the most asymmetric (at most 6).
func s8Motifs(r *runner, run *paper.Section8Run) error {
	var panels []figures.MotifPanel
	for _, m := range run.MotifShown() {
		panels = append(panels, figures.MotifPanel{Label: m.Label(), Motif: m.Motif})
	}
	c := paper.Claim19(run)
	if len(panels) == 0 {
		r.report.Summary += "No asymmetric-superposition neuron was found in the sparse abs models (Claim 19 ✗).\n\n"
		return nil
	}
	return r.figure("s8_asymmetric_motif.svg",
		seen("Asymmetric superposition in the n=100, m=40 abs models: neurons whose input weights W₁ above a tenth of their largest belong to exactly two features, of opposite signs, the weaker at most half the stronger; bars give the two features' input weights W₁ and output weights W₂ (positive up). The paper describes this motif: one neuron carries a strong and a weak feature of opposite signs, and the output weights make up for the weak input.",
			[]string{c.Measured}, c),
		func() (string, error) { return figures.MotifFigure(panels, figures.Options{}) })
}
