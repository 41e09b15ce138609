package figures

// The plot layer, part 5: panel grids.

// grid places panels in rows of equal cells across the figure.
type grid struct {
	cols, rows int
	// left, top: the corner of the first cell; cellW, cellH: the size of a cell.
	left, top, cellW, cellH float64
}

// newGrid lays out k panels across a figure width wide, with margins pixels taken by the left margin and the
// legend or colour bar: columns per row as given, or (columns 0) as many as fit at minPanel pixels, with the
// panels spread evenly over the rows that takes.
func newGrid(k, columns int, width, margins, minPanel float64) grid {
	cols := columns
	if cols == 0 {
		fit := max(1, int((width-margins)/minPanel))
		rows := (k + fit - 1) / fit
		cols = (k + rows - 1) / rows
	}
	cols = max(1, min(cols, k))
	return grid{cols: cols, rows: (k + cols - 1) / cols, cellW: (width - margins) / float64(cols)}
}

// pos is the column and row of panel k.
func (g grid) pos(k int) (col, row int) { return k % g.cols, k / g.cols }

// at is the top-left corner of panel k's cell.
func (g grid) at(k int) (x, y float64) {
	col, row := g.pos(k)
	return g.left + float64(col)*g.cellW, g.top + float64(row)*g.cellH
}

// height is the height of all rows.
func (g grid) height() float64 { return float64(g.rows) * g.cellH }
