package figures

import (
	"math"
	"strconv"
	"strings"
)

// The plot layer, part 2: scales (linear and log), "nice" ticks and their labels, and colour bars.

// tick is one axis tick: its value and label.
type tick struct {
	v     float64
	label string
}

// linearTicks returns about target "nice" ticks (steps of 1, 2 or 5 × 10^k) covering [lo, hi].
func linearTicks(lo, hi float64, target int) []tick {
	if !(hi > lo) {
		return []tick{{lo, fmtTick(lo)}}
	}
	raw := (hi - lo) / float64(max(1, target))
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []tick
	for i := math.Ceil(lo/step - 1e-9); i*step <= hi+1e-9*step; i++ {
		v := i * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, tick{v, fmtTick(v)})
	}
	return out
}

// fmtTick formats a tick value: integers below 10⁷ in full ("2000"), others with up to 3 significant digits.
func fmtTick(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e7 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

var superscripts = map[rune]rune{'-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹'}

// powerOfTen labels 10^e: plain ("0.01") when plain, else with a superscript exponent ("10⁻⁴").
func powerOfTen(e int, plain bool) string {
	if plain {
		return strconv.FormatFloat(math.Pow(10, float64(e)), 'f', -1, 64)
	}
	var sb strings.Builder
	sb.WriteString("10")
	for _, r := range strconv.Itoa(e) {
		sb.WriteRune(superscripts[r])
	}
	return sb.String()
}

// logTicks returns ticks for a log axis over [lo, hi] (both > 0): every decade, thinned to at most about 8
// labels, plus 2× and 5× ticks when fewer than three decades fall inside the range.
func logTicks(lo, hi float64) []tick {
	e0, e1 := int(math.Floor(math.Log10(lo)+1e-9)), int(math.Ceil(math.Log10(hi)-1e-9))
	stride := max(1, (e1-e0+7)/8)
	inside, plain := 0, true // all labels plain within 0.01…1000, else all as powers of ten
	for e := e0; e <= e1; e++ {
		if v := math.Pow(10, float64(e)); v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
			inside++
			plain = plain && e >= -2 && e <= 3
		}
	}
	var out []tick
	for e := e0; e <= e1; e++ {
		mults := []float64{1}
		if inside < 3 {
			mults = []float64{1, 2, 5}
		}
		for _, m := range mults {
			v := m * math.Pow(10, float64(e))
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			if m == 1 && (e-e0)%stride != 0 {
				continue
			}
			label := powerOfTen(e, plain)
			if m != 1 {
				label = fmtTick(v)
			}
			out = append(out, tick{v, label})
		}
	}
	return out
}

// scale maps data values to pixels, linearly or logarithmically.
type scale struct {
	lo, hi   float64 // data range
	p0, p1   float64 // pixel range (p0 for lo)
	log      bool
	fallback float64 // pixel for values a log scale cannot show (≤ 0)
}

func (s scale) at(v float64) float64 {
	lo, hi := s.lo, s.hi
	if s.log {
		if !(v > 0) {
			return math.NaN()
		}
		v, lo, hi = math.Log10(v), math.Log10(lo), math.Log10(hi)
	}
	if hi == lo {
		return (s.p0 + s.p1) / 2
	}
	return s.p0 + (v-lo)/(hi-lo)*(s.p1-s.p0)
}

func (s scale) ticks(target int) []tick {
	if s.log {
		return logTicks(s.lo, s.hi)
	}
	return linearTicks(s.lo, s.hi, target)
}

// colourBar draws a vertical colour bar at (x, y) of size w × h for values lo (bottom) … hi (top), with ticks on
// the right and a label above, starting 4 px left of the bar.
func (s *svg) colourBar(x, y, w, h, lo, hi float64, colour func(float64) RGB, ticks []tick, label string) {
	const strips = 64
	cols := make([][]RGB, strips)
	for i := range cols {
		v := hi - (float64(i)+0.5)/strips*(hi-lo)
		cols[i] = []RGB{colour(v)}
	}
	s.cellPaths(x, y, w, h/strips, cols, "ts-colourbar")
	s.frame(x, y, w, h)
	sc := scale{lo: lo, hi: hi, p0: y + h, p1: y}
	for _, t := range ticks {
		ty := sc.at(t.v)
		s.line(x+w, ty, x+w+4, ty, axisColour, 1, "")
		s.text(x+w+6, ty+3.5, tickSize, "start", t.label, "")
	}
	s.text(x-4, y-13, labelSize, "start", label, "")
}
