package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"throughline/internal/care"
)

// waitingFilter is the list's filter in the very words of its two
// indexes' WHERE clause (migration 0032): SQLite uses a partial index only
// for a query that says the same.
const waitingFilter = `r.status IN ('accepted-for-assessment', 'waiting', 'assessment-booked')`

// WaitingPage is one page of the waiting list at the given services, in
// order o as of now, with how many are waiting in all. The list is read
// in the order of one of its indexes (by decision date for waits from
// acceptance, by referral date for waits from referral) only as far as
// the page needs: until enough rows are read that no row still unread
// could come before them (waitStream). Only those rows are sorted, and
// the page's rows alone are then read in full, with their person, service
// and last contact. A first page reads a few hundred index entries
// however long the list is; page n reads about n pages' worth.
func (db *DB) WaitingPage(ctx context.Context, serviceIDs []string, o care.WaitOrder, now time.Time, p Page) (Paged[WaitingRow], error) {
	out := Paged[WaitingRow]{Page: p}
	if err := p.Check(); err != nil || len(serviceIDs) == 0 {
		return out, err
	}
	var ids []int64
	err := db.view(ctx, func(tx *Tx) error {
		q, args := appendIn(`SELECT COUNT(*) FROM referrals r WHERE `+waitingFilter+` AND r.service_id IN (''`, nil, serviceIDs)
		if err := tx.queryRow(ctx, q+`)`, args...).Scan(&out.Total); err != nil {
			return fmt.Errorf("count waiting: %w", err)
		}
		if p.Offset() >= out.Total {
			return nil
		}
		s := waitStream{tx: tx, services: serviceIDs, order: o, now: now, chunk: db.waitingChunk, total: out.Total}
		first, err := s.first(ctx, p.Offset()+PageSize)
		for _, k := range pageOf(first, p) {
			ids = append(ids, k.ID)
		}
		return err
	})
	if err != nil || len(ids) == 0 {
		return out, err
	}
	q, args := appendIn(`SELECT `+detailColumns+`, p.given_name || ' ' || p.family_name, s.name,
		COALESCE((SELECT MAX(c.contact_on) FROM referral_check_ins c WHERE c.referral_id = r.id), '')
		FROM referrals r JOIN people p ON p.id = r.person_id JOIN services s ON s.id = r.service_id
		WHERE r.id IN (0`, nil, ids)
	rows, err := queryAll(ctx, db, "waiting list page", q+`)`, args, func(rows scanner, w *WaitingRow) error {
		return scanDetail(rows, &w.ReferralDetail, &w.PersonName, &w.ServiceName, &w.LastContact)
	})
	if err != nil {
		return out, err
	}
	byID := make(map[int64]WaitingRow, len(rows))
	for _, row := range rows {
		byID[row.ID] = row
	}
	for _, id := range ids {
		if row, ok := byID[id]; ok { // gone between the two reads: left out
			out.Rows = append(out.Rows, row)
		}
	}
	return out, nil
}

// waitStream reads the waiting list in an index's order, one service at
// a time (an index gives one service's rows in order; several services'
// would need sorting whole), a growing chunk at a time, keeping only the
// columns its order is measured by.
type waitStream struct {
	tx       *Tx
	services []string
	order    care.WaitOrder
	now      time.Time
	chunk    int // the first chunk; 0: twice the rows wanted
	total    int // how many are waiting in all
}

// first is the first n rows of the list in the stream's order (fewer if
// the list is shorter). A row read comes before every row not yet read
// once its days are beyond the best days an unread row of any service
// could have (bound); reading stops when n rows are that sure of their
// place.
func (s waitStream) first(ctx context.Context, n int) ([]care.ReferralDetail, error) {
	o, now := s.order, s.now
	var got []care.ReferralDetail
	if !o.FromReferral && o.Shortest {
		// Waits from acceptance are measured from the decision date:
		// referrals with none have waited no days, so come first here.
		var err error
		if got, err = s.undecided(ctx); err != nil {
			return nil, err
		}
	}
	bound, err := s.bound(ctx)
	if err != nil {
		return nil, err
	}
	after := make(map[string]*care.ReferralDetail, len(s.services)) // the last row read of each service still being read
	for _, id := range s.services {
		after[id] = nil
	}
	chunk := s.chunk
	if chunk == 0 {
		// A page deep in the list reads it all at once: no cheaper than
		// that, and never twice.
		chunk = min(2*n, s.total+1)
	}
	for ; len(after) > 0; chunk *= 2 {
		for _, id := range s.services {
			last, reading := after[id]
			if !reading {
				continue
			}
			rows, err := s.read(ctx, id, last, chunk)
			if err != nil {
				return nil, err
			}
			got = append(got, rows...)
			if len(rows) < chunk {
				delete(after, id) // all of this service's list is read
			} else {
				after[id] = &rows[len(rows)-1]
			}
		}
		sure := 0
		for _, x := range got {
			if s.before(o.Days(x, now), after, bound) {
				sure++
			}
		}
		if sure >= n {
			break
		}
	}
	if len(after) == 0 && !o.FromReferral && !o.Shortest {
		undecided, err := s.undecided(ctx)
		if err != nil {
			return nil, err
		}
		got = append(got, undecided...) // no days waited: last
	}
	slices.SortFunc(got, func(a, b care.ReferralDetail) int { return o.Compare(a, b, now) })
	return got[:min(n, len(got))], nil
}

// before says whether a row of d days comes before every row not yet
// read: its days are strictly better than the best any unread row of any
// service could have, given the last row read of that service. (Equal
// days fall to the older referral, which may be one not yet read.)
func (s waitStream) before(d int, after map[string]*care.ReferralDetail, bound func(care.ReferralDetail) int) bool {
	for _, last := range after {
		if b := bound(*last); s.order.Shortest && d >= b || !s.order.Shortest && d <= b {
			return false
		}
	}
	return true
}

// bound is, given the last row read of a service, the best days a row of
// that service not yet read could have: the most for longest first, the
// fewest for shortest first.
func (s waitStream) bound(ctx context.Context) (func(care.ReferralDetail) int, error) {
	o, now := s.order, s.now
	switch {
	case !o.FromReferral:
		// Read by decision date, so an unread row's wait from acceptance
		// is no longer (longest first) or no shorter (shortest first).
		return func(last care.ReferralDetail) int { return o.Days(last, now) }, nil
	case !o.Shortest:
		// Read oldest referral first: an unread row was referred no
		// earlier, and time paused only shortens its wait.
		return func(last care.ReferralDetail) int {
			return care.WholeDays(max(0, now.Sub(last.ReceivedAt)))
		}, nil
	}
	// Read newest referral first: an unread row was referred no later,
	// but time paused can make its wait as short as the longest pause on
	// the list allows.
	q, args := appendIn(waitingLongestPauseSQL, nil, s.services)
	var seconds int64
	var since time.Time
	if err := s.tx.queryRow(ctx, q+`)`, args...).Scan(&seconds, dbTime{&since}); err != nil {
		return nil, fmt.Errorf("longest pause on the waiting list: %w", err)
	}
	longest := time.Duration(seconds) * time.Second
	if !since.IsZero() && now.After(since) {
		longest += now.Sub(since)
	}
	return func(last care.ReferralDetail) int {
		return care.WholeDays(max(0, now.Sub(last.ReceivedAt)-longest))
	}, nil
}

// Waiting-list reads, each shaped for its index (migration 0032): one
// service's rows in order after a row already read.
const (
	waitingByDecisionSQL = `SELECT r.id, r.received_at, r.decided_at FROM referrals r WHERE ` + waitingFilter + `
		AND r.service_id = ? AND r.decision = 'accepted' AND r.decided_at IS NOT NULL`
	waitingByReferralSQL = `SELECT r.id, r.received_at, r.paused_seconds, r.paused_at FROM referrals r WHERE ` + waitingFilter + `
		AND r.service_id = ?`
	// The list's services follow, each as ", ?", then ")".
	waitingUndecidedSQL = `SELECT r.id, r.received_at, r.decision, r.decided_at FROM referrals r WHERE ` + waitingFilter + `
		AND NOT (r.decision = 'accepted' AND r.decided_at IS NOT NULL) AND r.service_id IN (''`
	waitingLongestPauseSQL = `SELECT COALESCE(MAX(r.paused_seconds), 0), MIN(r.paused_at) FROM referrals r
		WHERE ` + waitingFilter + ` AND r.service_id IN (''`
)

// read is the next chunk of one service's stream after the row after
// (nil: from the start), in its index's order.
func (s waitStream) read(ctx context.Context, serviceID string, after *care.ReferralDetail, chunk int) ([]care.ReferralDetail, error) {
	args := []any{serviceID}
	if after != nil {
		k := after.ReceivedAt
		if !s.order.FromReferral {
			k = after.DecidedAt
		}
		args = append(args, k, k, after.ID)
	}
	scan := func(rows scanner, d *care.ReferralDetail) error {
		var paused int64
		err := rows.Scan(&d.ID, dbTime{&d.ReceivedAt}, &paused, dbTime{&d.PausedAt})
		d.Paused = time.Duration(paused) * time.Second
		return err
	}
	if !s.order.FromReferral {
		scan = func(rows scanner, d *care.ReferralDetail) error {
			d.Decision = care.DecisionAccepted
			return rows.Scan(&d.ID, dbTime{&d.ReceivedAt}, dbTime{&d.DecidedAt})
		}
	}
	return queryAll(ctx, s.tx, "waiting list", waitingStreamSQL(s.order, after != nil, chunk), args, scan)
}

// waitingStreamSQL reads one service's list in o's index order, after a
// row (its date twice, then its id) when after is set.
func waitingStreamSQL(o care.WaitOrder, after bool, chunk int) string {
	q, col := waitingByReferralSQL, "r.received_at"
	if !o.FromReferral {
		q, col = waitingByDecisionSQL, "r.decided_at"
	}
	// Longest first reads the oldest dates first; shortest first, the newest.
	cmpOp, dir := ">", ""
	if o.Shortest {
		cmpOp, dir = "<", " DESC"
	}
	if after {
		q += fmt.Sprintf(` AND %s %s= ? AND (%s %s ? OR r.id %s ?)`, col, cmpOp, col, cmpOp, cmpOp)
	}
	return q + fmt.Sprintf(` ORDER BY %s%s, r.id%s LIMIT %d`, col, dir, dir, chunk)
}

// undecided is the part of the list with no acceptance date to measure
// from: none, as the service accepts people today, but a referral moved
// onto the list some other way still shows, as waiting no days.
func (s waitStream) undecided(ctx context.Context) ([]care.ReferralDetail, error) {
	q, args := appendIn(waitingUndecidedSQL, nil, s.services)
	return queryAll(ctx, s.tx, "waiting list", q+`)`, args, func(rows scanner, d *care.ReferralDetail) error {
		var decision string
		err := rows.Scan(&d.ID, dbTime{&d.ReceivedAt}, &decision, dbTime{&d.DecidedAt})
		d.Decision = care.Decision(decision)
		return err
	})
}
