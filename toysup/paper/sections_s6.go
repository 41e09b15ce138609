package paper

import "sort"

// PerDimension lists the models by increasing features per dimension 1/D* (models with the same D* as a denser
// one left out: the axis needs increasing values) with their vulnerabilities against the analytic and the trained
// references: what [figures.VulnerabilityDimsFigure] draws; idx are the instances.
func (a *AttackRun) PerDimension() (inv, analytic, trained []float64, idx []int) {
	t := a.Trained
	order := make([]int, len(t.Analyses))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(x, y int) bool {
		return t.Analyses[order[x]].DimensionsPerFeature > t.Analyses[order[y]].DimensionsPerFeature
	})
	for _, k := range order {
		v := 1 / t.Analyses[k].DimensionsPerFeature
		if len(inv) > 0 && v <= inv[len(inv)-1] {
			continue
		}
		inv, idx = append(inv, v), append(idx, k)
		analytic, trained = append(analytic, a.Relative[k].Vulnerability), append(trained, a.TrainedRefVulnerability(k))
	}
	return inv, analytic, trained, idx
}
