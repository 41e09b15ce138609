package sae

import "math"

// Assign solves the assignment problem on a cost matrix `[rows][cols]` with the Hungarian algorithm (Kuhn–Munkres
// with potentials, O(rows² · cols)): it returns, for each row, its column, such that no column is used twice and
// the total cost is minimal. With more rows than columns it solves the transpose, and the rows left over get −1.
func Assign(cost [][]float64) []int {
	rows := len(cost)
	if rows == 0 {
		return nil
	}
	cols := len(cost[0])
	if rows > cols {
		t := make([][]float64, cols)
		for j := range t {
			t[j] = make([]float64, rows)
			for i := range rows {
				t[j][i] = cost[i][j]
			}
		}
		out := make([]int, rows)
		for i := range out {
			out[i] = -1
		}
		for j, i := range Assign(t) {
			out[i] = j
		}
		return out
	}
	return hungarian(cost, rows, cols)
}

// hungarian is the shortest-augmenting-path form for rows ≤ cols, 1-based inside: u, v are the row and column
// potentials, p[j] the row matched to column j, way[j] the previous column on the augmenting path.
func hungarian(a [][]float64, n, m int) []int {
	u, v := make([]float64, n+1), make([]float64, m+1)
	p, way := make([]int, m+1), make([]int, m+1)
	minv, used := make([]float64, m+1), make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j], used[j] = math.Inf(1), false
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], math.Inf(1), 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				if cur := a[i0-1][j-1] - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			if j0 = j1; p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	out := make([]int, n)
	for j := 1; j <= m; j++ {
		if p[j] != 0 {
			out[p[j]-1] = j - 1
		}
	}
	return out
}
