package report

import (
	"fmt"
	"math"
	"strconv"

	"github.com/toymodels/superposition/toysup/theory"
)

// DDRow is one training-set size of a double-descent sweep, with per-seed values `[seeds]`.
type DDRow struct {
	T                                    int
	Test, Train, MeanDt, TopDi, GapError []float64
}

// DoubleDescent tabulates a double-descent sweep: per T the mean test and train loss (over seeds), the mean D_t
// of the training points beside m/T, the top features' mean D_i and the worst angle gap error of the h_t; the
// row of the test-loss peak is marked.
func DoubleDescent(title string, m, peak int, rows []DDRow) Table {
	t := Table{Title: title, Header: []string{"T", "test loss", "train loss", "mean D_t", "m/T", "D_t/(m/T)", "top D_i", "max |gap − 360°/T|"}}
	for i, r := range rows {
		mt := float64(m) / float64(r.T)
		name := strconv.Itoa(r.T)
		if i == peak {
			name += " (peak)"
		}
		gap := "—"
		if g := theory.Mean(r.GapError); r.T <= 16 && !math.IsNaN(g) {
			gap = fmt.Sprintf("%.1f°", g)
		}
		dt := theory.Mean(r.MeanDt)
		t.Rows = append(t.Rows, []string{name, f4(theory.Mean(r.Test)), f4(theory.Mean(r.Train)), f4(dt), f4(mt), fmt.Sprintf("%.3f", dt/mt),
			fmt.Sprintf("%.3f", theory.Mean(r.TopDi)), gap})
	}
	t.Note = fmt.Sprintf("Means over %d seeds; test loss on fresh samples, train loss on the T training points; top D_i: the 5 largest-norm features; the gap error is the mean over seeds of each seed's worst gap (T ≤ 16).", seedsOf(rows))
	return t
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

func seedsOf(rows []DDRow) int {
	if len(rows) == 0 {
		return 0
	}
	return len(rows[0].Test)
}
