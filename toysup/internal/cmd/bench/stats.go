package main

import (
	"fmt"
	"math"
	"slices"
)

// medianSPS is steps / median wall time.
func medianSPS(runs []childRun, steps int) float64 {
	m := median(runs, func(r childRun) float64 { return r.wall.Seconds() })
	return float64(steps) / m
}

// median is the median of f over runs (NaN for none).
func median(runs []childRun, f func(childRun) float64) float64 {
	if len(runs) == 0 {
		return math.NaN()
	}
	v := make([]float64, len(runs))
	for i, r := range runs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// maxOf is the largest f over runs (NaN for none).
func maxOf(runs []childRun, f func(childRun) float64) float64 {
	if len(runs) == 0 {
		return math.NaN()
	}
	m := math.Inf(-1)
	for _, r := range runs {
		m = max(m, f(r))
	}
	return m
}

// ratio prints a/b as "1.23x", or "-" when either is unknown.
func ratio(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

// num prints v with format, or "-" when it is unknown.
func num(v float64, format string) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf(format, v)
}
