package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Stored aggregates: a report too costly to compute on every request is
// computed in the background, by one process at a time, and every process
// reads the stored figures (migration 0034). The figures are raw, before
// disclosure control: the page discloses them as it renders.

// AggregateResult is one report for one set of parameters as stored.
type AggregateResult struct {
	Report, Params string
	// Figures are the raw figures as the web layer encoded them; nil
	// until first computed.
	Figures    []byte
	ComputedAt time.Time // the moment the figures describe
	Took       time.Duration
	Source     string // what the figures were computed from, in words
	WantedAt   time.Time
	ReadAt     time.Time
	RefreshAt  time.Time // when someone last asked for a refresh now; zero if never
	ClaimedBy  string    // the process computing it now, if any
	Until      time.Time // when that claim runs out
	Failure    string    // the last computation's error, until one succeeds
	FailedAt   time.Time
}

// Ready reports whether the figures have been computed at least once.
func (r AggregateResult) Ready() bool { return r.Figures != nil }

// RefreshPending reports whether a refresh was asked for after the
// figures were computed (or at the same moment: which came first is not
// known, so it is computed again).
func (r AggregateResult) RefreshPending() bool {
	return !r.RefreshAt.IsZero() && (r.ComputedAt.IsZero() || !r.RefreshAt.Before(r.ComputedAt))
}

// AggregatePolicy says which stored aggregates are due for computing.
type AggregatePolicy struct {
	Every time.Duration // figures older than this are refreshed
	Keep  time.Duration // a set nobody has read for this long is no longer refreshed
	Retry time.Duration // after a failure, wait this long before trying again
	Lease time.Duration // a claim runs out after this; a computation must end well within it
}

// Due reports whether r should be computed at now.
func (p AggregatePolicy) Due(r AggregateResult, now time.Time) bool { return p.due(r, now) >= 0 }

// due reports whether r should be computed now, and how urgently: 0 never
// computed, 1 refresh asked for, 2 stale; -1 not due.
func (p AggregatePolicy) due(r AggregateResult, now time.Time) int {
	switch {
	case r.ClaimedBy != "" && now.Before(r.Until):
		return -1
	case !r.FailedAt.IsZero() && now.Before(r.FailedAt.Add(p.Retry)) && !(r.RefreshPending() && r.RefreshAt.After(r.FailedAt)):
		return -1
	case now.Sub(r.ReadAt) >= p.Keep && !r.RefreshPending():
		return -1 // nobody is looking: computed when next read
	case !r.Ready():
		return 0
	case r.RefreshPending():
		return 1
	case now.Sub(r.ComputedAt) >= p.Every:
		return 2
	}
	return -1
}

const aggregateColumns = `report, params, figures, computed_at, took_ms, source, wanted_at, read_at, refresh_at, claimed_by, claimed_until, failure, failed_at`

func scanAggregate(rows scanner, r *AggregateResult) error {
	var figures sql.NullString
	var took int64
	if err := rows.Scan(&r.Report, &r.Params, &figures, dbTime{&r.ComputedAt}, &took, &r.Source, dbTime{&r.WantedAt}, dbTime{&r.ReadAt},
		dbTime{&r.RefreshAt}, &r.ClaimedBy, dbTime{&r.Until}, &r.Failure, dbTime{&r.FailedAt}); err != nil {
		return err
	}
	if figures.Valid {
		r.Figures = []byte(figures.String)
	}
	r.Took = time.Duration(took) * time.Millisecond
	return nil
}

// StoredAggregate reads one report's stored result; ok is false when
// nobody has asked for this set of parameters yet.
func (db *DB) StoredAggregate(ctx context.Context, report, params string) (AggregateResult, bool, error) {
	rs, err := queryAll(ctx, db, "stored aggregate", `SELECT `+aggregateColumns+` FROM aggregate_results WHERE report = ? AND params = ?`,
		[]any{report, params}, scanAggregate)
	if err != nil || len(rs) == 0 {
		return AggregateResult{}, false, err
	}
	return rs[0], true, nil
}

// WantAggregate records that a page showed or asked for one set of
// parameters at now, adding it to the sets kept fresh if it is new.
func (db *DB) WantAggregate(ctx context.Context, report, params string, now time.Time) error {
	now = dbNow(now)
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO aggregate_results (report, params, wanted_at, read_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (report, params) DO UPDATE SET read_at = excluded.read_at`, report, params, now, now)
		if err != nil {
			return fmt.Errorf("want aggregate %s %s: %w", report, params, err)
		}
		return nil
	})
}

// DropUnreadAggregates removes the stored sets nobody has read since
// before, neither a page nor the default views (which are wanted every
// minute), unless a process holds one at now. Sets are made per period,
// locality and version of the directory's rules, and at region scale
// one can be megabytes: without this, old ones would pile up for ever.
// It reports how many it removed.
func (db *DB) DropUnreadAggregates(ctx context.Context, before, now time.Time) (int64, error) {
	res, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM aggregate_results WHERE read_at < ? AND (claimed_until IS NULL OR claimed_until < ?)`),
		dbNow(before), dbNow(now))
	if err != nil {
		return 0, fmt.Errorf("drop unread aggregates: %w", err)
	}
	return res.RowsAffected()
}

// RefreshAggregate asks for one set of parameters to be computed again as
// soon as a process is free: it is queued, never computed in the request.
func (db *DB) RefreshAggregate(ctx context.Context, report, params string, now time.Time) error {
	now = dbNow(now)
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO aggregate_results (report, params, wanted_at, read_at, refresh_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (report, params) DO UPDATE SET read_at = excluded.read_at, refresh_at = excluded.refresh_at`, report, params, now, now, now)
		if err != nil {
			return fmt.Errorf("refresh aggregate %s %s: %w", report, params, err)
		}
		return nil
	})
}

// Reports whose stored figures a change to the data they count queues
// for a refresh in the same transaction.
const (
	AggregateJourneys = "journeys"
)

// refreshAggregates queues every stored set of one report for a refresh:
// a change its figures count was just made.
func (t *Tx) refreshAggregates(ctx context.Context, report string) error {
	if _, err := t.exec(ctx, `UPDATE aggregate_results SET refresh_at = ? WHERE report = ?`, dbNow(t.db.Now()), report); err != nil {
		return fmt.Errorf("queue a refresh of %s: %w", report, err)
	}
	return nil
}

// AggregateClaim is one process's claim on computing one stored aggregate.
type AggregateClaim struct {
	Report, Params, Worker string
	Until                  time.Time
}

// ErrAggregateClaimLost says a computation's claim ran out and another
// process took the work over: its figures are not stored.
var ErrAggregateClaimLost = errors.New("the claim on this aggregate was lost")

// ClaimDueAggregate claims the most urgent stored aggregate that is due
// under p at now, for worker. The claim is an UPDATE conditional on the
// row being unclaimed (or its claim run out), so when two processes race
// for a row only one takes it; ok is false when nothing is due or every
// due row went to another process.
func (db *DB) ClaimDueAggregate(ctx context.Context, worker string, now time.Time, p AggregatePolicy) (AggregateClaim, bool, error) {
	now = dbNow(now)
	rs, err := queryAll(ctx, db, "aggregates due", `SELECT report, params, CASE WHEN figures IS NULL THEN NULL ELSE '' END, computed_at, took_ms, source, wanted_at, read_at, refresh_at, claimed_by, claimed_until, failure, failed_at
		FROM aggregate_results ORDER BY wanted_at, report, params`, nil, scanAggregate)
	if err != nil {
		return AggregateClaim{}, false, err
	}
	// Only whether figures exist is read: not every row's whole JSON.
	for urgency := 0; urgency <= 2; urgency++ {
		for _, r := range rs {
			if p.due(r, now) != urgency {
				continue
			}
			c, ok, err := db.ClaimAggregateIfDue(ctx, r.Report, r.Params, worker, now, p)
			if err != nil || ok {
				return c, ok, err
			}
		}
	}
	return AggregateClaim{}, false, nil
}

// ClaimAggregateIfDue claims one set of parameters if it is still due
// under p at now, read again in the claiming transaction (locked on
// PostgreSQL): a set another process computed and released between the
// caller's read and this claim is not computed twice.
func (db *DB) ClaimAggregateIfDue(ctx context.Context, report, params, worker string, now time.Time, p AggregatePolicy) (AggregateClaim, bool, error) {
	now = dbNow(now)
	c := AggregateClaim{Report: report, Params: params, Worker: worker, Until: now.Add(p.Lease)}
	ok := false
	err := db.Update(ctx, func(tx *Tx) error {
		q := `SELECT ` + aggregateColumns + ` FROM aggregate_results WHERE report = ? AND params = ?`
		if db.dialect == Postgres {
			q += ` FOR UPDATE`
		}
		rs, err := queryAll(ctx, tx, "stored aggregate", q, []any{report, params}, scanAggregate)
		if err != nil || len(rs) == 0 || p.due(rs[0], now) < 0 {
			return err
		}
		ok, err = tx.claimAggregate(ctx, c, now)
		return err
	})
	return c, err == nil && ok, err
}

// ClaimAggregate claims one set of parameters whatever its age; ok is
// false when another process holds it. The service claims through
// ClaimAggregateIfDue; this is for tests standing in for another process
// that is computing a set.
func (db *DB) ClaimAggregate(ctx context.Context, report, params, worker string, now time.Time, lease time.Duration) (AggregateClaim, bool, error) {
	now = dbNow(now)
	c := AggregateClaim{Report: report, Params: params, Worker: worker, Until: now.Add(lease)}
	ok := false
	err := db.Update(ctx, func(tx *Tx) (err error) {
		ok, err = tx.claimAggregate(ctx, c, now)
		return err
	})
	return c, err == nil && ok, err
}

// claimAggregate takes c's row unless another process holds it.
func (t *Tx) claimAggregate(ctx context.Context, c AggregateClaim, now time.Time) (bool, error) {
	res, err := t.exec(ctx, `UPDATE aggregate_results SET claimed_by = ?, claimed_until = ?
		WHERE report = ? AND params = ? AND (claimed_by = '' OR claimed_until IS NULL OR claimed_until < ?)`, c.Worker, c.Until, c.Report, c.Params, now)
	if err != nil {
		return false, fmt.Errorf("claim aggregate %s %s: %w", c.Report, c.Params, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SaveAggregate stores the figures a claim computed, as of computedAt,
// and releases the claim. It fails with ErrAggregateClaimLost when the
// claim ran out and another process took the row.
func (db *DB) SaveAggregate(ctx context.Context, c AggregateClaim, figures []byte, computedAt time.Time, took time.Duration, source string) error {
	return db.releaseAggregate(ctx, c, `UPDATE aggregate_results SET figures = ?, computed_at = ?, took_ms = ?, source = ?, failure = '', failed_at = NULL,
		claimed_by = '', claimed_until = NULL WHERE report = ? AND params = ? AND claimed_by = ? AND claimed_until = ?`,
		string(figures), dbNow(computedAt), took.Milliseconds(), source)
}

// FailAggregate records why a claim's computation failed and releases it;
// the figures stored before, if any, stay as they were.
func (db *DB) FailAggregate(ctx context.Context, c AggregateClaim, failure string, now time.Time) error {
	return db.releaseAggregate(ctx, c, `UPDATE aggregate_results SET failure = ?, failed_at = ?, claimed_by = '', claimed_until = NULL
		WHERE report = ? AND params = ? AND claimed_by = ? AND claimed_until = ?`, failure, dbNow(now))
}

// ReleaseAggregate gives a claim back unfinished (the process is
// stopping), so another process may take the work at once.
func (db *DB) ReleaseAggregate(ctx context.Context, c AggregateClaim) error {
	return db.releaseAggregate(ctx, c, `UPDATE aggregate_results SET claimed_by = '', claimed_until = NULL
		WHERE report = ? AND params = ? AND claimed_by = ? AND claimed_until = ?`)
}

func (db *DB) releaseAggregate(ctx context.Context, c AggregateClaim, q string, set ...any) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, q, append(set, c.Report, c.Params, c.Worker, c.Until)...)
		if err != nil {
			return fmt.Errorf("store aggregate %s %s: %w", c.Report, c.Params, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("store aggregate %s %s: %w", c.Report, c.Params, ErrAggregateClaimLost)
		}
		return nil
	})
}

// dbNow is a time as both databases keep it: UTC, to the microsecond
// (PostgreSQL's precision), so a time written and read back compares equal.
func dbNow(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
