package store

import (
	"context"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// SetGoalStatus marks one of a person's goals achieved or set aside, or
// reopens it, if nobody has changed the goal since version was read;
// audited. Its ratings are kept whatever its status.
func (db *DB) SetGoalStatus(ctx context.Context, a auth.Actor, personID, goalID int64, version int, status string) error {
	return db.Update(ctx, func(tx *Tx) error {
		var g care.Goal
		err := tx.queryRow(ctx, `SELECT id, person_id, status, version FROM goals WHERE id = ?`, goalID).Scan(&g.ID, &g.PersonID, &g.Status, &g.Version)
		if err != nil {
			return notFound(err, "goal")
		}
		if g.PersonID != personID {
			return problem.Errorf(problem.NotFound, "No goal with that id for this person")
		}
		if g.Version != version {
			return problem.Errorf(problem.Conflict, "Someone else changed this goal while you were looking at it; reload to see what they changed")
		}
		if err := g.CheckStatusChange(status); err != nil {
			return err
		}
		now := tx.db.Now()
		res, err := tx.exec(ctx, `UPDATE goals SET status = ?, status_changed_at = ?, status_changed_by = ?, version = version + 1 WHERE id = ? AND version = ?`,
			status, now, nullID(a.User.ID), goalID, version)
		if err != nil {
			return fmt.Errorf("set status of goal %d: %w", goalID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.Errorf(problem.Conflict, "Someone else changed this goal while you were looking at it; reload to see what they changed")
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, personID, fmt.Sprintf("goal/%d", goalID)))
	})
}
