package store

import (
	"context"

	"throughline/internal/care"
)

// CarePlanNoAudit reads an episode's care plan without auditing, for the
// care plan page, which audits its view itself through the web's audit
// gate (the same event CarePlan records), so the commit runs while the
// page renders instead of before.
func (db *DB) CarePlanNoAudit(ctx context.Context, episodeID int64) (care.CarePlan, error) {
	var p care.CarePlan
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.carePlan(ctx, episodeID)
		return err
	})
	return p, err
}
