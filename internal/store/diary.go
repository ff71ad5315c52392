package store

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/care"
)

// AppointmentRow is an appointment with the names a diary shows.
type AppointmentRow struct {
	care.Appointment
	PersonName string
	StaffNames string // comma-separated, in booking order of user id
}

// AppointmentFilter narrows a diary or a person's appointments.
type AppointmentFilter struct {
	PersonID   int64
	StaffID    int64
	ReferralID int64
	EpisodeID  int64
	From, To   time.Time // starts_at within [From, To), either may be zero
	Limit      int       // the first Limit by start time; 0 = 500, AllRows = every one (see MaxLimit)
}

// Appointments lists appointments by start time. Listing is not audited
// per person: the screens that call it audit the record they show.
func (db *DB) Appointments(ctx context.Context, f AppointmentFilter) ([]AppointmentRow, error) {
	q := `SELECT ` + appointmentColumns + `, p.given_name || ' ' || p.family_name,
		COALESCE((SELECT ` + db.groupConcat("u.display_name", "s.user_id") + ` FROM appointment_staff s JOIN users u ON u.id = s.user_id WHERE s.appointment_id = a.id), '')
		FROM appointments a JOIN people p ON p.id = a.person_id WHERE 1 = 1`
	var args []any
	for _, c := range []struct {
		col string
		v   int64
	}{{"a.person_id", f.PersonID}, {"a.referral_id", f.ReferralID}, {"a.episode_id", f.EpisodeID}} {
		if c.v != 0 {
			q, args = q+` AND `+c.col+` = ?`, append(args, c.v)
		}
	}
	if f.StaffID != 0 {
		q, args = q+` AND a.id IN (SELECT appointment_id FROM appointment_staff WHERE user_id = ?)`, append(args, f.StaffID)
	}
	if !f.From.IsZero() {
		q, args = q+` AND a.starts_at >= ?`, append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		q, args = q+` AND a.starts_at < ?`, append(args, f.To.UTC())
	}
	limit, err := limitOrAllSQL("appointments", f.Limit, 500)
	if err != nil {
		return nil, err
	}
	q += ` ORDER BY a.starts_at, a.id` + limit
	rows, err := queryAll(ctx, db, "list appointments", q, args, func(rows scanner, r *AppointmentRow) error {
		var kind, outcome string
		if err := rows.Scan(&r.ID, &r.PersonID, &r.ReferralID, &r.EpisodeID, &kind, dbTime{&r.StartsAt}, &r.Minutes, &r.Location, &r.Notes,
			&outcome, &r.OutcomeNote, dbTime{&r.OutcomeAt}, &r.Version, &r.PersonName, &r.StaffNames); err != nil {
			return err
		}
		r.Kind, r.Outcome = care.AppointmentKind(kind), care.Outcome(outcome)
		return nil
	})
	return notAllRows(rows, err, "appointments")
}

// groupConcat joins a column's values with ", " ordered by another column.
func (db *DB) groupConcat(col, orderBy string) string {
	if db.dialect == Postgres {
		return `string_agg(` + col + `, ', ' ORDER BY ` + orderBy + `)`
	}
	// SQLite concatenates in the order rows arrive; the subquery reads the
	// primary key (appointment_id, user_id) in order.
	return `group_concat(` + col + `, ', ')`
}

// TaskRow is a task with the person's name.
type TaskRow struct {
	care.Task
	PersonName   string
	AssigneeName string
}

// TaskFilter narrows a task list.
type TaskFilter struct {
	AssigneeID int64
	PersonID   int64
	TeamIDs    []int64 // tasks assigned to members of these teams
	OpenOnly   bool
	Limit      int // 0 = 500, AllRows = every one (see MaxLimit)
}

// taskWhere is the FROM and WHERE of a task listing filtered by f, with
// its arguments; a listing and its count share it.
func taskWhere(f TaskFilter) (string, []any) {
	q := ` FROM tasks t JOIN people p ON p.id = t.person_id JOIN users u ON u.id = t.assignee_id WHERE 1 = 1`
	var args []any
	if f.AssigneeID != 0 {
		q, args = q+` AND t.assignee_id = ?`, append(args, f.AssigneeID)
	}
	if f.PersonID != 0 {
		q, args = q+` AND t.person_id = ?`, append(args, f.PersonID)
	}
	if f.TeamIDs != nil {
		q += ` AND t.assignee_id IN (SELECT user_id FROM team_members WHERE team_id IN (0`
		q, args = appendIn(q, args, f.TeamIDs)
		q += `))`
	}
	if f.OpenOnly {
		q += ` AND t.done_at IS NULL`
	}
	return q, args
}

const taskColumns = `SELECT t.id, t.person_id, t.assignee_id, t.kind, t.title, t.due_on, COALESCE(t.appointment_id, 0), t.created_at, t.done_at, t.done_note, t.version,
		p.given_name || ' ' || p.family_name, u.display_name`

const taskOrder = ` ORDER BY CASE WHEN t.done_at IS NULL THEN 0 ELSE 1 END, t.due_on, t.id`

func scanTask(rows scanner, r *TaskRow) error {
	var due string
	if err := rows.Scan(&r.ID, &r.PersonID, &r.AssigneeID, &r.Kind, &r.Title, &due, &r.AppointmentID, dbTime{&r.CreatedAt}, dbTime{&r.DoneAt},
		&r.DoneNote, &r.Version, &r.PersonName, &r.AssigneeName); err != nil {
		return err
	}
	r.DueOn = parseDateText(due)
	return nil
}

// Tasks lists tasks, open ones first by due date.
func (db *DB) Tasks(ctx context.Context, f TaskFilter) ([]TaskRow, error) {
	where, args := taskWhere(f)
	limit, err := limitOrAllSQL("tasks", f.Limit, 500)
	if err != nil {
		return nil, err
	}
	rows, err := queryAll(ctx, db, "list tasks", taskColumns+where+taskOrder+limit, args, scanTask)
	return notAllRows(rows, err, "tasks")
}

// TasksPage is one page of the tasks f selects, open ones first by due
// date, with how many there are in all (f.Limit is not used).
func (db *DB) TasksPage(ctx context.Context, f TaskFilter, p Page) (Paged[TaskRow], error) {
	where, args := taskWhere(f)
	return readPage(ctx, db, p, "tasks", `SELECT COUNT(*)`+where, taskColumns+where+taskOrder, args, scanTask)
}

// TaskSummary is a worker's open tasks counted, and by name the first few
// that need attention: a check-in of the kind attentionKind, or overdue.
type TaskSummary struct {
	Open, Overdue, Attention int
	// AttentionRows are the first of the Attention tasks, earliest due first.
	AttentionRows []TaskRow
}

// OpenTaskSummary counts assigneeID's open tasks and those overdue at now,
// and names up to n of those needing attention, in one statement: the
// counts are window totals over every open task, so the home page reads
// at most n rows however many tasks a worker holds. Overdue is
// care.Task.Overdue: due before now's (UTC) date.
func (db *DB) OpenTaskSummary(ctx context.Context, assigneeID int64, now time.Time, attentionKind string, n int) (TaskSummary, error) {
	var out TaskSummary
	if n < 1 || n > MaxLimit {
		return out, fmt.Errorf("task summary: %d rows named, want 1 to %d", n, MaxLimit)
	}
	q, all := openTaskSummarySQL(assigneeID, now, attentionKind, n)
	rows, err := queryAll(ctx, db, "summarise tasks", q, all, func(rows scanner, r *summaryRow) error {
		var due string
		if err := rows.Scan(&r.ID, &r.PersonID, &r.AssigneeID, &r.Kind, &r.Title, &due, &r.AppointmentID, dbTime{&r.CreatedAt}, dbTime{&r.DoneAt},
			&r.DoneNote, &r.Version, &r.PersonName, &r.AssigneeName, &r.attention, &r.open, &r.overdue, &r.attentionTotal); err != nil {
			return err
		}
		r.DueOn = parseDateText(due)
		return nil
	})
	if err != nil {
		return out, err
	}
	for _, r := range rows {
		out.Open, out.Overdue, out.Attention = r.open, r.overdue, r.attentionTotal
		if r.attention == 1 {
			out.AttentionRows = append(out.AttentionRows, r.TaskRow)
		}
	}
	return out, nil
}

// openTaskSummarySQL is OpenTaskSummary's statement. The limit is written
// into its text, not bound: SQLite reads a bound LIMIT's value while
// planning an ORDER BY with it, so each run, binding it again, parsed and
// planned the statement afresh, half the read's time
// (TestOpenTaskSummaryIsNotPlannedAgain).
func openTaskSummarySQL(assigneeID int64, now time.Time, attentionKind string, n int) (string, []any) {
	where, args := taskWhere(TaskFilter{AssigneeID: assigneeID, OpenOnly: true})
	today := now.UTC().Format(time.DateOnly)
	overdue := `CASE WHEN t.due_on < ? THEN 1 ELSE 0 END`
	attention := `CASE WHEN t.due_on < ? OR t.kind = ? THEN 1 ELSE 0 END`
	q := taskColumns + `, ` + attention + `, COUNT(*) OVER (), SUM(` + overdue + `) OVER (), SUM(` + attention + `) OVER ()` + where +
		` ORDER BY ` + attention + ` DESC, t.due_on, t.id` + fmt.Sprintf(" LIMIT %d", n)
	all := append([]any{today, attentionKind, today, today, attentionKind}, args...)
	return q, append(all, today, attentionKind)
}

// summaryRow is a task with the window totals OpenTaskSummary reads beside it.
type summaryRow struct {
	TaskRow
	attention, open, overdue, attentionTotal int
}
