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
// sealed are counted beside it, so the total costs the same at any size.
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
		return nil
	})
	return n, err
}
