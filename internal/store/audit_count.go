package store

import (
	"context"
	"fmt"
	"strings"
)

// AuditTotal is how many audit events f selects, ignoring f.BeforeSeq and
// f.Limit (the whole filtered log, not one page of it). With no filter it
// reads no event rows: the chain head's seq is the number of sealed events,
// since seqs run from 1 with no gaps, and the pending events not yet
// sealed, and on SQLite those still in the journal of reads' events, are
// counted beside it, so the total costs the same at any size.
func (db *DB) AuditTotal(ctx context.Context, f AuditFilter) (int, error) {
	var where []string
	var args []any
	if f.PersonID != 0 {
		where, args = append(where, "person_id = ?"), append(args, f.PersonID)
	}
	if f.UserID != 0 {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	q := `SELECT (SELECT seq FROM audit_head WHERE id = 1) + (SELECT COUNT(*) FROM audit_pending)`
	if len(where) > 0 {
		q = `SELECT COUNT(*) FROM audit_events WHERE ` + strings.Join(where, " AND ")
	}
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, q, args...).Scan(&n); err != nil {
			return fmt.Errorf("count audit events: %w", err)
		}
		if len(where) > 0 {
			return nil
		}
		waiting, err := tx.journalWaiting(ctx)
		n += int(waiting)
		return err
	})
	return n, err
}

// AuditWaiting is how many appended audit events are not yet sealed into
// the chain: those in audit_pending and, on SQLite, those in the journal
// of reads not yet moved there.
func (db *DB) AuditWaiting(ctx context.Context) (int64, error) {
	var n int64
	err := db.view(ctx, func(tx *Tx) (err error) {
		n, err = tx.waiting(ctx)
		return err
	})
	return n, err
}

// waiting counts the events in t's snapshot not yet sealed: audit_pending
// and the journal beyond its mark.
func (t *Tx) waiting(ctx context.Context) (int64, error) {
	var n int64
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM audit_pending`).Scan(&n); err != nil {
		return 0, fmt.Errorf("pending audit events: %w", err)
	}
	journaled, err := t.journalWaiting(ctx)
	return n + journaled, err
}
