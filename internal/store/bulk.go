package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"throughline/internal/care"
)

// Bulk loading: the demo region and importers write millions of rows.
//
// Bulk runs fn in one write transaction, like Update, in which every
// statement is prepared once and reused: parsing the same INSERT again for
// each of a million rows costs more than running it. The writes are the
// same validated, audited Tx methods as Update's (see batch.go); only the
// cost per statement changes.
//
// On SQLite the writer's page cache grows for the transaction: a batch of
// thousands of people touches more index pages than the default 2 MB
// holds, and every page that falls out is written to the WAL and read back
// again, so a load slowed down as the region grew. The cache shrinks again
// afterwards, so a server that loaded the demo does not keep it.
func (db *DB) Bulk(ctx context.Context, fn func(*Tx) error) error {
	if db.dialect == SQLite {
		// The writer is one connection, so these hold for the transaction.
		// Statement journals (the undo of one INSERT that fails a
		// constraint) go to memory rather than to a temporary file, which
		// cost a write system call for nearly every row.
		if err := db.pragmas(ctx, `PRAGMA cache_size = -`+bulkCacheKiB, `PRAGMA temp_store = MEMORY`); err != nil {
			return err
		}
	}
	// Callers may give statements context.WithoutCancel(ctx): the SQLite
	// driver starts a goroutine for each statement given a context that
	// can be cancelled, about a tenth of a load of millions of rows.
	// Cancelling ctx still stops the load at once, as database/sql rolls
	// back a transaction whose context is cancelled, and its next
	// statement fails (TestBulkStopsWhenCancelled).
	body := func(t *Tx) error {
		t.stmts = map[string]*sql.Stmt{}
		t.memo = newBulkMemo() // pgload (bulk_memo.go)
		err := fn(t)
		if err == nil {
			err = t.flushAudit(ctx)
		}
		if cerr := ctx.Err(); err != nil && cerr != nil {
			return fmt.Errorf("bulk: stopped: %w", cerr) // rather than "transaction has already been rolled back"
		}
		return err
	}
	var err error
	if db.dialect == Postgres && !db.copyTuning.off {
		err = db.bulkCopy(ctx, body) // pgcopy: COPY for the high-volume rows (bulk_copy.go)
	} else {
		err = db.run(ctx, db.write, false, body)
	}
	if db.dialect == SQLite {
		// Reset even when ctx was cancelled: the writer serves on.
		if rerr := db.pragmas(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`, `PRAGMA temp_store = DEFAULT`); err == nil {
			err = rerr
		}
	}
	return err
}

// pragmas sets SQLite pragmas on the writer's connection.
func (db *DB) pragmas(ctx context.Context, list ...string) error {
	for _, p := range list {
		if _, err := db.write.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("bulk: %s: %w", p, err)
		}
	}
	return nil
}

// bulkCacheKiB is the writer's page cache during a bulk transaction.
const bulkCacheKiB = "262144"

// maxPrepared bounds a bulk transaction's statement cache.
const maxPrepared = 256

// prepared is q prepared in a bulk transaction, or nil outside one (and
// when preparing fails, so that running q unprepared reports the error).
// The transaction closes its statements when it ends.
func (t *Tx) prepared(ctx context.Context, q string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	t.memo.written(q) // pgload: forget what q may change (bulk_memo.go)
	if t.copying() {
		t.copies.before(ctx, q) // pgcopy: rows q may read or depend on go first (bulk_copy.go)
	}
	if s, ok := t.stmts[q]; ok {
		return s
	}
	if len(t.stmts) >= maxPrepared {
		return nil // statements built per call (IN lists) are not worth keeping
	}
	s, err := t.tx.PrepareContext(ctx, t.db.rebind(q))
	if err != nil {
		return nil
	}
	t.stmts[q] = s
	return s
}

// NewReferralEvent is a step to add to a referral's timeline, for AddReferralEvents.
type NewReferralEvent struct {
	ReferralID int64
	Status     care.ReferralStatus
	At         time.Time
	UserID     int64 // 0 = nobody with an account
	Note       string
}

// eventsPerInsert bounds one multi-row INSERT: 5 values a row stays far
// below both databases' limits on bound values.
const eventsPerInsert = 200

// AddReferralEvents appends timeline steps, in order, as AddReferralEvent
// does one at a time, but many rows to a statement.
func (t *Tx) AddReferralEvents(ctx context.Context, evs []NewReferralEvent) error {
	if t.copying() { // pgcopy
		for _, e := range evs {
			if err := t.copyReferralEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	}
	for len(evs) > 0 {
		n := min(len(evs), eventsPerInsert)
		var q strings.Builder
		q.WriteString(`INSERT INTO referral_events (referral_id, at, status, user_id, note) VALUES `)
		args := make([]any, 0, 5*n)
		for i, e := range evs[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?)")
			args = append(args, e.ReferralID, e.At.UTC(), string(e.Status), nullID(e.UserID), e.Note)
		}
		if _, err := t.exec(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("add referral events: %w", err)
		}
		evs = evs[n:]
	}
	return nil
}
