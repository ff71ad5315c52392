package store

import (
	"context"
	"database/sql"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// RecordOutreach records an attempt to get back in touch with a person,
// audited.
func (t *Tx) RecordOutreach(ctx context.Context, a auth.Actor, o *care.OutreachAttempt) error {
	if err := o.Validate(t.db.Now()); err != nil {
		return err
	}
	if o.RecordedBy == 0 {
		o.RecordedBy = a.User.ID
	}
	var err error
	o.ID, err = t.insertID(ctx, `INSERT INTO outreach_attempts (person_id, episode_id, task_id, at, method, outcome, note, recorded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		o.PersonID, nullID(o.EpisodeID), nullID(o.TaskID), o.At.UTC(), string(o.Method), string(o.Outcome), o.Note, nullID(o.RecordedBy), t.db.Now())
	if err != nil {
		return fmt.Errorf("insert outreach attempt: %w", err)
	}
	return t.audit(ctx, a.Event(auth.ActionCreate, o.PersonID, fmt.Sprintf("outreach/%d", o.ID)))
}

// RecordOutreach records an attempt in its own transaction.
func (db *DB) RecordOutreach(ctx context.Context, a auth.Actor, o *care.OutreachAttempt) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.RecordOutreach(ctx, a, o) })
}

// CompleteFollowUp records the outreach that follows up a task and marks
// the task done with the attempt's note, in one transaction. The task must
// belong to personID (the person whose record the caller may see). Stale
// versions are a conflict; nothing is saved then.
func (db *DB) CompleteFollowUp(ctx context.Context, a auth.Actor, personID, taskID int64, version int, o *care.OutreachAttempt) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.CompleteFollowUp(ctx, a, personID, taskID, version, o) })
}

// CompleteFollowUp completes a follow-up inside a transaction; see DB.CompleteFollowUp.
func (tx *Tx) CompleteFollowUp(ctx context.Context, a auth.Actor, personID, taskID int64, version int, o *care.OutreachAttempt) error {
	var task care.Task
	var episodeID int64
	err := tx.queryRow(ctx, `SELECT t.id, t.person_id, t.done_at, t.version, COALESCE(ap.episode_id, 0)
		FROM tasks t LEFT JOIN appointments ap ON ap.id = t.appointment_id WHERE t.id = ?`, taskID).
		Scan(&task.ID, &task.PersonID, dbTime{&task.DoneAt}, &task.Version, &episodeID)
	if err != nil || task.PersonID != personID {
		return notFound(orNoRows(err), "task")
	}
	if task.Done() {
		return problem.Errorf(problem.Conflict, "This task is already done")
	}
	o.PersonID, o.TaskID = personID, taskID
	if o.EpisodeID == 0 {
		o.EpisodeID = episodeID
	}
	if err := tx.RecordOutreach(ctx, a, o); err != nil {
		return err
	}
	note := o.Method.Label() + ", " + o.Outcome.Label() + ": " + o.Note
	res, err := tx.exec(ctx, `UPDATE tasks SET done_at = ?, done_by = ?, done_note = ?, version = version + 1 WHERE id = ? AND version = ?`,
		tx.db.Now(), nullID(a.User.ID), note, taskID, version)
	if err != nil {
		return fmt.Errorf("complete task %d: %w", taskID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return problem.Errorf(problem.Conflict, "Someone else updated this task while you were editing; reload to see it")
	}
	return tx.audit(ctx, a.Event(auth.ActionUpdate, personID, fmt.Sprintf("task/%d", taskID)))
}

// OutreachRow is an attempt with the name of who recorded it.
type OutreachRow struct {
	care.OutreachAttempt
	RecordedByName string
}

// OutreachAttempts lists a person's outreach attempts, newest first. Not
// audited: the screen that shows them audits the record.
func (db *DB) OutreachAttempts(ctx context.Context, personID int64) ([]OutreachRow, error) {
	return queryAll(ctx, db, "list outreach attempts", `SELECT o.id, o.person_id, COALESCE(o.episode_id, 0), COALESCE(o.task_id, 0), o.at, o.method, o.outcome, o.note,
		COALESCE(o.recorded_by, 0), COALESCE(u.display_name, '')
		FROM outreach_attempts o LEFT JOIN users u ON u.id = o.recorded_by WHERE o.person_id = ? ORDER BY o.at DESC, o.id DESC`, []any{personID}, func(rows scanner, r *OutreachRow) error {
		var method, outcome string
		if err := rows.Scan(&r.ID, &r.PersonID, &r.EpisodeID, &r.TaskID, dbTime{&r.At}, &method, &outcome, &r.Note, &r.RecordedBy, &r.RecordedByName); err != nil {
			return err
		}
		r.Method, r.Outcome = care.OutreachMethod(method), care.OutreachOutcome(outcome)
		return nil
	})
}

// orNoRows treats a row that was found but belongs elsewhere as missing,
// so a record cannot be reached through another person's address.
func orNoRows(err error) error {
	if err == nil {
		return sql.ErrNoRows
	}
	return err
}
