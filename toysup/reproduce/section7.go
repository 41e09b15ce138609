package reproduce

import (
	"context"
	"fmt"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/report"
	"github.com/toymodels/superposition/toysup/theory"
)

func init() { register(7, "Superposition in a privileged basis", runSection7) }

// runSection7 trains the Section 7 sweep (several seeds per density), keeps the best seed of each density and
// draws each neuron's weights and the neuron counts.
func runSection7(ctx context.Context, r *runner) error {
	res, nas, err := r.trainBestNeurons(ctx, paper.Section7(r.opts.Quick))
	if err != nil {
		return err
	}
	if err := r.figure("s7_neurons.svg",
		fmt.Sprintf("Privileged basis (h = ReLU(Wx), x' = ReLU(Wᵀh + b), n=10, m=5, I=0.75^i; best of %d seeds per density): each neuron's weights W[i][j] stacked by feature, coloured by importance (dark: important), positive up and negative down, neurons sorted by monosemanticity. At 1−S = 0.75 the 5 most important features get one monosemantic neuron each. Sparser, features enter superposition in groups that share groups of neurons, beside the remaining monosemantic neurons: at 0.35, 3 features in 2 neurons; at 0.15, 5 features in 3 neurons; at 0.1 and 0.06, 8 features in all 5 neurons; at 0.02 and 0.01 all 10 features, each in about two neurons (exactly two at 0.01).", paper.Section7Seeds),
		func() (string, error) { return figures.NeuronWeightsFigure(res, nas, figures.Options{}) }); err != nil {
		return err
	}
	return r.figure("s7_neuron_counts.svg",
		"Privileged basis: monosemantic and polysemantic neurons per density (top), and which features own a monosemantic neuron (bottom): the monosemantic neurons, held by the most important features, give way to polysemantic ones as sparsity grows.",
		func() (string, error) { return figures.NeuronCountsFigure(res, nas, figures.Options{}) })
}

// trainBestNeurons trains e (several seeds per setting), keeps the best seed of each setting, analyses its neurons
// and adds their table to the summary.
func (r *runner) trainBestNeurons(ctx context.Context, e paper.Experiment) (*toysup.Result, []theory.NeuronAnalysis, error) {
	all, allAn, err := r.train(ctx, e)
	if err != nil {
		return nil, nil, err
	}
	res, an, err := theory.BestSeeds(all, allAn)
	if err != nil {
		return nil, nil, err
	}
	nas, err := theory.AnalyzeNeurons(res)
	if err != nil {
		return nil, nil, err
	}
	r.report.Summary += neuronTable(e.Name+" (best seed per density)", res, an, nas)
	return res, nas, nil
}

// neuronTable is the Markdown section of the neuron analysis of each instance; title names the experiment.
func neuronTable(title string, res *toysup.Result, an []toysup.Analysis, nas []theory.NeuronAnalysis) string {
	return fmt.Sprintf("### %s — neurons\n\n%s\n", title, report.NeuronTable(res, an, nas))
}
