package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/staff"
)

// TrainingCourses lists the catalogue by name; retired courses only when asked.
func (db *DB) TrainingCourses(ctx context.Context, withRetired bool) ([]staff.Course, error) {
	return queryAll(ctx, db, "training courses", `SELECT id, name, provider, lived_experience, renewal_months, modality, retired FROM training_courses
		WHERE ? OR NOT retired ORDER BY name, id`, []any{withRetired}, func(rows scanner, c *staff.Course) error {
		var le string
		err := rows.Scan(&c.ID, &c.Name, &c.Provider, &le, &c.RenewalMonths, &c.Modality, &c.Retired)
		c.LivedExperience = staff.LivedExperience(le)
		return err
	})
}

// AddTrainingCourse adds a course to the catalogue, audited.
func (db *DB) AddTrainingCourse(ctx context.Context, a auth.Actor, c *staff.Course) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM training_courses WHERE LOWER(name) = LOWER(?)`, c.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return invalidField("name", "There is already a course with that name")
		}
		err := tx.queryRow(ctx, `INSERT INTO training_courses (name, provider, lived_experience, renewal_months, modality, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.Name, c.Provider, string(c.LivedExperience), c.RenewalMonths, c.Modality, nullID(a.User.ID), tx.db.Now()).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("add course: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, 0, fmt.Sprintf("training-course/%d", c.ID)))
	})
}

func (tx *Tx) courseExists(ctx context.Context, id int64) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM training_courses WHERE id = ? AND NOT retired`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return invalidField("course", "Choose a course from the catalogue")
	}
	return nil
}

// RecordTrainingCompleted records that the signed-in member of staff
// completed a course on a day, audited.
func (db *DB) RecordTrainingCompleted(ctx context.Context, a auth.Actor, courseID int64, on time.Time) error {
	if on.IsZero() {
		return invalidField("completed_on", "Enter the date you completed it")
	}
	if on.After(staff.Today(db.Now())) {
		return invalidField("completed_on", "The date cannot be in the future")
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.courseExists(ctx, courseID); err != nil {
			return err
		}
		var id int64
		if err := tx.queryRow(ctx, `INSERT INTO training_records (user_id, course_id, status, completed_on, requested_at) VALUES (?, ?, 'completed', ?, ?) RETURNING id`,
			a.User.ID, courseID, dateText(on), tx.db.Now()).Scan(&id); err != nil {
			return fmt.Errorf("record training: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, 0, fmt.Sprintf("training/%d", id)))
	})
}

// RequestTraining asks, for the signed-in member of staff, to attend a
// course; a manager of one of their teams approves or declines.
func (db *DB) RequestTraining(ctx context.Context, a auth.Actor, courseID int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.courseExists(ctx, courseID); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM training_records WHERE user_id = ? AND course_id = ? AND status IN ('requested', 'approved')`, a.User.ID, courseID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return problem.Errorf(problem.Conflict, "You have already asked to attend this course")
		}
		var id int64
		if err := tx.queryRow(ctx, `INSERT INTO training_records (user_id, course_id, status, requested_at) VALUES (?, ?, 'requested', ?) RETURNING id`,
			a.User.ID, courseID, tx.db.Now()).Scan(&id); err != nil {
			return fmt.Errorf("request training: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, 0, fmt.Sprintf("training/%d/request", id)))
	})
}

// DecideTrainingRequest approves or declines a request from a member of
// one of the manager's teams, audited.
func (db *DB) DecideTrainingRequest(ctx context.Context, a auth.Actor, recordID int64, approve bool) error {
	return db.Update(ctx, func(tx *Tx) error {
		var userID int64
		var status string
		err := tx.queryRow(ctx, `SELECT user_id, status FROM training_records WHERE id = ?`, recordID).Scan(&userID, &status)
		if err != nil {
			return notFound(err, "training request")
		}
		teams, err := queryAll(ctx, tx, "requester's teams", `SELECT team_id FROM team_members WHERE user_id = ?`, []any{userID}, scanValue[int64])
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(teams, func(id int64) bool { return slices.Contains(a.User.TeamIDs, id) }) {
			return problem.Errorf(problem.NotFound, "No training request with that id in your teams")
		}
		if status != string(staff.Requested) {
			return problem.Errorf(problem.Conflict, "This request has already been answered")
		}
		to := staff.Declined
		if approve {
			to = staff.Approved
		}
		if _, err := tx.exec(ctx, `UPDATE training_records SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?`, string(to), a.User.ID, tx.db.Now(), recordID); err != nil {
			return err
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, 0, fmt.Sprintf("training/%d/%s", recordID, to)))
	})
}

// TrainingRecord is one request or completion, with names to show.
type TrainingRecord struct {
	ID          int64
	UserID      int64
	UserName    string
	CourseID    int64
	CourseName  string
	Status      staff.RecordStatus
	CompletedOn time.Time
	RequestedAt time.Time
}

func (db *DB) trainingRecords(ctx context.Context, where string, args []any) ([]TrainingRecord, error) {
	return queryAll(ctx, db, "training records", `SELECT r.id, r.user_id, u.display_name, r.course_id, c.name, r.status, r.completed_on, r.requested_at
		FROM training_records r JOIN users u ON u.id = r.user_id JOIN training_courses c ON c.id = r.course_id
		WHERE `+where+` ORDER BY r.requested_at DESC, r.id DESC LIMIT 500`, args, func(rows scanner, r *TrainingRecord) error {
		var status, done string
		err := rows.Scan(&r.ID, &r.UserID, &r.UserName, &r.CourseID, &r.CourseName, &status, &done, dbTime{&r.RequestedAt})
		r.Status, r.CompletedOn = staff.RecordStatus(status), parseDateText(done)
		return err
	})
}

// MyTraining lists one person's requests and completions, newest first.
func (db *DB) MyTraining(ctx context.Context, userID int64) ([]TrainingRecord, error) {
	return db.trainingRecords(ctx, `r.user_id = ?`, []any{userID})
}

// TrainingRequests lists requests waiting for an answer from members of the teams.
func (db *DB) TrainingRequests(ctx context.Context, teamIDs []int64) ([]TrainingRecord, error) {
	q, args := appendIn(`r.status = 'requested' AND r.user_id IN (SELECT user_id FROM team_members WHERE team_id IN (0`, nil, teamIDs)
	return db.trainingRecords(ctx, q+`))`, args)
}

// latestCompletions maps user and course to the latest completion date.
func (db *DB) latestCompletions(ctx context.Context, userIDs []int64) (map[[2]int64]time.Time, error) {
	out := map[[2]int64]time.Time{}
	q, args := appendIn(`SELECT user_id, course_id, MAX(completed_on) FROM training_records WHERE status = 'completed' AND user_id IN (0`, nil, userIDs)
	err := eachRow(ctx, db, "completions", q+`) GROUP BY user_id, course_id`, args, func(rows scanner) error {
		var u, c int64
		var done string
		if err := rows.Scan(&u, &c, &done); err != nil {
			return err
		}
		out[[2]int64{u, c}] = parseDateText(done)
		return nil
	})
	return out, err
}

// TrainingHoldings is what one worker holds today, by course: what an
// allocation checks the modality against.
func (db *DB) TrainingHoldings(ctx context.Context, userID int64, today time.Time) ([]staff.Course, map[int64]staff.Holding, error) {
	courses, err := db.TrainingCourses(ctx, false)
	if err != nil {
		return nil, nil, err
	}
	done, err := db.latestCompletions(ctx, []int64{userID})
	held := map[int64]staff.Holding{}
	for _, c := range courses {
		held[c.ID] = c.Hold(done[[2]int64{userID, c.ID}], today)
	}
	return courses, held, err
}

// invalidField is a one-field Invalid error.
func invalidField(field, msg string) error {
	var v problem.Validation
	v.Add(field, msg)
	return v.Err()
}
