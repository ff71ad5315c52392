package store

import (
	"context"
	"fmt"
)

// Analyze refreshes the query planner's statistics. A bulk load (the demo,
// an import) changes the shape of the data faster than either database
// notices: without statistics SQLite picked, for a team's newest open
// referrals, the index that reads every referral the service ever had
// over the one made for open referrals (TestPlannerUsesStatistics).
func (db *DB) Analyze(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("refresh planner statistics: %w", err)
	}
	return nil
}
