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

const contactPrefsColumns = `c.person_id, c.mobile, c.email, c.text_opt_in, c.email_opt_in, c.contact_times, c.version, c.changed_at, COALESCE(u.display_name, '')`

func scanContactPrefs(s scanner, p *care.ContactPrefs) error {
	var times string
	err := s.Scan(&p.PersonID, &p.Mobile, &p.Email, &p.Text, &p.EmailOK, &times, &p.Version, dbTime{&p.ChangedAt}, &p.ChangedBy)
	p.Times = care.ContactTimes(times)
	return err
}

// ContactPrefs reads how a person wants to hear from us, audited as a view
// of their record. Someone who never said has version 0: nothing opted in.
func (db *DB) ContactPrefs(ctx context.Context, a auth.Actor, personID int64) (care.ContactPrefs, error) {
	var p care.ContactPrefs
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		var err error
		if p, err = tx.contactPrefs(ctx, personID); err != nil {
			return err
		}
		audit(a.Event(auth.ActionView, personID, "contact-preferences"))
		return nil
	})
	return p, err
}

func (t *Tx) contactPrefs(ctx context.Context, personID int64) (care.ContactPrefs, error) {
	p := care.ContactPrefs{PersonID: personID, Times: care.ContactAnyTime}
	err := scanContactPrefs(t.queryRow(ctx, `SELECT `+contactPrefsColumns+` FROM contact_prefs c LEFT JOIN users u ON u.id = c.changed_by
		WHERE c.person_id = ?`, personID), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return care.ContactPrefs{PersonID: personID, Times: care.ContactAnyTime}, nil
	}
	if err != nil {
		return p, fmt.Errorf("read contact preferences: %w", err)
	}
	return p, nil
}

// SaveContactPrefs checks and saves a new version of a person's contact
// preferences. p.Version is the version the editor saw (0 for none yet): a
// save over someone else's newer change is a conflict and changes nothing.
func (db *DB) SaveContactPrefs(ctx context.Context, a auth.Actor, p *care.ContactPrefs) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.SaveContactPrefs(ctx, a, p) })
}

// SaveContactPrefs saves contact preferences inside t.
func (t *Tx) SaveContactPrefs(ctx context.Context, a auth.Actor, p *care.ContactPrefs) error {
	if err := p.Normalise(); err != nil {
		return err
	}
	now := t.db.Now()
	seen := p.Version
	var res sql.Result
	var err error
	if seen == 0 {
		res, err = t.exec(ctx, `INSERT INTO contact_prefs (person_id, mobile, email, text_opt_in, email_opt_in, contact_times, version, changed_by, changed_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (person_id) DO NOTHING`,
			p.PersonID, p.Mobile, p.Email, p.Text, p.EmailOK, string(p.Times), nullID(a.User.ID), now)
	} else {
		res, err = t.exec(ctx, `UPDATE contact_prefs SET mobile = ?, email = ?, text_opt_in = ?, email_opt_in = ?, contact_times = ?,
			version = version + 1, changed_by = ?, changed_at = ? WHERE person_id = ? AND version = ?`,
			p.Mobile, p.Email, p.Text, p.EmailOK, string(p.Times), nullID(a.User.ID), now, p.PersonID, seen)
	}
	if err != nil {
		return fmt.Errorf("save contact preferences: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("save contact preferences: %w", err)
	} else if n == 0 {
		return problem.Errorf(problem.Conflict, "Someone else changed these contact preferences while you were editing. Check them and save again")
	}
	p.Version, p.ChangedAt, p.ChangedBy = seen+1, now, a.User.DisplayName
	if _, err := t.exec(ctx, `INSERT INTO contact_prefs_history (person_id, version, mobile, email, text_opt_in, email_opt_in, contact_times, changed_by, changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.PersonID, p.Version, p.Mobile, p.Email, p.Text, p.EmailOK, string(p.Times), nullID(a.User.ID), now); err != nil {
		return fmt.Errorf("keep contact preferences history: %w", err)
	}
	return t.audit(ctx, a.Event(auth.ActionUpdate, p.PersonID, "contact-preferences"))
}

// ContactPrefsHistory lists every version of a person's contact
// preferences, newest first, audited as a view of the record.
func (db *DB) ContactPrefsHistory(ctx context.Context, a auth.Actor, personID int64) ([]care.ContactPrefs, error) {
	var out []care.ContactPrefs
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		var err error
		out, err = queryAll(ctx, tx, "contact preferences history", `SELECT `+contactPrefsColumns+` FROM contact_prefs_history c
			LEFT JOIN users u ON u.id = c.changed_by WHERE c.person_id = ? ORDER BY c.version DESC LIMIT 100`, []any{personID}, scanContactPrefs)
		if err != nil {
			return err
		}
		audit(a.Event(auth.ActionView, personID, "contact-preferences/history"))
		return nil
	})
	return out, err
}
