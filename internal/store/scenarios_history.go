package store

import (
	"context"
	"fmt"
	"time"
)

// DirectoryHistory lists every service's changes made at or after since,
// oldest first, for the gap over time. Its length grows with the
// directory's edits, not with referrals.
func (db *DB) DirectoryHistory(ctx context.Context, since time.Time) ([]ServiceChange, error) {
	return queryAll(ctx, db, "directory history", `SELECT id, service_id, at, user_id, username, action, summary, before, after
		FROM service_changes WHERE at >= ? ORDER BY at, id`, []any{since}, func(rows scanner, c *ServiceChange) error {
		return rows.Scan(&c.ID, &c.ServiceID, dbTime{&c.At}, &c.UserID, &c.Username, &c.Action, &c.Summary, &c.Before, &c.After)
	})
}

// DirectoryVersion is the newest change to the directory's services (0
// before any): stored figures that depend on the rules name it, so that
// a change to the rules is a new set of figures, not a stale one.
func (db *DB) DirectoryVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT COALESCE(MAX(id), 0) FROM service_changes`)).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("directory version: %w", err)
	}
	return v, nil
}
