package theory

import (
	"fmt"
	"math"

	"github.com/toymodels/superposition/toysup"
)

// BestOfK keeps, among instances trained with the same feature probabilities and importance, the one of lowest
// evaluated loss (`losses` `[instances]`, e.g. from [Result.Analyze]); it returns the kept instance indices in
// order of first appearance of their setting. The paper trains several models per setting and keeps the best,
// since single runs land in local minima.
func BestOfK(res *toysup.Result, losses []float64) []int {
	best := map[string]int{}
	var order []string
	for k, in := range res.Instances {
		key := settingKey(in)
		j, seen := best[key]
		if !seen {
			order = append(order, key)
			best[key] = k
		} else if losses[k] < losses[j] || math.IsNaN(losses[j]) {
			best[key] = k
		}
	}
	out := make([]int, len(order))
	for i, key := range order {
		out[i] = best[key]
	}
	return out
}

func settingKey(in toysup.Instance) string {
	b := make([]byte, 0, 16*len(in.FeatureProbability))
	for i := range in.FeatureProbability {
		b = appendFloat(b, in.FeatureProbability[i])
		b = appendFloat(b, in.Importance[i])
	}
	return string(b)
}

func appendFloat(b []byte, v float64) []byte {
	u := math.Float64bits(v)
	for i := 0; i < 8; i++ {
		b = append(b, byte(u>>(8*i)))
	}
	return b
}

// BestSeeds keeps the lowest-loss instance of each setting of a best-of-K result ([BestOfK] on the analyses'
// EvalLoss, `[instances]`, from [Result.Analyze]) and returns it with its analyses.
func BestSeeds(res *toysup.Result, an []toysup.Analysis) (*toysup.Result, []toysup.Analysis, error) {
	if len(an) != len(res.Instances) {
		return nil, nil, fmt.Errorf("best seeds: %d analyses for %d instances", len(an), len(res.Instances))
	}
	losses := make([]float64, len(an))
	for k := range an {
		losses[k] = an[k].EvalLoss
	}
	idx := BestOfK(res, losses)
	kept := make([]toysup.Analysis, len(idx))
	for i, k := range idx {
		kept[i] = an[k]
	}
	return res.Select(idx), kept, nil
}
