package figures

import "fmt"

// The plot layer, part 4: legends and notes.

// legendKind is how a legend entry shows its colour.
type legendKind int

const (
	legendLine   legendKind = iota // a line, optionally dashed
	legendSwatch                   // a filled square
	legendDot                      // a dot
	legendMarker                   // a thin bar, like the class markers under neuron bars
)

// legendEntry is one row of a legend.
type legendEntry struct {
	label, colour string
	kind          legendKind
	dash          string  // stroke-dasharray of a line
	width         float64 // line width (0: 2.5)
}

// legend draws entries top-down from (x, y), labels fitted to maxW pixels from x (0: no limit); it returns the
// y below the last row.
func (s *svg) legend(x, y, maxW float64, entries []legendEntry) float64 {
	for _, e := range entries {
		switch e.kind {
		case legendSwatch:
			s.rect(x, y-9, 14, 12, e.colour, ` stroke="#666" stroke-width="0.5"`)
		case legendDot:
			s.circle(x+7, y-3, 3.5, e.colour, "")
		case legendMarker:
			s.rect(x, y-6, 14, 5, e.colour, "")
		default:
			extra := ""
			if e.dash != "" {
				extra = fmt.Sprintf(` stroke-dasharray="%s"`, e.dash)
			}
			s.line(x, y-3, x+22, y-3, e.colour, orZero(e.width, 2.5), extra)
		}
		w := maxW - 28
		if maxW == 0 {
			w = 1e9
		}
		s.fitText(x+28, y+1, w, tickSize+1, "start", e.label, "")
		y += 17
	}
	return y
}

// thinnedLegend draws a legend of n series labelled label(i) in colour(i), keeping every stride-th so that at
// most maxRows rows show, with a note of the thinning; it returns the y below it.
func (s *svg) thinnedLegend(x, y, maxW float64, n, maxRows int, label func(int) string, colour func(int) string) float64 {
	stride := max(1, (n+maxRows-1)/max(1, maxRows))
	var entries []legendEntry
	for i := 0; i < n; i += stride {
		entries = append(entries, legendEntry{label: label(i), colour: colour(i)})
	}
	y = s.legend(x, y, maxW, entries)
	if stride > 1 {
		s.fitText(x, y, maxW, tickSize, "start", fmt.Sprintf("(every %d of %d shown)", stride, n), ` fill="#666"`)
		y += 14
	}
	return y
}

// notes writes grey explanatory lines top-down from (x, y), each fitted to maxW; it returns the y below them.
func (s *svg) notes(x, y, maxW float64, lines ...string) float64 {
	for _, l := range lines {
		if l != "" {
			s.fitText(x, y, maxW, tickSize-1, "start", l, ` fill="#444"`)
		}
		y += 13
	}
	return y
}

func orZero(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}
