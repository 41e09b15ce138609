package report

import (
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/theory"
)

// Neurons is the neuron analysis of every instance of res (an for the loss and nas for the neurons, both
// `[instances]`): per density, the evaluation loss, the monosemantic, polysemantic and dead neurons, how many
// features the polysemantic neurons hold between them, how many features have a dedicated neuron, the mean number
// of features per live neuron and the mean number of neurons per feature that uses any.
func Neurons(title string, res *toysup.Result, an []toysup.Analysis, nas []theory.NeuronAnalysis) (Table, error) {
	if res == nil || len(an) != len(res.Instances) || len(nas) != len(res.Instances) {
		return Table{}, toysup.ArgErrorf("nas", "want one analysis and one neuron analysis per instance of a non-nil result")
	}
	t := Table{Title: title, Header: []string{"1−S", "eval loss", "monosemantic", "polysemantic",
		"features in the polysemantic ones", "dead", "features with a dedicated neuron",
		"mean features per live neuron", "mean neurons per feature in use"}}
	for k, in := range res.Instances {
		na := nas[k]
		dedicated, used, uses := 0, 0, 0
		for i, c := range na.DedicatedNeurons {
			if c > 0 {
				dedicated++
			}
			if u := na.NeuronsPerFeature[i]; u > 0 {
				used++
				uses += u
			}
		}
		perFeature := 0.0
		if used > 0 {
			perFeature = float64(uses) / float64(used)
		}
		t.Rows = append(t.Rows, []string{density(in.FeatureProbability[0]), num(an[k].EvalLoss), itoa(na.Monosemantic),
			itoa(na.Polysemantic), itoa(na.PolyFeatures), itoa(na.Dead), frac(dedicated, res.Config.Features),
			fixed(na.MeanFeaturesPerNeuron, 2), fixed(perFeature, 2)})
	}
	return t, nil
}
