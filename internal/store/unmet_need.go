package store

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/uktime"
)

// CountUnmetNeed counts p, a profile no non-crisis service accepts, once
// per asker per UK day: asker is an opaque key the caller derives (never
// an address). It reports whether this call was counted; a repeat the same
// day is not, and is not an error.
func (db *DB) CountUnmetNeed(ctx context.Context, p directory.Profile, asker string) (bool, error) {
	if len(p.Missing()) > 0 {
		return false, problem.Errorf(problem.Invalid, "an unmet-need profile needs every dimension")
	}
	if asker == "" || len(asker) > 200 {
		return false, fmt.Errorf("unmet need: asker key must be 1 to 200 characters")
	}
	now := uktime.In(db.Now())
	day, month := now.Format(time.DateOnly), now.Format("2006-01")
	counted := false
	err := db.Update(ctx, func(t *Tx) error {
		if _, err := t.exec(ctx, `DELETE FROM unmet_need_askers WHERE day < ?`, day); err != nil {
			return fmt.Errorf("unmet need askers: %w", err)
		}
		res, err := t.exec(ctx, `INSERT INTO unmet_need_askers (day, asker) VALUES (?, ?) ON CONFLICT (day, asker) DO NOTHING`, day, asker)
		if err != nil {
			return fmt.Errorf("unmet need asker: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO unmet_need (month, profile, n) VALUES (?, ?, 1)
			ON CONFLICT (month, profile) DO UPDATE SET n = unmet_need.n + 1`, month, p.String()); err != nil {
			return fmt.Errorf("unmet need: %w", err)
		}
		counted = true
		return nil
	})
	return counted, err
}

// UnmetNeedSince is how many times profiles matching no non-crisis
// service were counted from month (YYYY-MM) on: a true count, to be
// disclosed by the caller.
func (db *DB) UnmetNeedSince(ctx context.Context, month string) (int, error) {
	var n int
	err := db.view(ctx, func(t *Tx) error {
		return t.queryRow(ctx, `SELECT COALESCE(SUM(n), 0) FROM unmet_need WHERE month >= ?`, month).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("unmet need: %w", err)
	}
	return n, nil
}
