package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"throughline/internal/care"
)

// CrisisPlanState says whether a person has a crisis plan and when it was
// last saved, for the banner on every page of their record. It shows no
// content of the plan, so it is not audited on its own: the page it sits
// on is.
func (db *DB) CrisisPlanState(ctx context.Context, personID int64) (care.CrisisPlanState, error) {
	var s care.CrisisPlanState
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT updated_at FROM crisis_plans WHERE person_id = ?`), personID).Scan(dbTime{&s.Reviewed})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return s, nil
	case err != nil:
		return s, fmt.Errorf("crisis plan state of person %d: %w", personID, err)
	}
	s.Exists = true
	return s, nil
}
