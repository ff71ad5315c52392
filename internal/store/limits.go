package store

import (
	"fmt"

	"throughline/internal/problem"
)

// MaxLimit is the most rows one listing returns. Every listing that takes
// a limit treats it the same way: 0 asks for the listing's default (named
// in its doc comment), 1 to MaxLimit is honoured exactly, and anything else
// is refused with problem.Invalid. A limit is never quietly changed: when
// Referrals turned a limit over 1,000 into 200, the demo and the
// team-meeting agenda lost open referrals without anyone noticing.
//
// Listings with no limit of their own (a waiting list, an agenda, a
// group's sessions) read every matching row, up to MaxLimit, and refuse
// rather than cut the list short beyond that.
const MaxLimit = 100_000

// AllRows, as the limit of a listing that takes it (Referrals, Episodes,
// Appointments, Tasks), asks for every matching row: the whole list, or
// problem.Invalid when more than MaxLimit rows match. A caller that needs
// every row says so, rather than asking for "a lot" and hoping.
const AllRows = -1

// limitOrAllSQL is limitSQL for a listing that also takes AllRows; that
// listing passes its rows through notAllRows.
func limitOrAllSQL(what string, requested, byDefault int) (string, error) {
	if requested == AllRows {
		return allRowsSQL, nil
	}
	return limitSQL(what, requested, byDefault)
}

// limitSQL checks a requested limit and returns its LIMIT clause, with
// byDefault standing in for 0.
func limitSQL(what string, requested, byDefault int) (string, error) {
	if requested == 0 {
		requested = byDefault
	}
	if requested < 0 || requested > MaxLimit {
		return "", problem.Errorf(problem.Invalid, "A list of %s can show 1 to %d rows, not %d", what, MaxLimit, requested)
	}
	return fmt.Sprintf(" LIMIT %d", requested), nil
}

// allRowsSQL is the LIMIT clause of a listing that shows every matching
// row: one more than MaxLimit, so that notAllRows can tell a full list
// from a cut one.
var allRowsSQL = fmt.Sprintf(" LIMIT %d", MaxLimit+1)

// notAllRows refuses a list read with allRowsSQL that would have had to be
// cut short.
func notAllRows[T any](rows []T, err error, what string) ([]T, error) {
	if err == nil && len(rows) > MaxLimit {
		return nil, problem.Errorf(problem.Invalid, "There are more than %d %s to show; narrow the list", MaxLimit, what)
	}
	return rows, err
}
