package figures

import (
	"errors"
	"fmt"
	"math"

	"github.com/janpfeifer/must"
)

// Series is one curve of a sweep figure: a value per x and per seed, `[x][seeds]`; the curve joins the means and
// every seed's value is a faint dot. NaN values are left out.
type Series struct {
	Label  string
	Colour string
	Values [][]float64
}

// SweepFigure draws series against positive x values on a log axis — the memorization figures (test and train
// loss, D_t and D_i, against the training-set size T) and the L1 figure (against λ). mark ≥ 0 marks x[mark] with
// a vertical dashed line labelled markLabel; refs are dashed reference curves (say m/T). Options: Title, Width
// (800), Height (420).
func SweepFigure(xlabel, ylabel string, x []float64, series, refs []Series, mark int, markLabel string, logY bool, opts Options) (string, error) {
	if len(x) == 0 || len(series) == 0 {
		return "", errors.New("figures: SweepFigure needs x values and series")
	}
	for _, se := range append(append([]Series(nil), series...), refs...) {
		if len(se.Values) != len(x) {
			return "", fmt.Errorf("figures: series %q has %d values for %d x", se.Label, len(se.Values), len(x))
		}
	}
	for _, v := range x {
		if !(v > 0) || math.IsInf(v, 0) {
			return "", fmt.Errorf("figures: x value %v: want positive and finite (log axis)", v)
		}
	}
	o, err := opts.resolve(spec{name: "SweepFigure", width: 800, height: 420, uses: useHeight})
	if err != nil {
		return "", err
	}
	lo, hi := valueRange(append(append([]Series(nil), series...), refs...), logY)
	W, H := float64(o.Width), float64(o.Height)
	xlo, xhi := xRange(x)
	a := newPlotArea(72, 44, W-72-170, H-44-58, axis{lo: xlo, hi: xhi, log: true, label: xlabel}, axis{lo: lo, hi: hi, log: logY, label: ylabel})
	s := newSVG(W, H)
	s.title(o.titleOr(ylabel + " against " + xlabel))
	s.drawArea(a)
	var legend []legendEntry
	for _, se := range refs {
		s.curve(a, x, means(se.Values), se.Colour, 1.2, ` stroke-dasharray="5 4"`)
		legend = append(legend, legendEntry{label: se.Label, colour: se.Colour, dash: "5 4", width: 1.2})
	}
	for _, se := range series {
		for i, vs := range se.Values {
			for _, v := range vs {
				s.markers(a, []float64{x[i]}, []float64{v}, 2.2, se.Colour, ` fill-opacity="0.35"`)
			}
		}
		m := means(se.Values)
		s.curve(a, x, m, se.Colour, 2, "")
		s.markers(a, x, m, 3.5, se.Colour, "")
		legend = append(legend, legendEntry{label: se.Label, colour: se.Colour})
	}
	if mark >= 0 && mark < len(x) {
		px := a.x.at(x[mark])
		s.line(px, a.top, px, a.top+a.h, "#d62728", 1, ` stroke-dasharray="3 3"`)
		s.text(px+4, a.top+12, tickSize, "start", markLabel, ` fill="#d62728"`)
	}
	s.legend(a.left+a.w+14, a.top+10, 150, legend)
	return s.String(), nil
}

// MustSweepFigure is [SweepFigure] for notebooks: it panics on error.
func MustSweepFigure(xlabel, ylabel string, x []float64, series, refs []Series, mark int, markLabel string, logY bool, opts Options) string {
	return must.M1(SweepFigure(xlabel, ylabel, x, series, refs, mark, markLabel, logY, opts))
}

// means is the mean of each row, ignoring NaNs (NaN for a row of none).
func means(v [][]float64) []float64 {
	out := make([]float64, len(v))
	for i, row := range v {
		s, c := 0.0, 0
		for _, x := range row {
			if !math.IsNaN(x) {
				s, c = s+x, c+1
			}
		}
		out[i] = math.NaN()
		if c > 0 {
			out[i] = s / float64(c)
		}
	}
	return out
}

// valueRange is the padded range of the finite values of all series (positive ones on a log axis).
func valueRange(series []Series, logY bool) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, se := range series {
		for _, row := range se.Values {
			for _, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) || logY && v <= 0 {
					continue
				}
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	switch {
	case lo > hi:
		return 0.1, 1
	case logY:
		return lo / 1.3, hi * 1.3
	case lo == hi:
		return lo - 1, hi + 1
	}
	pad := 0.06 * (hi - lo)
	return math.Min(0, lo-pad), hi + pad
}
