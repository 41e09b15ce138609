package report

import (
	"fmt"
	"strings"

	"github.com/toymodels/superposition/toysup"

	"github.com/toymodels/superposition/toysup/theory"
)

// NeuronTable is a Markdown table of the neuron analysis of every instance of res (an from [Result.Analyze] for
// the loss, nas from [Result.AnalyzeNeurons], both `[instances]`): per density, the evaluation loss, the
// monosemantic, polysemantic and dead neurons, how many features the polysemantic neurons hold between them, how
// many features have a dedicated neuron, the mean number of features per live neuron and the mean number of
// neurons per feature that uses any.
func NeuronTable(res *toysup.Result, an []toysup.Analysis, nas []theory.NeuronAnalysis) string {
	var sb strings.Builder
	sb.WriteString("| 1−S | eval loss | monosemantic | polysemantic | features in the polysemantic ones | dead | features with a dedicated neuron | mean features per live neuron | mean neurons per feature in use |\n|---|---|---|---|---|---|---|---|---|\n")
	for k, in := range res.Instances {
		dedicated, used, uses := 0, 0, 0
		for i, c := range nas[k].DedicatedNeurons {
			if c > 0 {
				dedicated++
			}
			if u := nas[k].NeuronsPerFeature[i]; u > 0 {
				used++
				uses += u
			}
		}
		perFeature := 0.0
		if used > 0 {
			perFeature = float64(uses) / float64(used)
		}
		fmt.Fprintf(&sb, "| %.4g | %.5g | %d | %d | %d | %d | %d/%d | %.2f | %.2f |\n", in.FeatureProbability[0], an[k].EvalLoss,
			nas[k].Monosemantic, nas[k].Polysemantic, nas[k].PolyFeatures, nas[k].Dead, dedicated, res.Config.Features,
			nas[k].MeanFeaturesPerNeuron, perFeature)
	}
	return sb.String()
}
