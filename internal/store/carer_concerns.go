package store

import (
	"context"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
)

// AddCarerConcern records a carer's concern and opens a task for the
// person's named worker (or, with no open episode, for whoever gave the
// carer their sign-in), so it reaches someone who knows the person.
func (db *DB) AddCarerConcern(ctx context.Context, a auth.Actor, c care.Carer, concern *care.CarerConcern) error {
	concern.CarerID, concern.PersonID, concern.CarerName = c.ID, c.PersonID, c.Name
	if err := concern.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		now := tx.db.Now()
		var worker int64
		err := tx.queryRow(ctx, `SELECT COALESCE((SELECT named_worker_id FROM episodes WHERE person_id = ? AND ended_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1),
			(SELECT created_by FROM carer_accounts WHERE carer_id = ?), 0)`, c.PersonID, c.ID).Scan(&worker)
		if err != nil {
			return fmt.Errorf("who reads a carer's concern: %w", err)
		}
		if worker == 0 {
			return fmt.Errorf("carer %d: nobody to read their concern", c.ID)
		}
		task := &care.Task{PersonID: c.PersonID, AssigneeID: worker, Kind: care.TaskCarerConcern, Title: care.CarerConcernTitle(c),
			DueOn: care.AddWorkingDays(now, 1), CreatedAt: now}
		if err := tx.addTask(ctx, a, task); err != nil {
			return err
		}
		concern.TaskID, concern.CreatedAt = task.ID, now
		err = tx.queryRow(ctx, `INSERT INTO carer_concerns (carer_id, person_id, text, task_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			c.ID, c.PersonID, concern.Text, task.ID, now).Scan(&concern.ID)
		if err != nil {
			return fmt.Errorf("insert carer concern: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, c.PersonID, fmt.Sprintf("carer-concern/%d", concern.ID)))
	})
}

// CarerConcerns lists the concerns carers raised about a person, newest
// first. The carers page that shows them audits the view.
func (db *DB) CarerConcerns(ctx context.Context, personID int64) ([]care.CarerConcern, error) {
	return queryAll(ctx, db, "carer concerns", `SELECT cc.id, cc.carer_id, c.name, cc.person_id, cc.text, COALESCE(cc.task_id, 0), cc.created_at
		FROM carer_concerns cc JOIN carers c ON c.id = cc.carer_id WHERE cc.person_id = ? ORDER BY cc.created_at DESC, cc.id DESC LIMIT 100`, []any{personID},
		func(rows scanner, x *care.CarerConcern) error {
			return rows.Scan(&x.ID, &x.CarerID, &x.CarerName, &x.PersonID, &x.Text, &x.TaskID, dbTime{&x.CreatedAt})
		})
}
