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
	groups := SettingGroups(res)
	out := make([]int, len(groups))
	for g, ks := range groups {
		best := ks[0]
		for _, k := range ks[1:] {
			if losses[k] < losses[best] || math.IsNaN(losses[best]) {
				best = k
			}
		}
		out[g] = best
	}
	return out
}

// SettingGroups groups res's instances by setting — the same feature probabilities and importances `[n]`, the
// seeds of a best-of-K sweep — in order of first appearance: `[settings]` lists of instance indices, ascending.
func SettingGroups(res *toysup.Result) [][]int {
	index := map[string]int{}
	var out [][]int
	for k, in := range res.Instances {
		key := SettingKey(in.FeatureProbability, in.Importance)
		g, ok := index[key]
		if !ok {
			g = len(out)
			index[key] = g
			out = append(out, nil)
		}
		out[g] = append(out[g], k)
	}
	return out
}

// SettingKey is the key [SettingGroups] groups by: the bits of the feature probabilities p and importances imp.
func SettingKey(p, imp []float64) string {
	b := make([]byte, 0, 8*(len(p)+len(imp)))
	for _, v := range p {
		b = appendFloat(b, v)
	}
	b = append(b, '|')
	for _, v := range imp {
		b = appendFloat(b, v)
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
