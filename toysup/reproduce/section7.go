package reproduce

import (
	"context"
	"fmt"

	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/report"
)

func init() { register(7, "Superposition in a privileged basis", runSection7) }

// runSection7 draws each neuron's weights and the neuron counts of the best seed per density.
func runSection7(ctx context.Context, r *runner) error {
	run, err := r.paper.Section7(ctx)
	if err != nil {
		return err
	}
	r.runs.S7 = run
	if err := r.neuronTable(run); err != nil {
		return err
	}
	res, nas := run.Best.Result, run.Neurons
	if err := r.figure("s7_neurons.svg",
		seen(fmt.Sprintf("Privileged basis (h = ReLU(Wx), x' = ReLU(Wᵀh + b), n=10, m=5, I=0.75^i; best of %d seeds per density): each neuron's weights W[i][j] stacked by feature, coloured by importance (dark: important), positive up and negative down, neurons sorted by monosemanticity. The paper: monosemantic neurons when dense; sparser, 3 features in 2 neurons, 5 in 3, 6 in 4, 8 in 5; very sparse, each feature in a pair of neurons.", run.Seeds),
			neuronGroups(run), paper.Claim13(run)),
		func() (string, error) { return figures.NeuronWeightsFigure(res, nas, figures.Options{}) }); err != nil {
		return err
	}
	if err := r.figure("s7_weights.svg",
		seen(fmt.Sprintf("The raw weights of the same models (best of %d seeds per density): W as features (rows, most important at the top) × neurons (columns), and the bias b, on one colour scale (red positive, blue negative). A monosemantic neuron is a column with one strong entry; a polysemantic one mixes several features, often with opposite signs.", run.Seeds),
			neuronCounts(run)),
		func() (string, error) { return panelFigure(figures.WeightsFigure, run.Best) }); err != nil {
		return err
	}
	return r.figure("s7_neuron_counts.svg",
		seen("Privileged basis: monosemantic and polysemantic neurons per density (top), and which features own a monosemantic neuron (bottom).", neuronCounts(run)),
		func() (string, error) { return figures.NeuronCountsFigure(res, nas, figures.Options{}) })
}

// neuronTable adds the neuron table of a Section 7 or 8 run to the summary.
func (r *runner) neuronTable(run *paper.NeuronRun) error {
	title := fmt.Sprintf("%s — neurons (best of %d seeds per density)", run.Best.Experiment.Name, run.Seeds)
	return r.table(report.Neurons(title, run.Best.Result, run.Best.Analyses, run.Neurons))
}
