package sae

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bruteForce is the minimal total cost over all injective row → column maps (rows ≤ cols).
func bruteForce(cost [][]float64) float64 {
	best := math.Inf(1)
	used := make([]bool, len(cost[0]))
	var rec func(i int, sum float64)
	rec = func(i int, sum float64) {
		if i == len(cost) {
			best = math.Min(best, sum)
			return
		}
		for j := range used {
			if !used[j] {
				used[j] = true
				rec(i+1, sum+cost[i][j])
				used[j] = false
			}
		}
	}
	rec(0, 0)
	return best
}

// Assign finds a minimal assignment, equal to brute force on random small matrices, square and rectangular
// both ways, with a valid one-to-one matching.
func TestAssignMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 300 {
		rows, cols := 1+rng.IntN(6), 1+rng.IntN(7)
		cost := make([][]float64, rows)
		for i := range cost {
			cost[i] = make([]float64, cols)
			for j := range cost[i] {
				cost[i][j] = rng.NormFloat64()
				if trial%3 == 0 {
					cost[i][j] = float64(rng.IntN(3)) // ties
				}
			}
		}
		got := Assign(cost)
		seen, total, matched := map[int]bool{}, 0.0, 0
		for i, j := range got {
			if j < 0 {
				continue
			}
			if seen[j] {
				t.Fatalf("trial %d: column %d used twice: %v", trial, j, got)
			}
			seen[j] = true
			total += cost[i][j]
			matched++
		}
		if matched != min(rows, cols) {
			t.Fatalf("trial %d: %d rows matched, want %d", trial, matched, min(rows, cols))
		}
		var want float64
		if rows <= cols {
			want = bruteForce(cost)
		} else {
			tr := make([][]float64, cols)
			for j := range tr {
				tr[j] = make([]float64, rows)
				for i := range rows {
					tr[j][i] = cost[i][j]
				}
			}
			want = bruteForce(tr)
		}
		if math.Abs(total-want) > 1e-9 {
			t.Fatalf("trial %d (%d×%d): cost %g, brute force %g", trial, rows, cols, total, want)
		}
	}
}

// The weight metrics on a known case: decoder rows equal to three of four features, one feature missed.
func TestScoreDirections(t *testing.T) {
	W := [][]float64{{2, 0}, {0, 1}, {-1, 0}, {1, 1}}
	wDec := [][]float64{{1, 0}, {0, 1}, {-1, 0}}
	var mt Metrics
	scoreDirections(W, wDec, &mt)
	want := (3 + math.Sqrt(0.5)) / 4
	if math.Abs(mt.MMCS-want) > 1e-12 || mt.Recovered90 != 3 || mt.Recovered99 != 3 {
		t.Errorf("MMCS %g (want %g), recovered %d, %d (want 3, 3)", mt.MMCS, want, mt.Recovered90, mt.Recovered99)
	}
	if mt.MatchedCosine != 0.75 || mt.Match[3] != -1 || mt.Represented != 4 {
		t.Errorf("matched cosine %g (want 0.75), match %v (feature 3 unmatched), represented %d", mt.MatchedCosine, mt.Match, mt.Represented)
	}
}
