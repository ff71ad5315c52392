package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// AddPlanComment stores what a person said about the version of their
// plan they were reading. A plan saved again since then gets a conflict,
// so a comment is never filed against a version the person did not see.
func (db *DB) AddPlanComment(ctx context.Context, a auth.Actor, c *care.PlanComment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		table := "care_plans"
		if c.Plan == care.PlanCrisis {
			table = "crisis_plans"
		}
		var version int
		err := tx.queryRow(ctx, `SELECT version FROM `+table+` WHERE id = ? AND person_id = ?`, c.PlanID, c.PersonID).Scan(&version)
		if err != nil {
			return notFound(err, c.Plan.Label())
		}
		if version != c.PlanVersion {
			return problem.Errorf(problem.Conflict, "Your %s was changed while you were reading it. Your words are still in the box: read the new version, then send them again", c.Plan.Label())
		}
		c.CreatedAt = tx.db.Now()
		c.Text = strings.TrimSpace(c.Text)
		err = tx.queryRow(ctx, `INSERT INTO plan_comments (person_id, plan, plan_id, plan_version, agreement, body, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.PersonID, string(c.Plan), c.PlanID, c.PlanVersion, string(c.Agreement), c.Text,
			nullID(a.User.ID), c.CreatedAt.UTC()).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert plan comment: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, c.PersonID, fmt.Sprintf("plan-comment/%d", c.ID)))
	})
}

// PlanComments lists what a person said about one of their plans (every
// plan when plan is empty), newest first. Not audited: the page showing
// them audits the record.
func (db *DB) PlanComments(ctx context.Context, personID int64, plan care.PlanKind) ([]care.PlanComment, error) {
	return queryAll(ctx, db, "list plan comments", `SELECT c.id, c.person_id, c.plan, c.plan_id, c.plan_version, c.agreement, c.body, c.created_at,
		c.read_at, COALESCE(u.display_name, '') FROM plan_comments c LEFT JOIN users u ON u.id = c.read_by
		WHERE c.person_id = ? AND (? = '' OR c.plan = ?) ORDER BY c.created_at DESC, c.id DESC`, []any{personID, string(plan), string(plan)},
		func(rows scanner, c *care.PlanComment) error {
			var kind, agreement string
			err := rows.Scan(&c.ID, &c.PersonID, &kind, &c.PlanID, &c.PlanVersion, &agreement, &c.Text, dbTime{&c.CreatedAt}, dbTime{&c.ReadAt}, &c.ReadBy)
			c.Plan, c.Agreement = care.PlanKind(kind), care.PersonAgreement(agreement)
			return err
		})
}

// MarkPlanCommentsSeen records that a worker has read the person's new
// comments on a plan, so they leave the team's home page.
func (db *DB) MarkPlanCommentsSeen(ctx context.Context, a auth.Actor, personID int64, plan care.PlanKind) (int, error) {
	var n int64
	err := db.Update(ctx, func(tx *Tx) error {
		now := tx.db.Now()
		res, err := tx.exec(ctx, `UPDATE plan_comments SET read_at = ?, read_by = ? WHERE person_id = ? AND plan = ? AND read_at IS NULL`,
			now, nullID(a.User.ID), personID, string(plan))
		if err != nil {
			return fmt.Errorf("mark plan comments seen: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, personID, "plan-comments/"+string(plan)))
	})
	return int(n), err
}

// UnreadComments is how many new comments one person has left on a plan.
type UnreadComments struct {
	PersonID   int64
	PersonName string
	Plan       care.PlanKind
	Count      int
}

// UnreadPlanComments lists, for a named worker, the people on their active
// caseload with comments no one has marked as seen: one statement, bounded
// by limit.
func (db *DB) UnreadPlanComments(ctx context.Context, workerID int64, limit int) ([]UnreadComments, error) {
	return queryAll(ctx, db, "unread plan comments", `SELECT c.person_id, p.given_name, p.preferred_name, p.family_name, c.plan, COUNT(*)
		FROM plan_comments c JOIN people p ON p.id = c.person_id
		WHERE c.read_at IS NULL AND EXISTS (SELECT 1 FROM episodes e WHERE e.person_id = c.person_id AND e.named_worker_id = ? AND e.ended_at IS NULL)
		GROUP BY c.person_id, p.given_name, p.preferred_name, p.family_name, c.plan
		ORDER BY MIN(c.created_at), c.person_id, c.plan LIMIT ?`, []any{workerID, limit},
		func(rows scanner, u *UnreadComments) error {
			var p care.Person
			var plan string
			err := rows.Scan(&u.PersonID, &p.GivenName, &p.PreferredName, &p.FamilyName, &plan, &u.Count)
			u.PersonName, u.Plan = p.DisplayName(), care.PlanKind(plan)
			return err
		})
}

// AddPortalRequest files what a person asked for as a task for their named
// worker (or, with no open episode, the first member of staff booked for
// the appointment it is about), due in two working days. The person's
// words go into the task as they wrote them.
func (db *DB) AddPortalRequest(ctx context.Context, a auth.Actor, r *care.PortalRequest, name string) error {
	return db.Update(ctx, func(tx *Tx) error {
		now := tx.db.Now()
		var ap *care.Appointment
		if r.Kind.AboutAppointment() && r.AppointmentID != 0 {
			got, err := tx.appointment(ctx, r.AppointmentID)
			if err != nil && problem.Code(err) != problem.NotFound {
				return err
			}
			if err == nil {
				ap = &got
			}
		}
		if err := r.Validate(ap, now); err != nil {
			return err
		}
		if !r.Kind.AboutAppointment() {
			r.AppointmentID = 0
		}
		assignee, err := tx.requestAssignee(ctx, r.PersonID, ap)
		if err != nil {
			return err
		}
		r.Text = strings.TrimSpace(r.Text)
		task := &care.Task{PersonID: r.PersonID, AssigneeID: assignee, Kind: care.TaskPortalRequest, Title: r.TaskTitle(name, ap),
			DueOn: care.AddWorkingDays(now, care.PortalRequestWorkingDays), CreatedAt: now}
		if err := tx.addTask(ctx, a, task); err != nil {
			return err
		}
		r.TaskID, r.CreatedAt = task.ID, now
		err = tx.queryRow(ctx, `INSERT INTO portal_requests (person_id, kind, appointment_id, body, task_id, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.PersonID, string(r.Kind), nullID(r.AppointmentID), r.Text, task.ID,
			nullID(a.User.ID), now.UTC()).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("insert portal request: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, r.PersonID, fmt.Sprintf("portal-request/%d", r.ID)))
	})
}

// requestAssignee is who a person's request goes to: the named worker of
// their most recent open episode, else someone booked for the appointment.
func (t *Tx) requestAssignee(ctx context.Context, personID int64, ap *care.Appointment) (int64, error) {
	var worker int64
	err := t.queryRow(ctx, `SELECT named_worker_id FROM episodes WHERE person_id = ? AND ended_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1`, personID).Scan(&worker)
	switch {
	case err == nil:
		return worker, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, fmt.Errorf("named worker of person %d: %w", personID, err)
	case ap != nil && len(ap.StaffIDs) > 0:
		return ap.StaffIDs[0], nil
	}
	return 0, problem.Errorf(problem.Conflict, "You do not have a named worker with us at the moment, so we cannot send this. Please phone the team instead")
}

// PortalRequests lists what a person has asked for, newest first, with
// whether a worker has dealt with it. Not audited: the page audits.
func (db *DB) PortalRequests(ctx context.Context, personID int64) ([]care.PortalRequest, error) {
	return queryAll(ctx, db, "list portal requests", `SELECT r.id, r.person_id, r.kind, COALESCE(r.appointment_id, 0), r.body, r.task_id, r.created_at,
		t.done_at, t.done_note FROM portal_requests r JOIN tasks t ON t.id = r.task_id
		WHERE r.person_id = ? ORDER BY r.created_at DESC, r.id DESC`, []any{personID},
		func(rows scanner, r *care.PortalRequest) error {
			var kind string
			err := rows.Scan(&r.ID, &r.PersonID, &kind, &r.AppointmentID, &r.Text, &r.TaskID, dbTime{&r.CreatedAt}, dbTime{&r.DoneAt}, &r.DoneNote)
			r.Kind = care.RequestKind(kind)
			return err
		})
}

// askedToCancel reports whether the person asked, from the portal, to
// cancel the appointment.
func (t *Tx) askedToCancel(ctx context.Context, appointmentID int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM portal_requests WHERE appointment_id = ? AND kind = ?`, appointmentID, string(care.RequestCancel)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("cancel requests for appointment %d: %w", appointmentID, err)
	}
	return n > 0, nil
}

// ActionPortalRequest closes the task a person's request made, with what
// the worker did. For a cancellation the person asked for, cancel is true
// and the appointment is recorded as cancelled by the person in the same
// transaction: never as missed.
func (db *DB) ActionPortalRequest(ctx context.Context, a auth.Actor, personID, taskID int64, cancel bool, note string) error {
	return db.Update(ctx, func(tx *Tx) error {
		var kind string
		var appointmentID int64
		var done sql.NullTime
		var version int
		err := tx.queryRow(ctx, `SELECT r.kind, COALESCE(r.appointment_id, 0), t.done_at, t.version FROM portal_requests r JOIN tasks t ON t.id = r.task_id
			WHERE r.task_id = ? AND r.person_id = ?`, taskID, personID).Scan(&kind, &appointmentID, &done, &version)
		if err != nil {
			return notFound(err, "request")
		}
		if done.Valid {
			return problem.Errorf(problem.Conflict, "This request has already been dealt with")
		}
		if cancel {
			if care.RequestKind(kind) != care.RequestCancel {
				return problem.Errorf(problem.Conflict, "Only a request to cancel can cancel the appointment")
			}
			ap, err := tx.appointment(ctx, appointmentID)
			if err != nil {
				return err
			}
			if _, err := tx.RecordOutcome(ctx, a, ap.ID, ap.Version, care.OutcomeCancelledByPerson, "Cancelled as the person asked, from their portal"); err != nil {
				return err
			}
			if strings.TrimSpace(note) == "" {
				note = "Cancelled the appointment as the person asked"
			}
		}
		task := care.Task{ID: taskID, Version: version}
		if err := task.ValidateDone(note); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE tasks SET done_at = ?, done_by = ?, done_note = ?, version = version + 1 WHERE id = ? AND version = ?`,
			tx.db.Now(), nullID(a.User.ID), strings.TrimSpace(note), taskID, version)
		if err != nil {
			return fmt.Errorf("complete task %d: %w", taskID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.Errorf(problem.Conflict, "Someone else dealt with this request while you were reading it; reload to see it")
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, personID, fmt.Sprintf("task/%d", taskID)))
	})
}

// RateOwnGoal records the person's own rating of one of their active goals.
func (db *DB) RateOwnGoal(ctx context.Context, a auth.Actor, personID int64, r *care.GoalRating) error {
	return db.Update(ctx, func(tx *Tx) error {
		var status string
		if err := tx.queryRow(ctx, `SELECT status FROM goals WHERE id = ? AND person_id = ?`, r.GoalID, personID).Scan(&status); err != nil {
			return notFound(err, "goal")
		}
		if status != care.GoalActive {
			return problem.Errorf(problem.Conflict, "This goal is no longer active, so it cannot be rated")
		}
		r.Source = "portal"
		if err := tx.insertRating(ctx, a, r); err != nil {
			return err
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, personID, fmt.Sprintf("goal/%d", r.GoalID)))
	})
}

// SaveOwnPreferences updates the parts of a person's record that are theirs
// to keep: the name they use, pronouns, communication and access needs and
// what helps them feel safe. The rest of the record stays as it was.
func (db *DB) SaveOwnPreferences(ctx context.Context, a auth.Actor, p care.OwnPreferences) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		person, err := scanPerson(tx.queryRow(ctx, `SELECT `+personColumns+` FROM people WHERE id = ?`, p.PersonID))
		if err != nil {
			return notFound(err, "person")
		}
		person.PreferredName, person.Pronouns = strings.TrimSpace(p.PreferredName), strings.TrimSpace(p.Pronouns)
		person.CommunicationNeeds, person.TraumaPreferences = strings.TrimSpace(p.CommunicationNeeds), strings.TrimSpace(p.TraumaPreferences)
		res, err := tx.exec(ctx, `UPDATE people SET preferred_name = ?, pronouns = ?, communication_needs = ?, trauma_preferences = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, person.PreferredName, person.Pronouns, person.CommunicationNeeds,
			person.TraumaPreferences, tx.db.Now(), p.PersonID, p.Version)
		if err != nil {
			return fmt.Errorf("update preferences of person %d: %w", p.PersonID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tx.staleOrMissing(ctx, "people", p.PersonID, "record")
		}
		if err := tx.saveNameWords(ctx, person, true); err != nil { // the preferred name is one of them
			return err
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, p.PersonID, "person/preferences"))
	})
}
