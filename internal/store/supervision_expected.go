package store

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/staff"
)

// SetSupervisionExpectation sets (or replaces) how often a team expects a
// type of supervision for a role, audited.
func (db *DB) SetSupervisionExpectation(ctx context.Context, a auth.Actor, e staff.Expectation) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM supervision_expectations WHERE team_id = ? AND role = ? AND type = ?`, e.TeamID, string(e.Role), string(e.Type)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO supervision_expectations (team_id, role, type, frequency, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)`,
			e.TeamID, string(e.Role), string(e.Type), string(e.Frequency), nullID(a.User.ID), tx.db.Now()); err != nil {
			return fmt.Errorf("set expectation: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, 0, fmt.Sprintf("team/%d/supervision-expected/%s/%s", e.TeamID, e.Role, e.Type)))
	})
}

// SupervisionExpectations lists the teams' expectations, by team, role and type.
func (db *DB) SupervisionExpectations(ctx context.Context, teamIDs []int64) ([]staff.Expectation, error) {
	q, args := appendIn(`SELECT team_id, role, type, frequency FROM supervision_expectations WHERE team_id IN (0`, nil, teamIDs)
	return queryAll(ctx, db, "supervision expectations", q+`) ORDER BY team_id, role, type`, args, func(rows scanner, e *staff.Expectation) error {
		var role, typ, freq string
		err := rows.Scan(&e.TeamID, &role, &typ, &freq)
		e.Role, e.Type, e.Frequency = auth.Role(role), staff.SupervisionType(typ), staff.Frequency(freq)
		return err
	})
}

// StaffStanding is one member of staff's supervision against their
// team's expectations for their role.
type StaffStanding struct {
	UserID    int64
	Name      string
	Role      auth.Role
	TeamID    int64
	TeamName  string
	Standings []staff.Standing
}

// Overdue reports whether any expected supervision is overdue.
func (s StaffStanding) Overdue() bool {
	for _, st := range s.Standings {
		if st.Overdue {
			return true
		}
	}
	return false
}

// SupervisionStandings works out, for every enabled member of the teams
// whose role has an expectation, where they stand on each expected type:
// the last session of that type they were supervised in, in any team.
// onlyUsers, when not empty, narrows it to those people.
func (db *DB) SupervisionStandings(ctx context.Context, teamIDs, onlyUsers []int64, today time.Time) ([]StaffStanding, error) {
	exps, err := db.SupervisionExpectations(ctx, teamIDs)
	if err != nil || len(exps) == 0 {
		return nil, err
	}
	q, args := appendIn(`SELECT u.id, u.display_name, u.role, t.id, t.name FROM users u JOIN team_members tm ON tm.user_id = u.id JOIN teams t ON t.id = tm.team_id
		WHERE NOT u.disabled AND t.id IN (0`, nil, teamIDs)
	if len(onlyUsers) > 0 {
		q, args = appendIn(q+`) AND u.id IN (0`, args, onlyUsers)
	}
	people, err := queryAll(ctx, db, "supervised staff", q+`) ORDER BY t.name, u.display_name, u.id`, args, func(rows scanner, s *StaffStanding) error {
		var role string
		err := rows.Scan(&s.UserID, &s.Name, &role, &s.TeamID, &s.TeamName)
		s.Role = auth.Role(role)
		return err
	})
	if err != nil {
		return nil, err
	}
	type key struct {
		user int64
		typ  staff.SupervisionType
	}
	last := map[key]time.Time{}
	q, args = appendIn(`SELECT ss.user_id, s.type, MAX(s.held_on) FROM supervision_supervisees ss JOIN supervision_sessions s ON s.id = ss.session_id
		WHERE ss.user_id IN (SELECT user_id FROM team_members WHERE team_id IN (0`, nil, teamIDs)
	err = eachRow(ctx, db, "last supervision", q+`)) GROUP BY ss.user_id, s.type`, args, func(rows scanner) error {
		var id int64
		var typ, held string
		if err := rows.Scan(&id, &typ, &held); err != nil {
			return err
		}
		last[key{id, staff.SupervisionType(typ)}] = parseDateText(held)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []StaffStanding
	for _, p := range people {
		for _, e := range exps {
			if e.TeamID == p.TeamID && e.Role == p.Role {
				p.Standings = append(p.Standings, staff.Stand(e, last[key{p.UserID, e.Type}], today))
			}
		}
		if len(p.Standings) > 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

// Supervisees lists everyone the user has supervised, so a supervisor
// sees whether the people they supervise are overdue.
func (db *DB) Supervisees(ctx context.Context, supervisorID int64) ([]int64, error) {
	return queryAll(ctx, db, "supervisees", `SELECT DISTINCT ss.user_id FROM supervision_supervisees ss JOIN supervision_sessions s ON s.id = ss.session_id
		WHERE s.supervisor_id = ? ORDER BY ss.user_id`, []any{supervisorID}, scanValue[int64])
}
