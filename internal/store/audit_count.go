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
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM audit_pending`).Scan(&n); err != nil {
			return fmt.Errorf("pending audit events: %w", err)
		}
		waiting, err := tx.journalWaiting(ctx)
		n += waiting
		return err
	})
	return n, err
}
