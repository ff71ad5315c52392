package store

import (
	"context"
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
