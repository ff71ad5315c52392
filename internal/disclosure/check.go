package disclosure

import (
	"fmt"
	"math"
)

// Finding is one way a published table gives a hidden or small count away.
type Finding struct {
	Table, Row, Col string
	Problem         string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s, %s, %s: %s", f.Table, f.Row, f.Col, f.Problem)
}

// Recoverable is the differencing check: it looks at a table as a reader
// would and reports every shown count that is not 0 or a multiple of Base
// (or, where the true count is known, was under Threshold), every sum with
// exactly one hidden cell (subtract the others from the total), and every
// share shown beside a hidden count (multiply the share by the whole).
func Recoverable(t *Table) []Finding {
	var out []Finding
	at := func(c Cell, problem string, args ...any) {
		f := Finding{Table: t.Name, Problem: fmt.Sprintf(problem, args...)}
		if c.Row < len(t.Rows) {
			f.Row = t.Rows[c.Row]
		}
		if c.Col < len(t.Cols) {
			f.Col = t.Cols[c.Col]
		}
		out = append(out, f)
	}
	for i, row := range t.Cells {
		for j, c := range row {
			v, ok := c.Value()
			switch {
			case !ok:
			case v%Base != 0 || v < 0:
				at(Cell{i, j}, "%d is shown unrounded", v)
			case v > 0 && v < Threshold:
				at(Cell{i, j}, "%d is below what can be shown", v)
			case c.raw > 0 && c.raw < Threshold:
				at(Cell{i, j}, "a count of %d is shown as %d", c.raw, v)
			}
		}
	}
	for _, s := range t.Sums {
		cells := append([]Cell{s.Total}, s.Parts...)
		if hiddenIn(t, cells) != 1 {
			continue
		}
		rest := t.At(s.Total).Shown()
		hidden := s.Total
		for _, p := range s.Parts {
			if t.At(p).Suppressed() {
				hidden = p
			} else {
				rest -= t.At(p).Shown()
			}
		}
		if hidden == s.Total {
			rest = -rest
		}
		at(hidden, "the only hidden cell of a total: it is about %d", rest)
	}
	for _, r := range t.Ratios {
		p, ok := r.Share.Percent()
		if !ok {
			continue
		}
		whole, wok := t.At(r.Whole).Value()
		lone := hiddenIn(t, r.Rest) == 1 // two hidden parts of the rest hide each other
		for _, c := range append([]Cell{r.Part}, r.Rest...) {
			if !t.At(c).Suppressed() || (c != r.Part && !lone) {
				continue
			}
			switch {
			case !wok:
				at(c, "a %d%% share is shown of a hidden whole", p)
			case c == r.Part:
				at(c, "a %d%% share of %d is shown beside it: it is about %d", p, whole, estimate(p, whole))
			default:
				at(c, "a %d%% share of %d is shown beside it: the rest is about %d", p, whole, whole-estimate(p, whole))
			}
		}
		if !t.At(r.Part).Suppressed() && !wok {
			at(r.Whole, "a %d%% share is shown of a hidden whole", p)
		}
	}
	return out
}

func estimate(percent, whole int) int {
	return int(math.Round(float64(percent) * float64(whole) / 100))
}

// ObservedShare reads a published percentage back ("20%" or Hidden), the
// share of part in whole, for checking output that has left this package.
func ObservedShare(text string, part, whole Count) (Share, error) {
	s := Share{Part: part, Whole: whole}
	if text == Hidden {
		return s, nil
	}
	if _, err := fmt.Sscanf(text, "%d%%", &s.percent); err != nil {
		return s, fmt.Errorf("not a published share: %q", text)
	}
	s.shown = true
	return s, nil
}
