package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/staff"
)

// RecordSupervision saves a supervision session, audited. Whoever records
// it must be a party (the notes are theirs), the parties must be in the
// session's team, and the people discussed must be known to that team.
func (t *Tx) RecordSupervision(ctx context.Context, a auth.Actor, s *staff.Session) error {
	if err := s.Validate(t.db.Now()); err != nil {
		return err
	}
	var v problem.Validation
	if !s.Party(a.User.ID) {
		v.Add("supervisor", "You can only record a session you took part in, as supervisor or supervisee")
	}
	members, err := queryAll(ctx, t, "team members", `SELECT user_id FROM team_members WHERE team_id = ?`, []any{s.TeamID}, scanValue[int64])
	if err != nil {
		return err
	}
	if !slices.Contains(members, s.SupervisorID) {
		v.Add("supervisor", "Choose a supervisor in the team")
	}
	for _, id := range s.SuperviseeIDs {
		if !slices.Contains(members, id) {
			v.Add("supervisees", "Choose supervisees in the team")
			break
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := t.checkPeopleDiscussed(ctx, s.TeamID, s.PeopleIDs); err != nil {
		return err
	}
	err = t.queryRow(ctx, `INSERT INTO supervision_sessions (team_id, supervisor_id, type, held_on, minutes, notes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		s.TeamID, s.SupervisorID, string(s.Type), dateText(s.HeldOn), s.Minutes, s.Notes, nullID(a.User.ID), t.db.Now()).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("insert supervision: %w", err)
	}
	for _, id := range s.SuperviseeIDs {
		if _, err := t.exec(ctx, `INSERT INTO supervision_supervisees (session_id, user_id) VALUES (?, ?)`, s.ID, id); err != nil {
			return fmt.Errorf("add supervisee: %w", err)
		}
	}
	if err := t.insertPeopleDiscussed(ctx, s.ID, s.PeopleIDs); err != nil {
		return err
	}
	// Not filed against the people discussed: their access log would tell
	// them they were discussed, and what is said in supervision is the
	// parties' own.
	return t.audit(ctx, a.Event(auth.ActionCreate, 0, fmt.Sprintf("supervision/%d", s.ID)))
}

// checkPeopleDiscussed refuses anyone the team has never had an episode with.
func (t *Tx) checkPeopleDiscussed(ctx context.Context, teamID int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	q, args := appendIn(`SELECT COUNT(DISTINCT person_id) FROM episodes WHERE team_id = ? AND person_id IN (0`, []any{teamID}, ids)
	var n int
	if err := t.queryRow(ctx, q+`)`, args...).Scan(&n); err != nil {
		return fmt.Errorf("check people discussed: %w", err)
	}
	if n != len(ids) {
		return invalidField("people", "Choose people from the team's caseload")
	}
	return nil
}

func (t *Tx) insertPeopleDiscussed(ctx context.Context, sessionID int64, ids []int64) error {
	for _, id := range ids {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM supervision_people WHERE session_id = ? AND person_id = ?`, sessionID, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		if _, err := t.exec(ctx, `INSERT INTO supervision_people (session_id, person_id) VALUES (?, ?)`, sessionID, id); err != nil {
			return fmt.Errorf("add person discussed: %w", err)
		}
	}
	return nil
}

// AddSupervisionPeople adds people discussed to a session, by a party only.
func (db *DB) AddSupervisionPeople(ctx context.Context, a auth.Actor, sessionID int64, ids []int64) error {
	if len(ids) == 0 {
		return invalidField("people", "Choose who was discussed")
	}
	return db.Update(ctx, func(tx *Tx) error {
		rows, err := queryAll(ctx, tx, "supervision session", supervisionSelect+`WHERE s.id = ?`, []any{sessionID}, scanSupervision)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return errNoSession
		}
		r := rows[0]
		if err := tx.supervisees(ctx, &r); err != nil {
			return err
		}
		if !r.Party(a.User.ID) {
			return errNoSession
		}
		if err := tx.checkPeopleDiscussed(ctx, r.TeamID, ids); err != nil {
			return err
		}
		if err := tx.insertPeopleDiscussed(ctx, sessionID, ids); err != nil {
			return err
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, 0, fmt.Sprintf("supervision/%d/people", sessionID)))
	})
}

// RecordSupervision saves a session in its own transaction.
func (db *DB) RecordSupervision(ctx context.Context, a auth.Actor, s *staff.Session) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.RecordSupervision(ctx, a, s) })
}

// SupervisionRow is a session as a list or a page shows it. Notes and
// People are filled only for a party to the session.
type SupervisionRow struct {
	staff.Session
	TeamName, SupervisorName string
	Supervisees              []string
	People                   []PersonRef
	Private                  bool // the reader is not a party: notes and people withheld
}

// PersonRef names a person discussed; the link still goes through the
// record's own access rules.
type PersonRef struct {
	ID   int64
	Name string
}

// SupervisionScope is whose sessions a list shows.
type SupervisionScope struct {
	All     bool    // auditors: every session, existence only
	TeamIDs []int64 // team managers: their teams' sessions
	UserID  int64   // everyone: sessions they took part in
}

func (sc SupervisionScope) where() (string, []any) {
	if sc.All {
		return "1 = 1", nil
	}
	q, args := appendIn(`(s.supervisor_id = ? OR s.id IN (SELECT session_id FROM supervision_supervisees WHERE user_id = ?) OR s.team_id IN (0`, []any{sc.UserID, sc.UserID}, sc.TeamIDs)
	return q + "))", args
}

// SupervisionSessions lists a page of sessions in scope, newest first,
// without notes.
func (db *DB) SupervisionSessions(ctx context.Context, sc SupervisionScope, p Page) (Paged[SupervisionRow], error) {
	out := Paged[SupervisionRow]{Page: p}
	if err := p.Check(); err != nil {
		return out, err
	}
	where, args := sc.where()
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM supervision_sessions s WHERE `+where, args...).Scan(&out.Total); err != nil {
			return fmt.Errorf("count supervision: %w", err)
		}
		rows, err := queryAll(ctx, tx, "supervision sessions", supervisionSelect+`WHERE `+where+` ORDER BY s.held_on DESC, s.id DESC`+p.sql(), args, scanSupervision)
		if err != nil {
			return err
		}
		for i := range rows {
			if err := tx.supervisees(ctx, &rows[i]); err != nil {
				return err
			}
			rows[i].Private = !rows[i].Party(sc.UserID)
		}
		out.Rows = rows
		return nil
	})
	return out, err
}

// supervisionSelect reads what anyone in scope may see of a session:
// never the notes.
const supervisionSelect = `SELECT s.id, s.team_id, s.supervisor_id, s.type, s.held_on, s.minutes, t.name, u.display_name
	FROM supervision_sessions s JOIN teams t ON t.id = s.team_id JOIN users u ON u.id = s.supervisor_id `

func scanSupervision(rows scanner, r *SupervisionRow) error {
	var typ, held string
	if err := rows.Scan(&r.ID, &r.TeamID, &r.SupervisorID, &typ, &held, &r.Minutes, &r.TeamName, &r.SupervisorName); err != nil {
		return err
	}
	r.Type, r.HeldOn = staff.SupervisionType(typ), parseDateText(held)
	return nil
}

func (t *Tx) supervisees(ctx context.Context, r *SupervisionRow) error {
	r.SuperviseeIDs, r.Supervisees = nil, nil
	return eachRow(ctx, t, "supervisees", `SELECT u.id, u.display_name FROM supervision_supervisees ss JOIN users u ON u.id = ss.user_id
		WHERE ss.session_id = ? ORDER BY u.display_name, u.id`, []any{r.ID}, func(rows scanner) error {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		r.SuperviseeIDs, r.Supervisees = append(r.SuperviseeIDs, id), append(r.Supervisees, name)
		return nil
	})
}

// errNoSession hides sessions outside the reader's scope.
var errNoSession = problem.Errorf(problem.NotFound, "No supervision session with that id that you can see")

// SupervisionSession reads one session for a. Parties read the notes and
// who was discussed (audited); a team manager of the team and an auditor
// see only that it took place; anyone else is told it does not exist.
func (db *DB) SupervisionSession(ctx context.Context, a auth.Actor, sc SupervisionScope, id int64) (SupervisionRow, error) {
	var r SupervisionRow
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		where, args := sc.where()
		rows, err := queryAll(ctx, tx, "supervision session", supervisionSelect+`WHERE s.id = ? AND `+where, append([]any{id}, args...), scanSupervision)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return errNoSession
		}
		r = rows[0]
		if err := tx.supervisees(ctx, &r); err != nil {
			return err
		}
		if r.Private = !r.Party(a.User.ID); r.Private {
			audit(a.Event(auth.ActionView, 0, fmt.Sprintf("supervision/%d/existence", id)))
			return nil
		}
		if err := tx.queryRow(ctx, `SELECT notes FROM supervision_sessions WHERE id = ?`, id).Scan(&r.Notes); err != nil {
			return err
		}
		r.People, err = queryAll(ctx, tx, "people discussed", `SELECT p.id, p.given_name, p.family_name FROM supervision_people sp JOIN people p ON p.id = sp.person_id
			WHERE sp.session_id = ? ORDER BY p.family_name, p.given_name, p.id`, []any{id}, func(rows scanner, p *PersonRef) error {
			var given, family string
			err := rows.Scan(&p.ID, &given, &family)
			p.Name = strings.TrimSpace(given + " " + family)
			return err
		})
		if err != nil {
			return err
		}
		for _, p := range r.People {
			r.PeopleIDs = append(r.PeopleIDs, p.ID)
		}
		audit(a.Event(auth.ActionView, 0, fmt.Sprintf("supervision/%d", id)))
		return nil
	})
	return r, err
}
