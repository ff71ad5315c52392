package store

import (
	"context"
	"throughline/internal/care"
)

// SetWaitingChunk makes the waiting list read in chunks of n rows at
// first (0: the usual twice the rows a page needs), so that a test's short
// list crosses many chunk boundaries.
func (db *DB) SetWaitingChunk(n int) { db.waitingChunk = n }

// WaitingStreamSQL is the query that reads one service's waiting list in
// o's order, with its arguments for a plan: the service, and after a row
// read its date twice and its id.
func WaitingStreamSQL(o care.WaitOrder, after bool) (string, []any) {
	args := []any{"cen"}
	if after {
		args = append(args, "2026-01-01 00:00:00+00:00", "2026-01-01 00:00:00+00:00", 1)
	}
	return waitingStreamSQL(o, after, 100), args
}

// WaitingUndecidedSQL and WaitingLongestPauseSQL are the waiting list's
// reads over all its services, for one service.
func WaitingUndecidedSQL() string    { return waitingUndecidedSQL + `, 'cen')` }
func WaitingLongestPauseSQL() string { return waitingLongestPauseSQL + `, 'cen')` }

// BackfillNameWords runs migration 0033's step again: the name words of
// everyone recorded.
func (db *DB) BackfillNameWords(ctx context.Context) error {
	return db.Update(ctx, func(tx *Tx) error { return backfillNameWords(ctx, tx) })
}

// PeopleSearchSQL is the count and the page of a person search for query.
func PeopleSearchSQL(query string) (count, page string, args []any) {
	s, _ := searchPeople(query)
	return s.countSQL(), s.idsSQL(FirstPage.sql()), s.args
}
