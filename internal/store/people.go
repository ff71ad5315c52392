package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

const personColumns = `id, nhs_number, given_name, family_name, preferred_name, pronouns, date_of_birth, locality, phone, email,
	communication_needs, trauma_preferences, ethnicity, gender, sexuality, version, created_at, updated_at`

func scanPerson(s scanner) (care.Person, error) {
	var p care.Person
	var dob string
	err := s.Scan(&p.ID, &p.NHSNumber, &p.GivenName, &p.FamilyName, &p.PreferredName, &p.Pronouns, &dob, &p.Locality, &p.Phone, &p.Email,
		&p.CommunicationNeeds, &p.TraumaPreferences, &p.Ethnicity, &p.Gender, &p.Sexuality, &p.Version, dbTime{&p.CreatedAt}, dbTime{&p.UpdatedAt})
	p.DateOfBirth = parseDateText(dob)
	return p, err
}

// nhsTakenSQL counts other people with an NHS number. Saying the number
// is not empty lets SQLite use the partial unique index on nhs_number;
// without it every check read the whole people table, and loading a region
// slowed as it grew.
const nhsTakenSQL = `SELECT COUNT(*) FROM people WHERE nhs_number = ? AND nhs_number <> '' AND id <> ?`

func (t *Tx) nhsNumberTaken(ctx context.Context, nhs string, except int64) error {
	if nhs == "" {
		return nil
	}
	var n int
	if err := t.queryRow(ctx, nhsTakenSQL, nhs, except).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &problem.Error{Code: problem.Conflict, Message: "A person with this NHS number is already recorded",
			Fields: map[string]string{"nhs_number": "A person with this NHS number is already recorded"}}
	}
	return nil
}

// CreatePerson validates and inserts p, auditing the creation.
func (t *Tx) CreatePerson(ctx context.Context, a auth.Actor, p *care.Person) error {
	now := t.db.Now()
	if err := p.Validate(now); err != nil {
		return err
	}
	// pgload: in a COPY bulk load the unique index alone refuses a number
	// already recorded (the load then rolls back), as reading people
	// before each one would write every waiting row first.
	if !t.copying() {
		if err := t.nhsNumberTaken(ctx, p.NHSNumber, 0); err != nil {
			return err
		}
	}
	p.CreatedAt, p.UpdatedAt, p.Version = now, now, 1
	var err error
	p.ID, err = t.insertID(ctx, `INSERT INTO people (nhs_number, given_name, family_name, preferred_name, pronouns, date_of_birth, locality, phone, email,
		communication_needs, trauma_preferences, ethnicity, gender, sexuality, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		p.NHSNumber, p.GivenName, p.FamilyName, p.PreferredName, p.Pronouns, dateText(p.DateOfBirth), p.Locality, p.Phone, p.Email,
		p.CommunicationNeeds, p.TraumaPreferences, p.Ethnicity, p.Gender, p.Sexuality, now, now)
	if err != nil {
		return fmt.Errorf("insert person: %w", err)
	}
	if err := t.saveNameWords(ctx, *p, false); err != nil {
		return err
	}
	return t.audit(ctx, a.Event(auth.ActionCreate, p.ID, "person"))
}

// CreatePerson inserts a person in its own transaction.
func (db *DB) CreatePerson(ctx context.Context, a auth.Actor, p *care.Person) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.CreatePerson(ctx, a, p) })
}

// UpdatePerson saves p if nobody has changed it since p.Version was read;
// otherwise it returns a Conflict and changes nothing.
func (db *DB) UpdatePerson(ctx context.Context, a auth.Actor, p *care.Person) error {
	now := db.Now()
	if err := p.Validate(now); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.nhsNumberTaken(ctx, p.NHSNumber, p.ID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE people SET nhs_number = ?, given_name = ?, family_name = ?, preferred_name = ?, pronouns = ?, date_of_birth = ?,
			locality = ?, phone = ?, email = ?, communication_needs = ?, trauma_preferences = ?, ethnicity = ?, gender = ?, sexuality = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			p.NHSNumber, p.GivenName, p.FamilyName, p.PreferredName, p.Pronouns, dateText(p.DateOfBirth),
			p.Locality, p.Phone, p.Email, p.CommunicationNeeds, p.TraumaPreferences, p.Ethnicity, p.Gender, p.Sexuality,
			now, p.ID, p.Version)
		if err != nil {
			return fmt.Errorf("update person %d: %w", p.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tx.staleOrMissing(ctx, "people", p.ID, "person")
		}
		if err := tx.saveNameWords(ctx, *p, true); err != nil {
			return err
		}
		p.Version++
		p.UpdatedAt = now
		return tx.audit(ctx, a.Event(auth.ActionUpdate, p.ID, "person"))
	})
}

// staleOrMissing explains why a versioned update touched no row.
func (t *Tx) staleOrMissing(ctx context.Context, table string, id int64, what string) error {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return problem.Errorf(problem.NotFound, "No such %s", what)
	}
	return problem.Errorf(problem.Conflict, "Someone else changed this %s while you were editing. Your changes have not been saved; review theirs and try again.", what)
}

// Person loads a person's record and audits the view under a's relationship.
func (db *DB) Person(ctx context.Context, a auth.Actor, id int64) (care.Person, error) {
	p, err := db.PersonNoAudit(ctx, id)
	if err != nil {
		return p, err
	}
	return p, db.Audit(ctx, a, auth.ActionView, id, "person")
}

// PersonNoAudit loads a person for checks that show nothing of the record
// (existence, access decisions). Callers that show the record use Person.
func (db *DB) PersonNoAudit(ctx context.Context, id int64) (care.Person, error) {
	p, err := scanPerson(db.read.QueryRowContext(ctx, db.rebind(`SELECT `+personColumns+` FROM people WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, problem.Errorf(problem.NotFound, "No person with that id")
	}
	if err != nil {
		return p, fmt.Errorf("load person %d: %w", id, err)
	}
	return p, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
