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

// CreateReflectiveGroup sets up a reflective-practice group in one of the
// manager's teams, audited. The usual facilitator may come from another
// team (an outside facilitator is common) but must be enabled staff.
func (db *DB) CreateReflectiveGroup(ctx context.Context, a auth.Actor, g *staff.ReflectiveGroup) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if a.User.Role != auth.TeamManager || !slices.Contains(a.User.TeamIDs, g.TeamID) {
		return invalidField("team", "Choose a team you manage")
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.checkStaffMember(ctx, g.FacilitatorID, 0, "facilitator", "Choose a member of staff as facilitator"); err != nil {
			return err
		}
		err := tx.queryRow(ctx, `INSERT INTO reflective_groups (team_id, name, facilitator_id, frequency, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			g.TeamID, g.Name, g.FacilitatorID, string(g.Frequency), nullID(a.User.ID), tx.db.Now()).Scan(&g.ID)
		if err != nil && isUniqueViolation(err) {
			return invalidField("name", "The team already has a group with this name")
		}
		if err != nil {
			return fmt.Errorf("insert reflective group: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, 0, fmt.Sprintf("reflective-group/%d", g.ID)))
	})
}

// checkStaffMember refuses anyone who is not enabled care staff, and when
// teamID is set, anyone outside that team.
func (t *Tx) checkStaffMember(ctx context.Context, userID, teamID int64, field, msg string) error {
	q := `SELECT COUNT(*) FROM users u WHERE u.id = ? AND NOT u.disabled AND u.role IN ('clinician', 'peer-worker', 'team-manager')`
	args := []any{userID}
	if teamID != 0 {
		q += ` AND EXISTS (SELECT 1 FROM team_members tm WHERE tm.user_id = u.id AND tm.team_id = ?)`
		args = append(args, teamID)
	}
	var n int
	if err := t.queryRow(ctx, q, args...).Scan(&n); err != nil {
		return fmt.Errorf("check staff member: %w", err)
	}
	if n == 0 {
		return invalidField(field, msg)
	}
	return nil
}

// ReflectiveGroupRow is a group as the pages show it.
type ReflectiveGroupRow struct {
	staff.ReflectiveGroup
	TeamName, FacilitatorName string
	Sessions                  int       // held in the last twelve months
	Attendances               int       // attendances at those, facilitators included
	Last                      time.Time // zero when none held
}

// AverageAttendance is the mean number at a session, in words.
func (g ReflectiveGroupRow) AverageAttendance() string {
	if g.Sessions == 0 {
		return "No sessions yet"
	}
	return fmt.Sprintf("%.1f a session", float64(g.Attendances)/float64(g.Sessions))
}

const reflectiveGroupSelect = `SELECT g.id, g.team_id, g.name, g.facilitator_id, g.frequency, t.name, u.display_name
	FROM reflective_groups g JOIN teams t ON t.id = g.team_id JOIN users u ON u.id = g.facilitator_id `

func scanReflectiveGroup(rows scanner, g *ReflectiveGroupRow) error {
	var freq string
	err := rows.Scan(&g.ID, &g.TeamID, &g.Name, &g.FacilitatorID, &freq, &g.TeamName, &g.FacilitatorName)
	g.Frequency = staff.Frequency(freq)
	return err
}

// ReflectiveGroups lists the groups of the teams, and those the user
// usually facilitates (often from outside the team), by team and name,
// with their sessions and attendance over the twelve months to today.
func (db *DB) ReflectiveGroups(ctx context.Context, userID int64, teamIDs []int64, today time.Time) ([]ReflectiveGroupRow, error) {
	q, args := appendIn(reflectiveGroupSelect+`WHERE g.facilitator_id = ? OR g.team_id IN (0`, []any{userID}, teamIDs)
	out, err := queryAll(ctx, db, "reflective groups", q+`) ORDER BY t.name, g.name, g.id`, args, scanReflectiveGroup)
	if err != nil || len(out) == 0 {
		return out, err
	}
	at := map[int64]int{}
	for i, g := range out {
		at[g.ID] = i
	}
	q, args = appendIn(`SELECT s.group_id, s.held_on, (SELECT COUNT(*) FROM reflective_attendance a WHERE a.session_id = s.id AND a.user_id <> s.facilitator_id) + 1
		FROM reflective_sessions s WHERE s.held_on >= ? AND s.group_id IN (0`, []any{dateText(today.AddDate(-1, 0, 0))}, keys(at))
	err = eachRow(ctx, db, "reflective attendance", q+`)`, args, func(rows scanner) error {
		var id int64
		var held string
		var n int
		if err := rows.Scan(&id, &held, &n); err != nil {
			return err
		}
		g := &out[at[id]]
		g.Sessions++
		g.Attendances += n
		if d := parseDateText(held); d.After(g.Last) {
			g.Last = d
		}
		return nil
	})
	return out, err
}

func keys(m map[int64]int) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

var errNoGroup = problem.Errorf(problem.NotFound, "No reflective-practice group with that id that you can see")

// ReflectiveGroup reads one group of the teams or usually facilitated by the user.
func (db *DB) ReflectiveGroup(ctx context.Context, userID int64, teamIDs []int64, id int64) (ReflectiveGroupRow, error) {
	q, args := appendIn(reflectiveGroupSelect+`WHERE g.id = ? AND (g.facilitator_id = ? OR g.team_id IN (0`, []any{id, userID}, teamIDs)
	rows, err := queryAll(ctx, db, "reflective group", q+`))`, args, scanReflectiveGroup)
	if err != nil {
		return ReflectiveGroupRow{}, err
	}
	if len(rows) == 0 {
		return ReflectiveGroupRow{}, errNoGroup
	}
	return rows[0], nil
}

// RecordReflectiveSession records a session's attendance, audited. Only
// the session's facilitator or a manager of the group's team records it;
// attendees are members of the group's team. One session per group a day.
func (db *DB) RecordReflectiveSession(ctx context.Context, a auth.Actor, s *staff.ReflectiveSession) error {
	if err := s.Validate(db.Now()); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		var teamID int64
		if err := tx.queryRow(ctx, `SELECT team_id FROM reflective_groups WHERE id = ?`, s.GroupID).Scan(&teamID); err != nil {
			return notFound(err, "reflective-practice group")
		}
		manager := a.User.Role == auth.TeamManager && slices.Contains(a.User.TeamIDs, teamID)
		if a.User.ID != s.FacilitatorID && !manager {
			return invalidField("facilitator", "Attendance is recorded by the session's facilitator or a manager of the team")
		}
		if err := tx.checkStaffMember(ctx, s.FacilitatorID, 0, "facilitator", "Choose a member of staff as facilitator"); err != nil {
			return err
		}
		for _, id := range s.AttendeeIDs {
			if err := tx.checkStaffMember(ctx, id, teamID, "attendees", "Choose attendees from the group's team"); err != nil {
				return err
			}
		}
		err := tx.queryRow(ctx, `INSERT INTO reflective_sessions (group_id, held_on, facilitator_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			s.GroupID, dateText(s.HeldOn), s.FacilitatorID, nullID(a.User.ID), tx.db.Now()).Scan(&s.ID)
		if err != nil && isUniqueViolation(err) {
			return invalidField("held_on", "A session of this group is already recorded on that date")
		}
		if err != nil {
			return fmt.Errorf("insert reflective session: %w", err)
		}
		for _, id := range s.AttendeeIDs {
			if _, err := tx.exec(ctx, `INSERT INTO reflective_attendance (session_id, user_id) VALUES (?, ?)`, s.ID, id); err != nil {
				return fmt.Errorf("add attendee: %w", err)
			}
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, 0, fmt.Sprintf("reflective-session/%d", s.ID)))
	})
}

// ReflectiveSessionRow is a session with the names of who came.
type ReflectiveSessionRow struct {
	staff.ReflectiveSession
	FacilitatorName string
	Attendees       []string
}

// ReflectiveSessions lists a page of a group's sessions, newest first.
func (db *DB) ReflectiveSessions(ctx context.Context, groupID int64, p Page) (Paged[ReflectiveSessionRow], error) {
	out := Paged[ReflectiveSessionRow]{Page: p}
	if err := p.Check(); err != nil {
		return out, err
	}
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM reflective_sessions WHERE group_id = ?`, groupID).Scan(&out.Total); err != nil {
			return fmt.Errorf("count reflective sessions: %w", err)
		}
		rows, err := queryAll(ctx, tx, "reflective sessions", `SELECT s.id, s.group_id, s.held_on, s.facilitator_id, u.display_name
			FROM reflective_sessions s JOIN users u ON u.id = s.facilitator_id WHERE s.group_id = ? ORDER BY s.held_on DESC, s.id DESC`+p.sql(),
			[]any{groupID}, func(rows scanner, r *ReflectiveSessionRow) error {
				var held string
				err := rows.Scan(&r.ID, &r.GroupID, &held, &r.FacilitatorID, &r.FacilitatorName)
				r.HeldOn = parseDateText(held)
				return err
			})
		if err != nil {
			return err
		}
		for i := range rows {
			r := &rows[i]
			err := eachRow(ctx, tx, "attendees", `SELECT u.id, u.display_name FROM reflective_attendance a JOIN users u ON u.id = a.user_id
				WHERE a.session_id = ? ORDER BY u.display_name, u.id`, []any{r.ID}, func(rows scanner) error {
				var id int64
				var name string
				if err := rows.Scan(&id, &name); err != nil {
					return err
				}
				r.AttendeeIDs, r.Attendees = append(r.AttendeeIDs, id), append(r.Attendees, name)
				return nil
			})
			if err != nil {
				return err
			}
		}
		out.Rows = rows
		return nil
	})
	return out, err
}

// ReflectiveHistory is the sessions of the teams' groups since a date,
// with who attended each: what a staff member's own months are drawn from.
func (db *DB) ReflectiveHistory(ctx context.Context, teamIDs []int64, since time.Time) ([]staff.ReflectiveSession, error) {
	q, args := appendIn(`SELECT s.id, s.group_id, s.held_on, s.facilitator_id FROM reflective_sessions s JOIN reflective_groups g ON g.id = s.group_id
		WHERE s.held_on >= ? AND g.team_id IN (0`, []any{dateText(since)}, teamIDs)
	out, err := queryAll(ctx, db, "reflective history", q+`) ORDER BY s.held_on, s.id`, args, func(rows scanner, s *staff.ReflectiveSession) error {
		var held string
		err := rows.Scan(&s.ID, &s.GroupID, &held, &s.FacilitatorID)
		s.HeldOn = parseDateText(held)
		return err
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	at := map[int64]int{}
	for i, s := range out {
		at[s.ID] = i
	}
	q, args = appendIn(`SELECT session_id, user_id FROM reflective_attendance WHERE session_id IN (0`, nil, keys(at))
	err = eachRow(ctx, db, "reflective attendees", q+`)`, args, func(rows scanner) error {
		var sid, uid int64
		if err := rows.Scan(&sid, &uid); err != nil {
			return err
		}
		s := &out[at[sid]]
		s.AttendeeIDs = append(s.AttendeeIDs, uid)
		return nil
	})
	return out, err
}
