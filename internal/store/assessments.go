package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// Preferences are what a person has told us helps them, shown before an
// assessment is booked.
type Preferences struct {
	CommunicationNeeds     string
	TraumaPreferences      string
	WorkerGenderPreference string
	InterpreterLanguage    string
}

// PersonPreferences reads a person's preferences and access needs. Not
// audited: the screen that shows them audits the record.
func (db *DB) PersonPreferences(ctx context.Context, personID int64) (Preferences, error) {
	var p Preferences
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT p.communication_needs, p.trauma_preferences, COALESCE(pp.worker_gender, ''), COALESCE(pp.interpreter_language, '')
		FROM people p LEFT JOIN person_preferences pp ON pp.person_id = p.id WHERE p.id = ?`), personID).Scan(&p.CommunicationNeeds, &p.TraumaPreferences, &p.WorkerGenderPreference, &p.InterpreterLanguage)
	if err != nil {
		return p, notFound(err, "person")
	}
	return p, nil
}

// SetWorkerPreferences records the gender of worker a person would prefer
// and the language an interpreter is needed for, audited.
func (db *DB) SetWorkerPreferences(ctx context.Context, a auth.Actor, personID int64, gender, interpreter string) error {
	if utf8.RuneCountInString(gender) > 200 || utf8.RuneCountInString(interpreter) > 200 {
		return &problem.Error{Code: problem.Invalid, Message: "Keep each preference under 200 characters",
			Fields: map[string]string{"worker_gender_preference": "Keep each preference under 200 characters"}}
	}
	return db.Update(ctx, func(tx *Tx) error {
		var exists int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM people WHERE id = ?`, personID).Scan(&exists); err != nil || exists == 0 {
			return problem.Errorf(problem.NotFound, "No person with that id")
		}
		gender, interpreter, now := strings.TrimSpace(gender), strings.TrimSpace(interpreter), db.Now()
		res, err := tx.exec(ctx, `UPDATE person_preferences SET worker_gender = ?, interpreter_language = ?, version = version + 1, updated_at = ? WHERE person_id = ?`,
			gender, interpreter, now, personID)
		if err != nil {
			return fmt.Errorf("set preferences of person %d: %w", personID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.exec(ctx, `INSERT INTO person_preferences (person_id, worker_gender, interpreter_language, version, updated_at) VALUES (?, ?, ?, 1, ?)`,
				personID, gender, interpreter, now); err != nil {
				return fmt.Errorf("set preferences of person %d: %w", personID, err)
			}
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, personID, "person/preferences"))
	})
}

// personReferral reads a referral and checks it belongs to the person in
// the address, so that a link cannot reach another person's referral.
func (t *Tx) personReferral(ctx context.Context, personID, referralID int64) (care.Referral, error) {
	r, err := t.referral(ctx, referralID)
	if err == nil && r.PersonID != personID {
		return r, problem.Errorf(problem.NotFound, "No referral with that id for this person")
	}
	return r, err
}

// PersonReferral reads one of a person's referrals with the names screens
// show, audited as a view of the person's record.
func (db *DB) PersonReferral(ctx context.Context, a auth.Actor, personID, referralID int64) (ReferralRow, error) {
	var row ReferralRow
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		r, err := tx.personReferral(ctx, personID, referralID)
		if err != nil {
			return err
		}
		row.Referral = r
		if err := tx.queryRow(ctx, `SELECT p.given_name || ' ' || p.family_name, s.name FROM people p, services s WHERE p.id = ? AND s.id = ?`,
			r.PersonID, r.ServiceID).Scan(&row.PersonName, &row.ServiceName); err != nil {
			return fmt.Errorf("referral names: %w", err)
		}
		audit(a.Event(auth.ActionView, personID, fmt.Sprintf("referral/%d", referralID)))
		return nil
	})
	return row, err
}

// BookAssessment books an assessment appointment for a referral and moves
// the referral to assessment-booked, in one transaction. A second
// appointment while one is booked adds a timeline note instead.
func (db *DB) BookAssessment(ctx context.Context, a auth.Actor, ap *care.Appointment) error {
	return db.Update(ctx, func(tx *Tx) error {
		r, err := tx.personReferral(ctx, ap.PersonID, ap.ReferralID)
		if err != nil {
			return err
		}
		var upcoming int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM appointments WHERE referral_id = ? AND kind = ? AND outcome = ''`,
			r.ID, string(care.KindAssessment)).Scan(&upcoming); err != nil {
			return err
		}
		if err := care.CheckAssessmentBooking(r.Status, upcoming); err != nil {
			return err
		}
		if err := tx.checkAssessors(ctx, r.ServiceID, ap.StaffIDs); err != nil {
			return err
		}
		ap.Kind = care.KindAssessment
		if err := tx.CreateAppointment(ctx, a, ap); err != nil {
			return err
		}
		note := "Assessment booked for " + ap.StartsAt.UTC().Format("2 Jan 2006 15:04")
		if r.Status == care.ReferralAssessBooked {
			return tx.AddReferralEvent(ctx, r.ID, care.ReferralAssessBooked, tx.db.Now(), a.User.ID, "Second "+strings.ToLower(note[:1])+note[1:])
		}
		if r.Status == care.ReferralAccepted {
			if r, err = tx.MoveReferral(ctx, a, r.ID, r.Version, care.ReferralWaiting, "Waiting for assessment"); err != nil {
				return err
			}
		}
		_, err = tx.MoveReferral(ctx, a, r.ID, r.Version, care.ReferralAssessBooked, note)
		return err
	})
}

const assessmentColumns = `id, referral_id, person_id, functioning, coping, strengths, risk_narrative, risk_level, social_needs, social_note,
	dependent_children, safeguarding_note, trauma, trauma_note, goals, COALESCE(updated_by, 0), updated_at, version`

func scanAssessment(s scanner, x *care.Assessment) error {
	var needs string
	err := s.Scan(&x.ID, &x.ReferralID, &x.PersonID, &x.Functioning, &x.Coping, &x.Strengths, &x.RiskNarrative, &x.RiskLevel, &needs, &x.SocialNote,
		&x.DependentChildren, &x.SafeguardingNote, &x.Trauma, &x.TraumaNote, &x.Goals, &x.UpdatedBy, dbTime{&x.UpdatedAt}, &x.Version)
	x.SocialNeeds = nil
	if needs != "" {
		x.SocialNeeds = strings.Split(needs, ",")
	}
	return err
}

// Assessment reads the assessment record of a referral, audited; found is
// false while none has been written.
func (db *DB) Assessment(ctx context.Context, a auth.Actor, referralID int64) (x care.Assessment, found bool, err error) {
	err = db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		err := scanAssessment(tx.queryRow(ctx, `SELECT `+assessmentColumns+` FROM assessments WHERE referral_id = ?`, referralID), &x)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read assessment of referral %d: %w", referralID, err)
		}
		found = true
		audit(a.Event(auth.ActionView, x.PersonID, fmt.Sprintf("assessment/%d", x.ID)))
		return nil
	})
	return x, found, err
}

// SaveAssessment writes a referral's assessment record: the first save
// when x.Version is 0, otherwise only if nobody has saved since x.Version
// was read. A stale save is a Conflict and changes nothing.
func (db *DB) SaveAssessment(ctx context.Context, a auth.Actor, x *care.Assessment) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		r, err := tx.personReferral(ctx, x.PersonID, x.ReferralID)
		if err != nil {
			return err
		}
		switch r.Status {
		case care.ReferralAssessBooked, care.ReferralAssessed, care.ReferralTeamDiscussion:
		default:
			return problem.Errorf(problem.Conflict, "An assessment record is written once an assessment is booked (this referral is %q)", r.Status.Label())
		}
		now := tx.db.Now()
		args := []any{x.Functioning, x.Coping, x.Strengths, x.RiskNarrative, x.RiskLevel, strings.Join(x.SocialNeeds, ","), x.SocialNote,
			x.DependentChildren, x.SafeguardingNote, x.Trauma, x.TraumaNote, x.Goals, nullID(a.User.ID), now}
		action := auth.ActionUpdate
		if x.Version == 0 {
			action = auth.ActionCreate
			err = tx.queryRow(ctx, `INSERT INTO assessments (functioning, coping, strengths, risk_narrative, risk_level, social_needs, social_note,
				dependent_children, safeguarding_note, trauma, trauma_note, goals, updated_by, updated_at, referral_id, person_id, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`, append(args, x.ReferralID, x.PersonID)...).Scan(&x.ID)
			if err != nil && isUniqueViolation(err) {
				return problem.Errorf(problem.Conflict, "Someone else wrote this assessment while you were working on it. Your changes have not been saved; review theirs and try again.")
			}
			if err != nil {
				return fmt.Errorf("insert assessment: %w", err)
			}
		} else {
			res, err := tx.exec(ctx, `UPDATE assessments SET functioning = ?, coping = ?, strengths = ?, risk_narrative = ?, risk_level = ?, social_needs = ?,
				social_note = ?, dependent_children = ?, safeguarding_note = ?, trauma = ?, trauma_note = ?, goals = ?, updated_by = ?, updated_at = ?,
				version = version + 1 WHERE referral_id = ? AND version = ?`, append(args, x.ReferralID, x.Version)...)
			if err != nil {
				return fmt.Errorf("update assessment: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return problem.Errorf(problem.Conflict, "Someone else changed this assessment while you were editing. Your changes have not been saved; review theirs and try again.")
			}
		}
		x.Version++
		x.UpdatedAt, x.UpdatedBy = now, a.User.ID
		if err := tx.AddReferralEvent(ctx, r.ID, r.Status, now, a.User.ID, "Assessment record saved (version "+fmt.Sprint(x.Version)+")"); err != nil {
			return err
		}
		return tx.audit(ctx, a.Event(action, x.PersonID, fmt.Sprintf("assessment/%d", x.ID)))
	})
}

// isUniqueViolation reports whether err is a unique constraint failure,
// which both drivers describe in their message.
func isUniqueViolation(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "unique") || strings.Contains(s, "duplicate key")
}

// MarkAssessed moves a referral to assessed once the person has attended
// an assessment appointment and the record is written.
func (db *DB) MarkAssessed(ctx context.Context, a auth.Actor, personID, referralID int64, version int) error {
	return db.Update(ctx, func(tx *Tx) error {
		r, err := tx.personReferral(ctx, personID, referralID)
		if err != nil {
			return err
		}
		var attended, recorded int
		if err := tx.queryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM appointments WHERE referral_id = ? AND kind = 'assessment' AND outcome = 'attended'),
			(SELECT COUNT(*) FROM assessments WHERE referral_id = ?)`, referralID, referralID).Scan(&attended, &recorded); err != nil {
			return err
		}
		if err := care.CheckAssessed(r.Status, attended, recorded > 0); err != nil {
			return err
		}
		_, err = tx.MoveReferral(ctx, a, referralID, version, care.ReferralAssessed, "Assessment complete")
		return err
	})
}

// ReferralStep is one event on a referral's timeline.
type ReferralStep struct {
	At       time.Time
	Status   care.ReferralStatus
	UserName string
	Note     string
}

// ReferralSteps lists a referral's timeline, oldest first. Not audited:
// the screen that shows it audits the referral.
func (db *DB) ReferralSteps(ctx context.Context, referralID int64) ([]ReferralStep, error) {
	return queryAll(ctx, db, "referral timeline", `SELECT e.at, e.status, COALESCE(u.display_name, ''), e.note FROM referral_events e
		LEFT JOIN users u ON u.id = e.user_id WHERE e.referral_id = ? ORDER BY e.at, e.id`, []any{referralID}, func(rows scanner, s *ReferralStep) error {
		var status string
		if err := rows.Scan(dbTime{&s.At}, &status, &s.UserName, &s.Note); err != nil {
			return err
		}
		s.Status = care.ReferralStatus(status)
		return nil
	})
}

// ServiceStaffAmong is those of ids who are care staff in a team of a
// service (and whose account is in use): who may run the service's
// assessments. A service's whole staff was once offered as the choice,
// 2,725 boxes at scale 75; the booking page offers one team's, and this
// reads back the staff a booking names.
func (db *DB) ServiceStaffAmong(ctx context.Context, serviceID string, ids []int64) ([]auth.User, error) {
	return serviceStaffAmong(ctx, db, serviceID, ids)
}

func serviceStaffAmong(ctx context.Context, qr querier, serviceID string, ids []int64) ([]auth.User, error) {
	q, args := appendIn(`SELECT DISTINCT u.id, u.display_name, u.role, u.profession FROM team_members m
		JOIN teams t ON t.id = m.team_id JOIN users u ON u.id = m.user_id
		WHERE t.service_id = ? AND u.role IN ('clinician', 'peer-worker', 'team-manager') AND NOT u.disabled AND u.id IN (0`, []any{serviceID}, ids)
	return queryAll(ctx, qr, "service staff", q+`) ORDER BY u.display_name, u.id`, args, scanStaffMember)
}

// checkAssessors refuses an assessment booked with anyone who is not care
// staff in a team of the referral's service: a carer's or a service
// user's account, one no longer in use, or staff of another service.
func (t *Tx) checkAssessors(ctx context.Context, serviceID string, ids []int64) error {
	found, err := serviceStaffAmong(ctx, t, serviceID, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !slices.ContainsFunc(found, func(u auth.User) bool { return u.ID == id }) {
			return invalidField("staff", "Choose staff who work in one of this service's teams")
		}
	}
	return nil
}

// scanStaffMember reads the id, name, role and profession of a member of
// staff, which is all a choice of who does the work needs.
func scanStaffMember(rows scanner, u *auth.User) error {
	var role string
	err := rows.Scan(&u.ID, &u.DisplayName, &role, &u.Profession)
	u.Role = auth.Role(role)
	return err
}

// RecordAssessmentAttendance records what happened at an assessment
// appointment and puts it on the referral's timeline, in one transaction:
// an outcome is never recorded without its timeline note. A did-not-attend
// opens a follow-up task (Tx.RecordOutcome) and leaves the referral where
// it is, so the assessment can be rebooked.
func (db *DB) RecordAssessmentAttendance(ctx context.Context, a auth.Actor, personID, appointmentID int64, version int, o care.Outcome, note string) (*care.Task, error) {
	var task *care.Task
	err := db.Update(ctx, func(tx *Tx) error {
		ap, err := tx.appointment(ctx, appointmentID)
		if err != nil {
			return err
		}
		if ap.PersonID != personID || ap.ReferralID == 0 {
			return problem.Errorf(problem.NotFound, "No assessment appointment with that id for this person")
		}
		if task, err = tx.RecordOutcome(ctx, a, appointmentID, version, o, note); err != nil {
			return err
		}
		r, err := tx.referral(ctx, ap.ReferralID)
		if err != nil {
			return err
		}
		text := "Assessment appointment of " + ap.StartsAt.UTC().Format("2 Jan 2006") + ": " + o.Label()
		if task != nil {
			text += "; follow-up task opened"
		}
		return tx.AddReferralEvent(ctx, r.ID, r.Status, tx.db.Now(), a.User.ID, text)
	})
	if err != nil {
		return nil, err
	}
	return task, nil
}
