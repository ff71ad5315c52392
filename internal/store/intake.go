package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// NewReferral is a referral as a referrer, an admin or the person submits it.
type NewReferral struct {
	// Person is the person referred: ID set when already chosen; otherwise
	// matched by NHS number, or by name and date of birth, or recorded new.
	Person         care.Person
	Preferences    care.Preferences
	Intake         care.Intake
	ReferrerUserID int64 // the signed-in referrer, or 0
	EnteredBy      int64 // an admin typing it in on someone's behalf, or 0
}

// mergeInvalid joins validation problems from several parts of one form.
func mergeInvalid(errs ...error) error {
	for _, err := range errs {
		if err != nil && (problem.Code(err) != problem.Invalid || len(problem.Fields(err)) == 0) {
			return err
		}
	}
	return problem.Merge(errs...)
}

// SubmitReferral records a referral, finding or recording the person, and
// refuses a second open referral of the same person to the same service.
func (db *DB) SubmitReferral(ctx context.Context, a auth.Actor, n NewReferral) (care.ReferralDetail, error) {
	var d care.ReferralDetail
	now := db.Now()
	var personErr error
	if n.Person.ID == 0 {
		personErr = n.Person.Validate(now)
	}
	if err := mergeInvalid(personErr, n.Intake.Validate(), n.Preferences.Validate()); err != nil {
		return d, err
	}
	err := db.Update(ctx, func(tx *Tx) error {
		svc, err := tx.findService(ctx, n.Intake.ServiceID)
		if problem.Code(err) == problem.NotFound {
			return fieldProblem("service_id", "Choose a service from the list")
		} else if err != nil {
			return err
		}
		// The domain's check against the service (received here, self-
		// referral, age range, no control characters) runs here too, so no
		// caller can leave a referral that nobody here will ever receive.
		var here bool
		if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM teams WHERE service_id = ?)`, svc.ID).Scan(&here); err != nil {
			return fmt.Errorf("teams receiving %s: %w", svc.ID, err)
		}
		who := n.Person
		if who.ID != 0 { // a known person: their recorded date of birth counts
			if who, err = scanPerson(tx.queryRow(ctx, `SELECT `+personColumns+` FROM people WHERE id = ?`, who.ID)); err != nil {
				return fmt.Errorf("person %d: %w", n.Person.ID, err)
			}
		}
		if err := care.CheckReferral(who, n.Intake, n.Preferences, care.ReferralTarget{Service: svc, ReceivedHere: here}, now); err != nil {
			return err
		}
		p := n.Person
		if p.ID == 0 {
			if p.ID, err = tx.matchPerson(ctx, p); err != nil {
				return err
			}
		}
		if p.ID == 0 {
			if err := tx.CreatePerson(ctx, a, &p); err != nil {
				return err
			}
		} else {
			open, err := tx.personReferrals(ctx, p.ID)
			if err != nil {
				return err
			}
			if dup, ok := care.FindDuplicate(open, svc.ID); ok {
				return &care.DuplicateError{Existing: dup}
			}
		}
		n.Preferences.PersonID = p.ID
		if err := tx.mergePreferences(ctx, n.Preferences, now); err != nil {
			return err
		}
		in := n.Intake
		d.Referral = care.Referral{PersonID: p.ID, ServiceID: svc.ID, ReferrerUserID: n.ReferrerUserID, ReferrerName: in.ReferrerName,
			ReferrerOrg: in.ReferrerOrg, Reason: in.Reason, ReferrerTier: in.ReferrerTier, ReceivedAt: now}
		if err := tx.CreateReferral(ctx, a, &d.Referral); err != nil {
			return err
		}
		d.Tried, d.Risks, d.Consent, d.ReferrerContact, d.EnteredBy = in.Tried, in.Risks, in.Consent, in.ReferrerContact, n.EnteredBy
		_, err = tx.exec(ctx, `UPDATE referrals SET what_tried = ?, risks_known = ?, consent = ?, referrer_contact = ?, entered_by = ? WHERE id = ?`,
			d.Tried, d.Risks, d.Consent, d.ReferrerContact, nullID(d.EnteredBy), d.ID)
		return err
	})
	return d, err
}

// matchPerson finds a person already recorded: by NHS number (the date of
// birth must agree when both are known), else by exact name and date of
// birth when exactly one person matches. 0 means nobody.
func (t *Tx) matchPerson(ctx context.Context, p care.Person) (int64, error) {
	if p.NHSNumber != "" {
		var id int64
		var dob string
		err := t.queryRow(ctx, `SELECT id, date_of_birth FROM people WHERE nhs_number = ? AND nhs_number <> ''`, p.NHSNumber).Scan(&id, &dob)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		}
		if err != nil {
			return 0, fmt.Errorf("match person: %w", err)
		}
		if dob != "" && !p.DateOfBirth.IsZero() && dob != dateText(p.DateOfBirth) {
			return 0, fieldProblem("nhs_number", "This NHS number is recorded with a different date of birth; check both")
		}
		return id, nil
	}
	if p.DateOfBirth.IsZero() {
		return 0, nil
	}
	// Two rows are enough to know the match is not unique.
	ids, err := queryAll(ctx, t, "match person", `SELECT id FROM people WHERE LOWER(given_name) = ? AND LOWER(family_name) = ? AND date_of_birth = ? LIMIT 2`,
		[]any{strings.ToLower(p.GivenName), strings.ToLower(p.FamilyName), dateText(p.DateOfBirth)}, scanValue[int64])
	if err != nil || len(ids) != 1 {
		return 0, err
	}
	return ids[0], nil
}

// personReferrals lists a person's referrals, for duplicate checks.
func (t *Tx) personReferrals(ctx context.Context, personID int64) ([]care.Referral, error) {
	return queryAll(ctx, t, "person referrals", `SELECT id, service_id, status FROM referrals WHERE person_id = ? ORDER BY id`, []any{personID}, func(rows scanner, r *care.Referral) error {
		var status string
		if err := rows.Scan(&r.ID, &r.ServiceID, &status); err != nil {
			return err
		}
		r.PersonID, r.Status = personID, care.ReferralStatus(status)
		return nil
	})
}

// mergePreferences saves the preferences given, keeping any already
// recorded where nothing new was given.
func (t *Tx) mergePreferences(ctx context.Context, p care.Preferences, now time.Time) error {
	old, err := t.preferences(ctx, p.PersonID)
	if err != nil {
		return err
	}
	if p.WorkerGender == "" {
		p.WorkerGender = old.WorkerGender
	}
	if p.InterpreterLanguage == "" {
		p.InterpreterLanguage = old.InterpreterLanguage
	}
	if old.Version == 0 {
		if p.WorkerGender == "" && p.InterpreterLanguage == "" {
			return nil
		}
		_, err = t.exec(ctx, `INSERT INTO person_preferences (person_id, worker_gender, interpreter_language, version, updated_at) VALUES (?, ?, ?, 1, ?)`,
			p.PersonID, p.WorkerGender, p.InterpreterLanguage, now)
		return err
	}
	_, err = t.exec(ctx, `UPDATE person_preferences SET worker_gender = ?, interpreter_language = ?, version = version + 1, updated_at = ? WHERE person_id = ?`,
		p.WorkerGender, p.InterpreterLanguage, now, p.PersonID)
	return err
}

func (t *Tx) preferences(ctx context.Context, personID int64) (care.Preferences, error) {
	p := care.Preferences{PersonID: personID}
	err := t.queryRow(ctx, `SELECT worker_gender, interpreter_language, version FROM person_preferences WHERE person_id = ?`, personID).
		Scan(&p.WorkerGender, &p.InterpreterLanguage, &p.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	return p, err
}

// Preferences reads a person's preferences (none recorded is the zero value).
// Callers show them as part of a record they have already audited.
func (db *DB) Preferences(ctx context.Context, personID int64) (care.Preferences, error) {
	var p care.Preferences
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.preferences(ctx, personID)
		return err
	})
	return p, err
}
