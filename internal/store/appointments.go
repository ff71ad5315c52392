package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// CreateAppointment books an appointment with its staff, audited.
func (t *Tx) CreateAppointment(ctx context.Context, a auth.Actor, ap *care.Appointment) error {
	now := t.db.Now()
	if ap.Minutes == 0 {
		ap.Minutes = 60
	}
	if err := ap.Validate(now); err != nil {
		return err
	}
	ap.Version, ap.Outcome = 1, care.OutcomeNone
	// The outcome's columns are named, with their defaults, so that in a
	// bulk load RecordOutcome can fill them in while the row waits for
	// COPY (bulk_memo.go).
	var err error
	ap.ID, err = t.insertID(ctx, `INSERT INTO appointments (person_id, referral_id, episode_id, kind, starts_at, minutes, location, notes, created_by, version, created_at, updated_at,
		outcome, outcome_note, outcome_at, outcome_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, '', '', NULL, NULL) RETURNING id`,
		ap.PersonID, nullID(ap.ReferralID), nullID(ap.EpisodeID), string(ap.Kind), ap.StartsAt.UTC(), ap.Minutes, ap.Location, ap.Notes,
		nullID(a.User.ID), now, now)
	if err != nil {
		return fmt.Errorf("insert appointment: %w", err)
	}
	seen := map[int64]bool{}
	for _, id := range ap.StaffIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := t.insertRow(ctx, `INSERT INTO appointment_staff (appointment_id, user_id) VALUES (?, ?)`, ap.ID, id); err != nil {
			return fmt.Errorf("add staff %d to appointment: %w", id, err)
		}
	}
	t.rememberBooked(*ap, slices.Sorted(maps.Keys(seen))) // pgload (bulk_memo.go)
	return t.audit(ctx, a.Event(auth.ActionCreate, ap.PersonID, fmt.Sprintf("appointment/%d", ap.ID)))
}

// CreateAppointment books an appointment in its own transaction.
func (db *DB) CreateAppointment(ctx context.Context, a auth.Actor, ap *care.Appointment) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.CreateAppointment(ctx, a, ap) })
}

const appointmentColumns = `a.id, a.person_id, COALESCE(a.referral_id, 0), COALESCE(a.episode_id, 0), a.kind, a.starts_at, a.minutes, a.location, a.notes,
	a.outcome, a.outcome_note, a.outcome_at, a.version`

func scanAppointment(s scanner, ap *care.Appointment) error {
	var kind, outcome string
	err := s.Scan(&ap.ID, &ap.PersonID, &ap.ReferralID, &ap.EpisodeID, &kind, dbTime{&ap.StartsAt}, &ap.Minutes, &ap.Location, &ap.Notes,
		&outcome, &ap.OutcomeNote, dbTime{&ap.OutcomeAt}, &ap.Version)
	ap.Kind, ap.Outcome = care.AppointmentKind(kind), care.Outcome(outcome)
	return err
}

// appointment reads one appointment with its staff, without auditing.
func (t *Tx) appointment(ctx context.Context, id int64) (care.Appointment, error) {
	var ap care.Appointment
	err := scanAppointment(t.queryRow(ctx, `SELECT `+appointmentColumns+` FROM appointments a WHERE a.id = ?`, id), &ap)
	if err != nil {
		return ap, notFound(err, "appointment")
	}
	ap.StaffIDs, err = queryAll(ctx, t, "appointment staff", `SELECT user_id FROM appointment_staff WHERE appointment_id = ? ORDER BY user_id`, []any{id}, scanValue[int64])
	return ap, err
}

// Appointment reads one appointment, audited as a view of the person's record.
func (db *DB) Appointment(ctx context.Context, a auth.Actor, id int64) (care.Appointment, error) {
	var ap care.Appointment
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		var err error
		if ap, err = tx.appointment(ctx, id); err != nil {
			return err
		}
		audit(a.Event(auth.ActionView, ap.PersonID, fmt.Sprintf("appointment/%d", id)))
		return nil
	})
	return ap, err
}

// RecordOutcome records what happened at an appointment if nobody has
// changed it since version was read. A did-not-attend never ends anyone's
// care: it creates a follow-up task for the named worker (or, before an
// episode, the first clinician booked), due in two working days, in the
// same transaction. The task is returned when one was created.
func (db *DB) RecordOutcome(ctx context.Context, a auth.Actor, id int64, version int, o care.Outcome, note string) (*care.Task, error) {
	var task *care.Task
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		task, err = tx.RecordOutcome(ctx, a, id, version, o, note)
		return err
	})
	return task, err
}

// RecordOutcome records an outcome inside a transaction; see DB.RecordOutcome.
func (t *Tx) RecordOutcome(ctx context.Context, a auth.Actor, id int64, version int, o care.Outcome, note string) (*care.Task, error) {
	// pgload: an appointment this bulk load has just booked needs no read
	// back, and nobody can have asked to cancel it (bulk_memo.go).
	ap, booked := t.booked(id)
	var err error
	if !booked {
		if ap, err = t.appointment(ctx, id); err != nil {
			return nil, err
		}
	}
	now := t.db.Now()
	if err := ap.ValidateOutcome(o, note, now); err != nil {
		return nil, err
	}
	// Portal: a cancellation the person asked for is never a missed appointment.
	asked := false
	if !booked {
		if asked, err = t.askedToCancel(ctx, id); err != nil {
			return nil, err
		}
	}
	if err := care.CheckOutcomeAfterRequest(o, asked); err != nil {
		return nil, err
	}
	set := outcomeChange{Outcome: string(o), Note: note, At: now, By: a.User.ID}
	if !t.amendBooked(id, version, set) {
		res, err := t.exec(ctx, `UPDATE appointments SET outcome = ?, outcome_note = ?, outcome_at = ?, outcome_by = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`, set.Outcome, set.Note, set.At, nullID(set.By), set.At, id, version)
		if err != nil {
			return nil, fmt.Errorf("record outcome of appointment %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil, problem.Errorf(problem.Conflict, "Someone else recorded this appointment while you were editing; reload to see what they recorded")
		}
	}
	t.outcomeRecorded(id, set)
	var task *care.Task
	if o == care.OutcomeDidNotAttend {
		if task, err = t.followUpMissed(ctx, a, ap, now); err != nil {
			return nil, err
		}
	}
	return task, t.audit(ctx, a.Event(auth.ActionUpdate, ap.PersonID, fmt.Sprintf("appointment/%d", id)))
}

// followUpMissed opens the follow-up task for a missed appointment, once.
func (t *Tx) followUpMissed(ctx context.Context, a auth.Actor, ap care.Appointment, now time.Time) (*care.Task, error) {
	existing, known := t.bookedFollowUp(ap.ID) // pgload (bulk_memo.go)
	if !known {
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM tasks WHERE appointment_id = ? AND kind = ?`, ap.ID, care.TaskFollowUp).Scan(&existing); err != nil {
			return nil, err
		}
	}
	if existing > 0 {
		return nil, nil
	}
	assignee := int64(0)
	if ap.EpisodeID != 0 {
		var person int64
		if err := t.lookup(ctx, "episodes", episodeOwnerSQL, []any{ap.EpisodeID}, &person, &assignee); err != nil {
			return nil, fmt.Errorf("named worker of episode %d: %w", ap.EpisodeID, err)
		}
	}
	if assignee == 0 && len(ap.StaffIDs) > 0 {
		assignee = ap.StaffIDs[0]
	}
	if assignee == 0 {
		assignee = a.User.ID
	}
	task := &care.Task{PersonID: ap.PersonID, AssigneeID: assignee, Kind: care.TaskFollowUp, Title: care.FollowUpTitle,
		DueOn: care.AddWorkingDays(ap.StartsAt, care.FollowUpWorkingDays), AppointmentID: ap.ID, CreatedAt: now}
	if err := t.addTask(ctx, a, task); err != nil {
		return nil, err
	}
	t.followedUp(ap.ID)
	return task, nil
}

// addTask adds a task for a worker, audited.
func (t *Tx) addTask(ctx context.Context, a auth.Actor, task *care.Task) error {
	if task.PersonID == 0 || task.AssigneeID == 0 || strings.TrimSpace(task.Title) == "" || task.DueOn.IsZero() {
		return problem.Errorf(problem.Invalid, "A task needs a person, someone to do it, a title and a due date")
	}
	if task.CreatedAt.IsZero() {
		task.CreatedAt = t.db.Now()
	}
	task.Version = 1
	var err error
	task.ID, err = t.insertID(ctx, `INSERT INTO tasks (person_id, assignee_id, kind, title, due_on, appointment_id, created_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
		task.PersonID, task.AssigneeID, task.Kind, task.Title, dateText(task.DueOn), nullID(task.AppointmentID), task.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert task: %w", err)
	}
	return t.audit(ctx, a.Event(auth.ActionCreate, task.PersonID, fmt.Sprintf("task/%d", task.ID)))
}

// CompleteTask marks a task done with what was done, audited.
func (db *DB) CompleteTask(ctx context.Context, a auth.Actor, id int64, version int, note string) error {
	return db.Update(ctx, func(tx *Tx) error {
		var task care.Task
		var due string
		err := tx.queryRow(ctx, `SELECT id, person_id, due_on, done_at, version FROM tasks WHERE id = ?`, id).
			Scan(&task.ID, &task.PersonID, &due, dbTime{&task.DoneAt}, &task.Version)
		if err != nil {
			return notFound(err, "task")
		}
		if err := task.ValidateDone(note); err != nil {
			return err
		}
		now := tx.db.Now()
		res, err := tx.exec(ctx, `UPDATE tasks SET done_at = ?, done_by = ?, done_note = ?, version = version + 1 WHERE id = ? AND version = ?`,
			now, nullID(a.User.ID), note, id, version)
		if err != nil {
			return fmt.Errorf("complete task %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.Errorf(problem.Conflict, "Someone else updated this task while you were editing; reload to see it")
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, task.PersonID, fmt.Sprintf("task/%d", id)))
	})
}
