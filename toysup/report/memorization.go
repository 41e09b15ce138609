package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/toymodels/superposition/toysup/theory"
)

// DDRow is one training-set size of a double-descent sweep, with per-seed values `[seeds]`; Memorizing lists the
// seeds that memorize their training points.
type DDRow struct {
	T                                            int
	Test, Train, MeanDt, TopDi, GapError, MinGap []float64
	Memorizing                                   []int
}

// DoubleDescent tabulates a double-descent sweep: per T the mean test and train loss (over seeds), the mean D_t
// of the training points beside m/T, the top features' mean D_i and, for T ≤ 16, how many seeds memorize and the
// median over them of each seed's worst angle-gap error |gap − 360°/T| of the h_t (memorized: the threshold on the
// train loss that defines Memorizing); the row of the test-loss peak is marked.
func DoubleDescent(title string, m, peak int, memorized float64, rows []DDRow) Table {
	t := Table{Title: title, Header: []string{"T", "seeds", "test loss", "train loss", "mean D_t", "m/T", "D_t/(m/T)", "top D_i", "memorizing", "max |gap − 360°/T|"}}
	for i, r := range rows {
		mt := float64(m) / float64(r.T)
		name := strconv.Itoa(r.T)
		if i == peak {
			name += " (peak)"
		}
		mem, gap := "—", "—"
		if r.T <= 16 {
			mem = fmt.Sprintf("%d", len(r.Memorizing))
			if v := medianAt(r.GapError, r.Memorizing); !math.IsNaN(v) {
				gap = fmt.Sprintf("%.1f° (%.0f %%)", v, 100*v*float64(r.T)/360)
			}
		}
		dt := theory.Mean(r.MeanDt)
		t.Rows = append(t.Rows, []string{name, strconv.Itoa(len(r.Test)), f4(theory.Mean(r.Test)), f4(theory.Mean(r.Train)), f4(dt), f4(mt), fmt.Sprintf("%.3f", dt/mt),
			fmt.Sprintf("%.3f", theory.Mean(r.TopDi)), mem, gap})
	}
	t.Note = "Means over the seeds; test loss on fresh samples, train loss on the T training points; top D_i: the 5 largest-norm features; " +
		fmt.Sprintf("memorizing: the seeds with train loss ≤ %g; the gap error is the median over those seeds of each seed's worst gap, and in %% of 360°/T (T ≤ 16).", memorized)
	return t
}

// MemorizationRow is one optimizer's memorizing seeds at T training points, per seed `[seeds]`: the worst
// angle-gap error of the h_t in degrees, the mean ‖h_t‖² and the polygon's L2 cost over the regular T-gon's.
type MemorizationRow struct {
	Optimizer                        string
	T                                int
	GapError, HiddenNorm2, CostRatio []float64
	Memorizing                       []int
}

// Memorization tabulates memorized polygons beside the L2 minimum opt ([theory.RegularMemorization]): per row the
// memorizing seeds and the medians over them of the worst gap error, of the mean ‖h_t‖² and of the cost ratio;
// the first row is the closed form.
func Memorization(title string, opt theory.MemorizedPolygon, rows []MemorizationRow) Table {
	t := Table{Title: title, Header: []string{"training", "T", "memorizing", "max |gap − 360°/T|", "mean ‖h_t‖²", "L2 cost ÷ regular"}}
	t.Rows = append(t.Rows, []string{"closed form: minimum of the L2 norm", strconv.Itoa(opt.T), "—", "0°", fmt.Sprintf("%.4f", opt.HiddenNorm2), "1"})
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.Optimizer, strconv.Itoa(r.T), frac(len(r.Memorizing), len(r.GapError)),
			fmt.Sprintf("%.2g°", medianAt(r.GapError, r.Memorizing)), fmt.Sprintf("%.4f", medianAt(r.HiddenNorm2, r.Memorizing)),
			fmt.Sprintf("%.3f", medianAt(r.CostRatio, r.Memorizing))})
	}
	t.Note = fmt.Sprintf("Medians over the memorizing seeds. The closed form stores point t's features as W_i = √u·x_ti·û_t, b_i = (1 − u)·x_ti with u = %.4f, "+
		"the least ‖W‖² + ‖b‖² that recalls every point with no interference; L2 cost ÷ regular: what a seed's polygon would spend in that form over what the regular %d-gon spends.", opt.HiddenNorm2, opt.T)
	return t
}

// medianAt is the median of xs at the indices idx (NaN for none).
func medianAt(xs []float64, idx []int) float64 {
	v := make([]float64, len(idx))
	for i, k := range idx {
		v[i] = xs[k]
	}
	return median(v)
}

// median is the median of xs (NaN for none).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	v := slices.Clone(xs)
	slices.Sort(v)
	if n := len(v); n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[len(v)/2]
}

// L1Row is one λ of the L1 sweep.
type L1Row struct {
	Lambda, DStar  float64
	Represented, N int
	Loss, LossCost float64
}

// L1 tabulates the L1 sweep: per λ, D*, the features represented and the loss with its cost over λ = 0.
func L1(title string, rows []L1Row) Table {
	t := Table{Title: title, Header: []string{"λ", "D*", "represented", "loss", "loss − loss(λ=0)"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{strconv.FormatFloat(r.Lambda, 'g', 3, 64), fmt.Sprintf("%.3f", r.DStar),
			fmt.Sprintf("%d / %d", r.Represented, r.N), f4(r.Loss), f4(r.LossCost)})
	}
	t.Note = "D* = m/‖W‖²_F; represented: ‖W_i‖ > 0.5; loss: the reconstruction loss on fresh samples, without the penalty."
	return t
}

func f4(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
