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
		fmt.Sprintf("Privileged basis (h = ReLU(Wx), x' = ReLU(Wᵀh + b), n=10, m=5, I=0.75^i; best of %d seeds per density): each neuron's weights W[i][j] stacked by feature, coloured by importance (dark: important), positive up and negative down, neurons sorted by monosemanticity. At 1−S = 0.75 the 5 most important features get one monosemantic neuron each. Sparser, features enter superposition in groups that share groups of neurons, beside the remaining monosemantic neurons: at 0.35, 3 features in 2 neurons; at 0.15, 5 features in 3 neurons; at 0.1 and 0.06, 8 features in all 5 neurons; at 0.02 and 0.01 all 10 features, each in about two neurons (exactly two at 0.01).", run.Seeds),
		func() (string, error) { return figures.NeuronWeightsFigure(res, nas, figures.Options{}) }); err != nil {
		return err
	}
	return r.figure("s7_neuron_counts.svg",
		"Privileged basis: monosemantic and polysemantic neurons per density (top), and which features own a monosemantic neuron (bottom): the monosemantic neurons, held by the most important features, give way to polysemantic ones as sparsity grows.",
		func() (string, error) { return figures.NeuronCountsFigure(res, nas, figures.Options{}) })
}

// neuronTable adds the neuron table of a Section 7 or 8 run to the summary.
func (r *runner) neuronTable(run *paper.NeuronRun) error {
	title := fmt.Sprintf("%s — neurons (best of %d seeds per density)", run.Best.Experiment.Name, run.Seeds)
	return r.table(report.Neurons(title, run.Best.Result, run.Best.Analyses, run.Neurons))
}
