package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
)

// CreateMeeting schedules a team discussion with its attendees.
func (db *DB) CreateMeeting(ctx context.Context, a auth.Actor, m *care.Meeting) error {
	if err := m.Validate(db.Now()); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error { return tx.insertMeeting(ctx, a, m) })
}

// insertMeeting stores a meeting with its attendees; CreateMeeting checks
// its date first.
func (t *Tx) insertMeeting(ctx context.Context, a auth.Actor, m *care.Meeting) error {
	if m.ServiceID == "" || m.At.IsZero() || len(m.Attendees) == 0 {
		return problem.Errorf(problem.Invalid, "A meeting needs a service, a date and attendees")
	}
	m.Version = 1
	if err := t.queryRow(ctx, `INSERT INTO mdt_meetings (service_id, meets_at, notes, created_by, created_at, version) VALUES (?, ?, ?, ?, ?, 1) RETURNING id`,
		m.ServiceID, m.At.UTC(), m.Notes, nullID(a.User.ID), t.db.Now()).Scan(&m.ID); err != nil {
		return fmt.Errorf("insert meeting: %w", err)
	}
	seen := map[int64]bool{}
	for _, u := range m.Attendees {
		if seen[u] {
			continue
		}
		seen[u] = true
		if _, err := t.exec(ctx, `INSERT INTO mdt_attendees (meeting_id, user_id) VALUES (?, ?)`, m.ID, u); err != nil {
			return fmt.Errorf("add attendee %d: %w", u, err)
		}
	}
	return nil
}

// MeetingRow is a meeting with what its list and page show.
type MeetingRow struct {
	care.Meeting
	ServiceName   string
	AttendeeNames string
	Cases         int
	Decided       int
}

// Meetings lists the latest limit meetings of the given services (0 = 100,
// see MaxLimit), soonest last.
func (db *DB) Meetings(ctx context.Context, serviceIDs []string, limit int) ([]MeetingRow, error) {
	q := `SELECT m.id, m.service_id, m.meets_at, m.notes, m.version, s.name,
		COALESCE((SELECT ` + db.groupConcat("u.display_name", "a.user_id") + ` FROM mdt_attendees a JOIN users u ON u.id = a.user_id WHERE a.meeting_id = m.id), ''),
		(SELECT COUNT(*) FROM mdt_cases c WHERE c.meeting_id = m.id), (SELECT COUNT(*) FROM mdt_cases c WHERE c.meeting_id = m.id AND c.decision <> '')
		FROM mdt_meetings m JOIN services s ON s.id = m.service_id WHERE m.service_id IN (''`
	q, args := appendIn(q, nil, serviceIDs)
	limitClause, err := limitSQL("meetings", limit, 100)
	if err != nil {
		return nil, err
	}
	q += `) ORDER BY m.meets_at DESC, m.id DESC` + limitClause
	return queryAll(ctx, db, "list meetings", q, args, func(rows scanner, m *MeetingRow) error {
		return rows.Scan(&m.ID, &m.ServiceID, dbTime{&m.At}, &m.Notes, &m.Version, &m.ServiceName, &m.AttendeeNames, &m.Cases, &m.Decided)
	})
}

// Meeting reads one meeting with its attendees.
func (db *DB) Meeting(ctx context.Context, id int64) (MeetingRow, error) {
	var m MeetingRow
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT m.id, m.service_id, m.meets_at, m.notes, m.version, s.name FROM mdt_meetings m
		JOIN services s ON s.id = m.service_id WHERE m.id = ?`), id).Scan(&m.ID, &m.ServiceID, dbTime{&m.At}, &m.Notes, &m.Version, &m.ServiceName)
	if err != nil {
		return m, notFound(err, "meeting")
	}
	var names []string
	err = eachRow(ctx, db, "meeting attendees", `SELECT a.user_id, u.display_name FROM mdt_attendees a JOIN users u ON u.id = a.user_id
		WHERE a.meeting_id = ? ORDER BY u.display_name`, []any{id}, func(rows scanner) error {
		var u int64
		var n string
		if err := rows.Scan(&u, &n); err != nil {
			return err
		}
		m.Attendees, names = append(m.Attendees, u), append(names, n)
		return nil
	})
	m.AttendeeNames = strings.Join(names, ", ")
	return m, err
}

// Case is a referral on a meeting's agenda, with the decision once made.
type Case struct {
	ID         int64
	MeetingID  int64
	MeetingAt  time.Time
	ReferralID int64
	PersonID   int64
	PersonName string
	ServiceID  string
	ReferrerID int64
	AddedAt    time.Time
	Status     care.ReferralStatus
	care.CaseDecision
}

// Decided reports whether the team has decided the case.
func (c Case) Decided() bool { return c.Decision != "" }

// CaseFilter narrows a case listing.
type CaseFilter struct {
	MeetingID  int64
	ReferralID int64
	PersonID   int64
	ReferrerID int64 // cases on referrals this referrer made
	Decided    bool  // only decided cases
}

// Cases lists cases on agendas, newest meeting first. Not audited: the
// screens that show them audit the records they show.
func (db *DB) Cases(ctx context.Context, f CaseFilter) ([]Case, error) {
	q := `SELECT c.id, c.meeting_id, m.meets_at, c.referral_id, c.person_id, p.given_name || ' ' || p.family_name, r.service_id, COALESCE(r.referrer_user_id, 0),
		c.added_at, r.status, c.decision, c.modality, c.rationale, COALESCE(c.signpost_service_id, ''), COALESCE(c.named_worker_id, 0), c.onward_note,
		COALESCE(c.episode_id, 0), c.decided_at, COALESCE(c.decided_by, 0), COALESCE(du.display_name, ''), COALESCE(ss.name, ''), COALESCE(nw.display_name, '')
		FROM mdt_cases c JOIN mdt_meetings m ON m.id = c.meeting_id JOIN referrals r ON r.id = c.referral_id JOIN people p ON p.id = c.person_id
		LEFT JOIN users du ON du.id = c.decided_by LEFT JOIN services ss ON ss.id = c.signpost_service_id LEFT JOIN users nw ON nw.id = c.named_worker_id
		WHERE 1 = 1`
	var args []any
	for _, w := range []struct {
		col string
		v   int64
	}{{"c.meeting_id", f.MeetingID}, {"c.referral_id", f.ReferralID}, {"c.person_id", f.PersonID}, {"r.referrer_user_id", f.ReferrerID}} {
		if w.v != 0 {
			q, args = q+` AND `+w.col+` = ?`, append(args, w.v)
		}
	}
	if f.Decided {
		q += ` AND c.decision <> ''`
	}
	q += ` ORDER BY m.meets_at DESC, c.added_at, c.id` + allRowsSQL
	cases, err := queryAll(ctx, db, "list cases", q, args, func(rows scanner, c *Case) error {
		var status, decision string
		if err := rows.Scan(&c.ID, &c.MeetingID, dbTime{&c.MeetingAt}, &c.ReferralID, &c.PersonID, &c.PersonName, &c.ServiceID, &c.ReferrerID,
			dbTime{&c.AddedAt}, &status, &decision, &c.Modality, &c.Rationale, &c.SignpostService, &c.NamedWorkerID, &c.OnwardNote,
			&c.EpisodeID, dbTime{&c.DecidedAt}, &c.DecidedBy, &c.DecidedByName, &c.SignpostName, &c.NamedWorkerName); err != nil {
			return err
		}
		c.Status, c.Decision = care.ReferralStatus(status), care.TeamDecision(decision)
		return nil
	})
	return notAllRows(cases, err, "cases")
}

// AddCase puts an assessed referral on a meeting's agenda and moves it to
// team-discussion, in one transaction.
func (db *DB) AddCase(ctx context.Context, a auth.Actor, meetingID, referralID int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		r, err := tx.referral(ctx, referralID)
		if err != nil {
			return err
		}
		var service string
		var at time.Time
		if err := tx.queryRow(ctx, `SELECT service_id, meets_at FROM mdt_meetings WHERE id = ?`, meetingID).Scan(&service, dbTime{&at}); err != nil {
			return notFound(err, "meeting")
		}
		if service != r.ServiceID {
			return problem.Errorf(problem.Invalid, "This referral is to another service; add it to that service's meeting")
		}
		if err := care.CheckAddToAgenda(r.Status); err != nil {
			return err
		}
		var id int64
		if err := tx.queryRow(ctx, `INSERT INTO mdt_cases (meeting_id, referral_id, person_id, added_by, added_at, version) VALUES (?, ?, ?, ?, ?, 1) RETURNING id`,
			meetingID, referralID, r.PersonID, nullID(a.User.ID), tx.db.Now()).Scan(&id); err != nil {
			return fmt.Errorf("add case: %w", err)
		}
		if _, err := tx.MoveReferral(ctx, a, r.ID, r.Version, care.ReferralTeamDiscussion, "On the agenda of the team discussion on "+at.Format("2 Jan 2006")); err != nil {
			return err
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, r.PersonID, fmt.Sprintf("mdt-case/%d", id)))
	})
}

// Decide records the team's decision on the open case of a referral. A
// community-team or therapies-team decision opens the episode with the
// right team and named worker; every decision moves the referral on; all
// of it in one transaction, so a decision never exists without its episode.
func (db *DB) Decide(ctx context.Context, a auth.Actor, personID, referralID int64, version int, d *care.CaseDecision) (care.Episode, error) {
	var ep care.Episode
	err := db.Update(ctx, func(tx *Tx) error {
		r, err := tx.personReferral(ctx, personID, referralID)
		if err != nil {
			return err
		}
		if err := d.Validate(r.Status); err != nil {
			return err
		}
		var caseID int64
		var meetingAt time.Time
		if err := tx.queryRow(ctx, `SELECT c.id, m.meets_at FROM mdt_cases c JOIN mdt_meetings m ON m.id = c.meeting_id
			WHERE c.referral_id = ? AND c.decision = ''`, referralID).Scan(&caseID, dbTime{&meetingAt}); err != nil {
			return notFound(err, "case on a team agenda for this referral")
		}
		now := tx.db.Now()
		if err := care.CheckDecidedAfterMeeting(meetingAt, now); err != nil {
			return err
		}
		var onward string
		switch d.Decision {
		case care.DecideSignpost:
			if err := tx.queryRow(ctx, `SELECT name FROM services WHERE id = ?`, d.SignpostService).Scan(&onward); err != nil {
				return &problem.Error{Code: problem.Invalid, Message: "Choose a service from the directory",
					Fields: map[string]string{"signpost_service": "Choose a service from the directory"}}
			}
		case care.DecideCommunity, care.DecideTherapies:
			team, err := tx.decisionTeam(ctx, r.ServiceID, d.Decision)
			if err != nil {
				return err
			}
			var member int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM team_members WHERE team_id = ? AND user_id = ?`, team.ID, d.NamedWorkerID).Scan(&member); err != nil {
				return err
			}
			if member == 0 {
				return &problem.Error{Code: problem.Invalid, Message: "The named worker must be a member of " + team.Name,
					Fields: map[string]string{"named_worker": "The named worker must be a member of " + team.Name}}
			}
			ep = care.Episode{PersonID: r.PersonID, TeamID: team.ID, NamedWorkerID: d.NamedWorkerID, Pathway: d.Decision.Pathway(), Modality: d.Modality, StartedAt: now}
			if err := tx.CreateEpisode(ctx, a, &ep); err != nil {
				return err
			}
			d.EpisodeID = ep.ID
			onward = team.Name
		}
		res, err := tx.exec(ctx, `UPDATE mdt_cases SET decision = ?, modality = ?, rationale = ?, signpost_service_id = ?, named_worker_id = ?, onward_note = ?,
			episode_id = ?, decided_by = ?, decided_at = ?, version = version + 1 WHERE id = ? AND decision = ''`,
			string(d.Decision), d.Modality, d.Rationale, nullText(d.SignpostService), nullID(d.NamedWorkerID), d.OnwardNote,
			nullID(d.EpisodeID), nullID(a.User.ID), now, caseID)
		if err != nil {
			return fmt.Errorf("record decision: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.Errorf(problem.Conflict, "Someone else recorded a decision on this case; reload to see it")
		}
		d.DecidedAt, d.DecidedBy = now, a.User.ID
		note := "Team decision: " + d.Decision.Label()
		if d.Modality != "" {
			note += " (" + d.Modality + ")"
		}
		if onward != "" {
			note += "; onward: " + onward
		}
		if d.OnwardNote != "" {
			note += "; " + d.OnwardNote
		}
		if _, err := tx.MoveReferral(ctx, a, r.ID, version, d.Decision.NextStatus(), note); err != nil {
			return err
		}
		// The onward route is kept on the referral too, where the gap map's
		// journeys read it, as for a decline at screening.
		switch d.Decision {
		case care.DecideSignpost:
			_, err = tx.exec(ctx, `UPDATE referrals SET onward_service_id = ? WHERE id = ?`, d.SignpostService, r.ID)
		case care.DecideSufficient:
			_, err = tx.exec(ctx, `UPDATE referrals SET onward_exception = ? WHERE id = ?`, d.OnwardNote, r.ID)
		}
		if err != nil {
			return fmt.Errorf("record onward route of referral %d: %w", r.ID, err)
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, r.PersonID, fmt.Sprintf("mdt-case/%d", caseID)))
	})
	return ep, err
}

// decisionTeam finds the team of a service that a decision opens an
// episode with: its Community Team or its Therapies Team.
func (t *Tx) decisionTeam(ctx context.Context, serviceID string, d care.TeamDecision) (directory.Team, error) {
	teams, err := queryAll(ctx, t, "service teams", `SELECT id, name, service_id FROM teams WHERE service_id = ? ORDER BY id`, []any{serviceID},
		func(rows scanner, team *directory.Team) error {
			return rows.Scan(&team.ID, &team.Name, &team.ServiceID)
		})
	if err != nil {
		return directory.Team{}, err
	}
	for _, team := range teams {
		if strings.Contains(strings.ToLower(team.Name), d.Team()) {
			return team, nil
		}
	}
	return directory.Team{}, problem.Errorf(problem.Invalid, "This service has no %s team to open an episode with", d.Team())
}

// DecisionTeamMembers lists who can be named worker for a decision on a
// referral to the service: members of its community or therapies team.
func (db *DB) DecisionTeamMembers(ctx context.Context, serviceID string, d care.TeamDecision) ([]auth.User, error) {
	var out []auth.User
	err := db.view(ctx, func(tx *Tx) error {
		team, err := tx.decisionTeam(ctx, serviceID, d)
		if err != nil {
			return err
		}
		out, err = queryAll(ctx, tx, "decision team members", `SELECT u.id, u.display_name, u.role, u.profession FROM team_members m JOIN users u ON u.id = m.user_id
			WHERE m.team_id = ? AND u.role IN ('clinician', 'peer-worker') AND NOT u.disabled ORDER BY u.display_name`, []any{team.ID}, scanStaffMember)
		return err
	})
	return out, err
}
