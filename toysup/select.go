package toysup

// Select returns a copy of res restricted to the given instances (in that order), with the config's instance
// count and per-instance tables updated to match.
func (r *Result) Select(instances []int) *Result {
	out := *r
	out.Instances = make([]Instance, len(instances))
	p, imp := make([][]float64, len(instances)), make([][]float64, len(instances))
	for i, k := range instances {
		out.Instances[i] = r.Instances[k]
		p[i], imp[i] = r.Instances[k].FeatureProbability, r.Instances[k].Importance
	}
	out.Config.Instances = len(instances)
	out.Config.FeatureProbability = Matrix(p)
	m := Matrix(imp)
	out.Config.Importance = &m
	out.LossHistory = LossHistory{Step: r.LossHistory.Step, Loss: make([][]float64, len(r.LossHistory.Loss))}
	for t, row := range r.LossHistory.Loss {
		out.LossHistory.Loss[t] = make([]float64, len(instances))
		for i, k := range instances {
			out.LossHistory.Loss[t][i] = row[k]
		}
	}
	return &out
}
