package disclosure

import "slices"

// Cell is a position in a table.
type Cell struct{ Row, Col int }

// Sum says that the Parts of a table add up to its Total, as a row of
// categories adds up to its total column, or referrals to accepted,
// declined and pending. A reader can subtract, so a hidden cell in a sum
// needs a second hidden cell beside it.
type Sum struct {
	Total Cell
	Parts []Cell
}

// Ratio is a share shown beside the table: Part of Whole, where Rest are
// the other parts of Whole (empty when Whole is not a Sum of cells shown).
type Ratio struct {
	Part, Whole Cell
	Rest        []Cell
	Share       Share
}

// Table is an aggregate table as published: its cells disclosed, the sums
// a reader could use to subtract, and the shares shown beside it.
type Table struct {
	Name   string
	Rows   []string
	Cols   []string
	Cells  [][]Count
	Sums   []Sum
	Ratios []Ratio
}

// NewTable applies the primary rule to every cell of a grid of true counts.
func NewTable(name string, rows, cols []string, counts [][]int) *Table {
	t := &Table{Name: name, Rows: rows, Cols: cols, Cells: make([][]Count, len(counts))}
	for i, row := range counts {
		t.Cells[i] = make([]Count, len(row))
		for j, n := range row {
			t.Cells[i][j] = NewCount(n)
		}
	}
	return t
}

// At is one cell.
func (t *Table) At(c Cell) Count { return t.Cells[c.Row][c.Col] }

// RowSums says that in every row the cells in parts add up to the cell in
// total.
func (t *Table) RowSums(total int, parts ...int) {
	for i := range t.Cells {
		s := Sum{Total: Cell{i, total}}
		for _, p := range parts {
			s.Parts = append(s.Parts, Cell{i, p})
		}
		t.Sums = append(t.Sums, s)
	}
}

// ColumnSums says that in every column the rows in parts add up to the
// row total.
func (t *Table) ColumnSums(total int, parts ...int) {
	for j := range t.Cols {
		s := Sum{Total: Cell{total, j}}
		for _, p := range parts {
			s.Parts = append(s.Parts, Cell{p, j})
		}
		t.Sums = append(t.Sums, s)
	}
}

// Protect applies secondary suppression: wherever a sum has exactly one
// hidden cell, the smallest non-zero shown part beside it (or, failing
// that, the total) is hidden too, until no sum has one hidden cell alone.
func (t *Table) Protect() {
	for changed := true; changed; {
		changed = false
		for _, s := range t.Sums {
			cells := append([]Cell{s.Total}, s.Parts...)
			if hiddenIn(t, cells) != 1 {
				continue
			}
			c, ok := t.smallestShown(s.Parts)
			if !ok {
				c = s.Total
			}
			if t.At(c).Suppressed() {
				// The one hidden cell is the total and every part is a
				// shown zero: a sum that does not add up, and nothing left
				// to hide. Going round again would never end.
				continue
			}
			t.Cells[c.Row][c.Col] = t.At(c).hide()
			changed = true
		}
	}
}

// Share adds and returns the share of part in whole, rest being the other
// parts of whole, worked out once the cells are protected.
func (t *Table) Share(part, whole Cell, rest ...Cell) Share {
	sh := ShareOf(t.At(part), t.At(whole))
	if hiddenIn(t, rest) == 1 {
		// The share and the whole give the rest; less the other parts
		// shown, that is the hidden one.
		sh = Share{Part: sh.Part, Whole: sh.Whole}
	}
	t.Ratios = append(t.Ratios, Ratio{Part: part, Whole: whole, Rest: rest, Share: sh})
	return sh
}

func hiddenIn(t *Table, cells []Cell) int {
	n := 0
	for _, c := range cells {
		if t.At(c).Suppressed() {
			n++
		}
	}
	return n
}

func (t *Table) smallestShown(cells []Cell) (Cell, bool) {
	var best Cell
	found := false
	for _, c := range cells {
		v := t.At(c)
		if v.Suppressed() || v.raw == 0 {
			continue
		}
		if !found || v.raw < t.At(best).raw {
			best, found = c, true
		}
	}
	return best, found
}

// Column is one column's cells, for a template or a chart.
func (t *Table) Column(j int) []Count {
	out := make([]Count, len(t.Cells))
	for i := range t.Cells {
		out[i] = t.Cells[i][j]
	}
	return out
}

// Row is one row's cells.
func (t *Table) Row(i int) []Count { return slices.Clone(t.Cells[i]) }
