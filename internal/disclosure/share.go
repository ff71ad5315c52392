package disclosure

import (
	"fmt"
	"math"
)

// Share is part of a whole as a whole-number percentage, worked out from
// the rounded counts. It is not shown when the part, the whole or the rest
// (whole minus part) is hidden, or when the rounded rest is a small
// number: beside the whole, the share would give the hidden count away.
type Share struct {
	Part, Whole Count
	percent     int
	shown       bool
}

// NewShare is part of whole from true counts.
func NewShare(part, whole int) Share {
	return ShareOf(NewCount(part), NewCount(whole))
}

// ShareOf is a share of counts already disclosed, perhaps hidden by a
// table's secondary suppression.
func ShareOf(part, whole Count) Share {
	s := Share{Part: part, Whole: whole}
	w, wok := whole.Value()
	p, pok := part.Value()
	if !wok || !pok || w == 0 {
		return s
	}
	if part.raw >= 0 && whole.raw >= 0 && NewCount(whole.raw-part.raw).Suppressed() {
		return s
	}
	if rest := w - p; rest > 0 && rest < Threshold {
		return s
	}
	s.percent, s.shown = int(math.Round(100*float64(p)/float64(w))), true
	return s
}

// Percent is the published percentage and whether there is one.
func (s Share) Percent() (int, bool) { return s.percent, s.shown }

// Empty reports a share of nobody: there is nothing to count.
func (s Share) Empty() bool {
	w, ok := s.Whole.Value()
	return ok && w == 0
}

// Format is the percentage ("25%"), none for a share of nobody, or Hidden.
func (s Share) Format(none string) string {
	switch {
	case s.Empty():
		return none
	case !s.shown:
		return Hidden
	}
	return fmt.Sprintf("%d%%", s.percent)
}

// WithCounts is "25% (10 of 40)" with the rounded counts, none for a share
// of nobody, or Hidden: the counts are hidden with the share.
func (s Share) WithCounts(none string) string {
	if !s.shown || s.Empty() {
		return s.Format(none)
	}
	return fmt.Sprintf("%d%% (%s of %s)", s.percent, s.Part, s.Whole)
}

// MarshalJSON writes null for a hidden share.
func (s Share) MarshalJSON() ([]byte, error) {
	if !s.shown {
		return []byte("null"), nil
	}
	return fmt.Appendf(nil, "%d", s.percent), nil
}
