package train

// Progress receives training progress. Update is called every log_every steps with the per-instance batch loss
// `[instances]`, from the training goroutine. gonbext.NotebookProgress draws it in a notebook.
type Progress interface {
	Start(totalSteps int, title string)
	Update(step int, loss []float64)
	Finish()
}

// MeanLoss is the mean of the per-instance losses `[instances]` (0 for none): what the progress displays show.
func MeanLoss(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
