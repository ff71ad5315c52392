package store

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// CreateGroup adds a group programme with its facilitators, audited.
func (t *Tx) CreateGroup(ctx context.Context, a auth.Actor, g *care.Group) error {
	if err := g.Validate(); err != nil {
		return err
	}
	g.Version = 1
	var err error
	g.ID, err = t.insertID(ctx, `INSERT INTO care_groups (name, modality, team_id, starts_on, ends_on, created_by, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
		g.Name, g.Modality, g.TeamID, dateText(g.StartsOn), dateText(g.EndsOn), nullID(a.User.ID), t.db.Now())
	if err != nil {
		return fmt.Errorf("insert group: %w", err)
	}
	seen := map[int64]bool{}
	for _, id := range g.FacilitatorIDs {
		if !seen[id] {
			seen[id] = true
			if err := t.insertRow(ctx, `INSERT INTO care_group_facilitators (group_id, user_id) VALUES (?, ?)`, g.ID, id); err != nil {
				return fmt.Errorf("add facilitator %d: %w", id, err)
			}
		}
	}
	return t.audit(ctx, a.Event(auth.ActionCreate, 0, fmt.Sprintf("group/%d", g.ID)))
}

// CreateGroup adds a group in its own transaction.
func (db *DB) CreateGroup(ctx context.Context, a auth.Actor, g *care.Group) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.CreateGroup(ctx, a, g) })
}

func (t *Tx) group(ctx context.Context, id int64) (care.Group, error) {
	var g care.Group
	var starts, ends string
	err := t.queryRow(ctx, `SELECT id, name, modality, team_id, starts_on, ends_on, version FROM care_groups WHERE id = ?`, id).
		Scan(&g.ID, &g.Name, &g.Modality, &g.TeamID, &starts, &ends, &g.Version)
	if err != nil {
		return g, notFound(err, "group")
	}
	g.StartsOn, g.EndsOn = parseDateText(starts), parseDateText(ends)
	g.FacilitatorIDs, err = queryAll(ctx, t, "group facilitators", `SELECT user_id FROM care_group_facilitators WHERE group_id = ? ORDER BY user_id`, []any{id}, scanValue[int64])
	return g, err
}

// AddGroupMember adds a person's open episode to a group and books them
// into the group's sessions still to come, audited.
func (t *Tx) AddGroupMember(ctx context.Context, a auth.Actor, groupID, episodeID int64) error {
	g, err := t.group(ctx, groupID)
	if err != nil {
		return err
	}
	ep, err := t.episode(ctx, episodeID)
	if err != nil {
		return err
	}
	if err := ep.CheckActive(care.ChangeGroups); err != nil {
		return err
	}
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM care_group_members WHERE group_id = ? AND episode_id = ?`, groupID, episodeID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return problem.Errorf(problem.Conflict, "This person is already a member of the group")
	}
	now := t.db.Now()
	if err := t.insertRow(ctx, `INSERT INTO care_group_members (group_id, episode_id, person_id, joined_at) VALUES (?, ?, ?, ?)`, groupID, episodeID, ep.PersonID, now); err != nil {
		return fmt.Errorf("add group member: %w", err)
	}
	sessions, err := queryAll(ctx, t, "group sessions to come", `SELECT id, group_id, starts_at, minutes, location FROM care_group_sessions WHERE group_id = ? AND starts_at > ? ORDER BY starts_at`,
		[]any{groupID, now}, func(rows scanner, s *care.GroupSession) error {
			return rows.Scan(&s.ID, &s.GroupID, dbTime{&s.StartsAt}, &s.Minutes, &s.Location)
		})
	if err != nil {
		return err
	}
	for _, s := range sessions {
		if err := t.bookGroupPlace(ctx, a, g, s, ep); err != nil {
			return err
		}
	}
	return t.audit(ctx, a.Event(auth.ActionUpdate, ep.PersonID, fmt.Sprintf("group/%d/member", groupID)))
}

// bookGroupPlace is one member's place at one session: an appointment of
// kind group with the facilitators, so recording a did-not-attend opens
// the same follow-up task as for any missed appointment.
func (t *Tx) bookGroupPlace(ctx context.Context, a auth.Actor, g care.Group, s care.GroupSession, ep care.Episode) error {
	ap := care.Appointment{PersonID: ep.PersonID, EpisodeID: ep.ID, Kind: care.KindGroup, StartsAt: s.StartsAt, Minutes: s.Minutes,
		Location: s.Location, Notes: g.Name, StaffIDs: g.FacilitatorIDs}
	if err := t.CreateAppointment(ctx, a, &ap); err != nil {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO care_group_attendance (session_id, appointment_id, episode_id) VALUES (?, ?, ?)`, s.ID, ap.ID, ep.ID)
	return err
}

// AddGroupSession adds a dated session and books every member whose
// episode is open, audited per member through their appointment.
func (t *Tx) AddGroupSession(ctx context.Context, a auth.Actor, s *care.GroupSession) error {
	g, err := t.group(ctx, s.GroupID)
	if err != nil {
		return err
	}
	if s.Minutes == 0 {
		s.Minutes = 120
	}
	if err := s.Validate(g); err != nil {
		return err
	}
	if err := t.queryRow(ctx, `INSERT INTO care_group_sessions (group_id, starts_at, minutes, location, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		s.GroupID, s.StartsAt.UTC(), s.Minutes, s.Location, t.db.Now()).Scan(&s.ID); err != nil {
		return fmt.Errorf("insert group session: %w", err)
	}
	ids, err := queryAll(ctx, t, "open group members", `SELECT m.episode_id FROM care_group_members m JOIN episodes e ON e.id = m.episode_id
		WHERE m.group_id = ? AND e.ended_at IS NULL ORDER BY m.episode_id`, []any{s.GroupID}, scanValue[int64])
	if err != nil {
		return err
	}
	for _, id := range ids {
		ep, err := t.episode(ctx, id)
		if err != nil {
			return err
		}
		if err := t.bookGroupPlace(ctx, a, g, *s, ep); err != nil {
			return err
		}
	}
	return t.audit(ctx, a.Event(auth.ActionCreate, 0, fmt.Sprintf("group/%d/session/%d", s.GroupID, s.ID)))
}

// AddGroupSession adds a session in its own transaction.
func (db *DB) AddGroupSession(ctx context.Context, a auth.Actor, s *care.GroupSession) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.AddGroupSession(ctx, a, s) })
}

// AddGroupMember adds a member in its own transaction.
func (db *DB) AddGroupMember(ctx context.Context, a auth.Actor, groupID, episodeID int64) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.AddGroupMember(ctx, a, groupID, episodeID) })
}

// RecordGroupAttendance records one member's attendance at a session via
// RecordOutcome, after checking the place belongs to that group session.
// A did-not-attend opens a follow-up task for the member's named worker.
func (db *DB) RecordGroupAttendance(ctx context.Context, a auth.Actor, groupID, sessionID, appointmentID int64, version int, o care.Outcome, note string) (*care.Task, error) {
	var n int
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM care_group_attendance ga JOIN care_group_sessions s ON s.id = ga.session_id
		WHERE ga.session_id = ? AND ga.appointment_id = ? AND s.group_id = ?`), sessionID, appointmentID, groupID).Scan(&n)
	if err != nil {
		return nil, fmt.Errorf("check group place: %w", err)
	}
	if n == 0 {
		return nil, problem.Errorf(problem.NotFound, "No place at that group session")
	}
	return db.RecordOutcome(ctx, a, appointmentID, version, o, note)
}

// GroupRow is a group with the names a list shows.
type GroupRow struct {
	care.Group
	TeamName     string
	Facilitators string
	Members      int
}

// GroupMember is a member of a group.
type GroupMember struct {
	EpisodeID  int64
	PersonID   int64
	PersonName string
	Active     bool
}

// GroupPlace is one member's place at one session.
type GroupPlace struct {
	AppointmentID int64
	EpisodeID     int64
	PersonID      int64
	PersonName    string
	Outcome       care.Outcome
	Version       int
}

// GroupSessionRow is a session with every member's place.
type GroupSessionRow struct {
	care.GroupSession
	Places []GroupPlace
}

// GroupDetail is a group with its members and sessions: the group diary.
type GroupDetail struct {
	GroupRow
	MemberList []GroupMember
	Sessions   []GroupSessionRow
}

// Groups lists the groups run by the given teams, newest first.
func (db *DB) Groups(ctx context.Context, teamIDs []int64) ([]GroupRow, error) {
	q := `SELECT g.id, g.name, g.modality, g.team_id, g.starts_on, g.ends_on, g.version, t.name,
		COALESCE((SELECT ` + db.groupConcat("u.display_name", "f.user_id") + ` FROM care_group_facilitators f JOIN users u ON u.id = f.user_id WHERE f.group_id = g.id), ''),
		(SELECT COUNT(*) FROM care_group_members m JOIN episodes e ON e.id = m.episode_id WHERE m.group_id = g.id AND e.ended_at IS NULL)
		FROM care_groups g JOIN teams t ON t.id = g.team_id WHERE g.team_id IN (0`
	q, args := appendIn(q, nil, teamIDs)
	q += `) ORDER BY g.starts_on DESC, g.id DESC` + allRowsSQL
	groups, err := queryAll(ctx, db, "list groups", q, args, func(rows scanner, g *GroupRow) error {
		var starts, ends string
		if err := rows.Scan(&g.ID, &g.Name, &g.Modality, &g.TeamID, &starts, &ends, &g.Version, &g.TeamName, &g.Facilitators, &g.Members); err != nil {
			return err
		}
		g.StartsOn, g.EndsOn = parseDateText(starts), parseDateText(ends)
		return nil
	})
	return notAllRows(groups, err, "groups")
}

// GroupDiary reads a group with its members and its sessions in [from, to)
// (either may be zero), each with every member's place.
func (db *DB) GroupDiary(ctx context.Context, groupID int64, from, to time.Time) (GroupDetail, error) {
	var d GroupDetail
	err := db.view(ctx, func(tx *Tx) error {
		g, err := tx.group(ctx, groupID)
		if err != nil {
			return err
		}
		d.Group = g
		if err := tx.queryRow(ctx, `SELECT t.name, COALESCE((SELECT `+db.groupConcat("u.display_name", "f.user_id")+` FROM care_group_facilitators f JOIN users u ON u.id = f.user_id WHERE f.group_id = ?), '')
			FROM teams t WHERE t.id = ?`, groupID, g.TeamID).Scan(&d.TeamName, &d.Facilitators); err != nil {
			return err
		}
		d.MemberList, err = queryAll(ctx, tx, "group members", `SELECT m.episode_id, m.person_id, p.given_name || ' ' || p.family_name, e.ended_at IS NULL
			FROM care_group_members m JOIN people p ON p.id = m.person_id JOIN episodes e ON e.id = m.episode_id WHERE m.group_id = ? ORDER BY p.family_name, p.given_name`,
			[]any{groupID}, func(rows scanner, m *GroupMember) error {
				return rows.Scan(&m.EpisodeID, &m.PersonID, &m.PersonName, &m.Active)
			})
		if err != nil {
			return err
		}
		for _, m := range d.MemberList {
			if m.Active {
				d.Members++
			}
		}
		q, args := `SELECT s.id, s.group_id, s.starts_at, s.minutes, s.location, COALESCE(a.id, 0), COALESCE(ga.episode_id, 0), COALESCE(a.person_id, 0),
			COALESCE(p.given_name || ' ' || p.family_name, ''), COALESCE(a.outcome, ''), COALESCE(a.version, 0)
			FROM care_group_sessions s LEFT JOIN care_group_attendance ga ON ga.session_id = s.id LEFT JOIN appointments a ON a.id = ga.appointment_id
			LEFT JOIN people p ON p.id = a.person_id WHERE s.group_id = ?`, []any{groupID}
		if !from.IsZero() {
			q, args = q+` AND s.starts_at >= ?`, append(args, from.UTC())
		}
		if !to.IsZero() {
			q, args = q+` AND s.starts_at < ?`, append(args, to.UTC())
		}
		n := 0
		return eachRow(ctx, tx, "group sessions", q+` ORDER BY s.starts_at, s.id, p.family_name, p.given_name`+allRowsSQL, args, func(rows scanner) error {
			if n++; n > MaxLimit {
				return problem.Errorf(problem.Invalid, "There are more than %d places in this group's sessions to show; choose a shorter period", MaxLimit)
			}
			var s care.GroupSession
			var pl GroupPlace
			var outcome string
			if err := rows.Scan(&s.ID, &s.GroupID, dbTime{&s.StartsAt}, &s.Minutes, &s.Location, &pl.AppointmentID, &pl.EpisodeID, &pl.PersonID,
				&pl.PersonName, &outcome, &pl.Version); err != nil {
				return err
			}
			pl.Outcome = care.Outcome(outcome)
			if n := len(d.Sessions); n == 0 || d.Sessions[n-1].ID != s.ID {
				d.Sessions = append(d.Sessions, GroupSessionRow{GroupSession: s})
			}
			if pl.AppointmentID != 0 {
				last := &d.Sessions[len(d.Sessions)-1]
				last.Places = append(last.Places, pl)
			}
			return nil
		})
	})
	return d, err
}

// GroupSessionsFor lists sessions in [from, to) of groups the user
// facilitates, for the worker's diary.
func (db *DB) GroupSessionsFor(ctx context.Context, userID int64, from, to time.Time) ([]GroupSessionItem, error) {
	return queryAll(ctx, db, "group sessions for diary", `SELECT s.id, s.group_id, s.starts_at, s.minutes, s.location, g.name,
		(SELECT COUNT(*) FROM care_group_attendance ga WHERE ga.session_id = s.id)
		FROM care_group_sessions s JOIN care_groups g ON g.id = s.group_id JOIN care_group_facilitators f ON f.group_id = g.id
		WHERE f.user_id = ? AND s.starts_at >= ? AND s.starts_at < ? ORDER BY s.starts_at, s.id`, []any{userID, from.UTC(), to.UTC()}, func(rows scanner, s *GroupSessionItem) error {
		return rows.Scan(&s.ID, &s.GroupID, dbTime{&s.StartsAt}, &s.Minutes, &s.Location, &s.GroupName, &s.Places)
	})
}

// GroupSessionItem is a group session as a diary shows it.
type GroupSessionItem struct {
	care.GroupSession
	GroupName string
	Places    int
}

// GroupPlacesBefore lists the places at a group's sessions that started
// before t and have no outcome yet, for recording attendance in bulk.
func (t *Tx) GroupPlacesBefore(ctx context.Context, groupID int64, before time.Time) ([]care.Appointment, error) {
	return queryAll(ctx, t, "group places", `SELECT `+appointmentColumns+` FROM appointments a JOIN care_group_attendance ga ON ga.appointment_id = a.id
		JOIN care_group_sessions s ON s.id = ga.session_id WHERE s.group_id = ? AND s.starts_at < ? AND a.outcome = '' ORDER BY a.starts_at, a.id`, []any{groupID, before.UTC()}, scanAppointment)
}

// AttendedBefore is when the person last attended an appointment before t
// (zero if never).
func (t *Tx) AttendedBefore(ctx context.Context, personID int64, before time.Time) (time.Time, error) {
	var last time.Time
	err := t.queryRow(ctx, `SELECT MAX(starts_at) FROM appointments WHERE person_id = ? AND outcome = 'attended' AND starts_at < ?`, personID, before.UTC()).Scan(dbTime{&last})
	return last, err
}
