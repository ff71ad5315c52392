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

const formulationColumns = `f.id, f.person_id, f.referral_id, v.happened, v.strengths, v.difficulties, v.patterns, v.needs, v.helps,
	v.saved_at, COALESCE(v.saved_by, 0), COALESCE(u.display_name, ''), v.version`

const formulationFrom = ` FROM formulations f JOIN formulation_versions v ON v.formulation_id = f.id LEFT JOIN users u ON u.id = v.saved_by`

func scanFormulation(s scanner, f *care.Formulation) error {
	return s.Scan(&f.ID, &f.PersonID, &f.ReferralID, &f.Happened, &f.Strengths, &f.Difficult, &f.Patterns, &f.Needs, &f.Helps,
		dbTime{&f.SavedAt}, &f.SavedBy, &f.SavedByName, &f.Version)
}

// Formulation reads the newest version of a referral's formulation,
// audited; found is false while none has been written.
func (db *DB) Formulation(ctx context.Context, a auth.Actor, referralID int64) (f care.Formulation, found bool, err error) {
	err = db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		err := scanFormulation(tx.queryRow(ctx, `SELECT `+formulationColumns+formulationFrom+` WHERE f.referral_id = ? AND v.version = f.version`, referralID), &f)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read formulation of referral %d: %w", referralID, err)
		}
		found = true
		audit(a.Event(auth.ActionView, f.PersonID, fmt.Sprintf("formulation/%d", f.ID)))
		return nil
	})
	return f, found, err
}

// FormulationHistory lists every saved version, newest first. Not audited:
// the history page audits the formulation it shows.
func (db *DB) FormulationHistory(ctx context.Context, referralID int64) ([]care.Formulation, error) {
	return queryAll(ctx, db, "formulation history", `SELECT `+formulationColumns+formulationFrom+` WHERE f.referral_id = ? ORDER BY v.version DESC`, []any{referralID}, scanFormulation)
}

// SaveFormulation saves a new version of a referral's formulation, keeping
// every earlier one: the first when f.Version is 0, otherwise only if the
// newest version is still f.Version. A stale save is a Conflict and
// changes nothing; saving the same text again records nothing.
func (db *DB) SaveFormulation(ctx context.Context, a auth.Actor, f *care.Formulation) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		r, err := tx.personReferral(ctx, f.PersonID, f.ReferralID)
		if err != nil {
			return err
		}
		if r.Status != care.ReferralAssessBooked && r.Status != care.ReferralAssessed && r.Status != care.ReferralTeamDiscussion && r.Status != care.ReferralOutcome {
			return problem.Errorf(problem.Conflict, "A formulation is written from the assessment onwards (this referral is %q)", r.Status.Label())
		}
		now := tx.db.Now()
		stale := problem.Errorf(problem.Conflict, "Someone else saved a new version of this formulation while you were editing. Your changes have not been saved; compare the two versions below.")
		if f.Version == 0 {
			err := tx.queryRow(ctx, `INSERT INTO formulations (person_id, referral_id, version) VALUES (?, ?, 1) RETURNING id`, f.PersonID, f.ReferralID).Scan(&f.ID)
			if err != nil && isUniqueViolation(err) {
				return stale
			}
			if err != nil {
				return fmt.Errorf("insert formulation: %w", err)
			}
		} else {
			var current care.Formulation
			err := scanFormulation(tx.queryRow(ctx, `SELECT `+formulationColumns+formulationFrom+` WHERE f.referral_id = ? AND v.version = f.version`, f.ReferralID), &current)
			if err != nil {
				return notFound(err, "formulation")
			}
			if current.Version != f.Version {
				return stale
			}
			if current.SameText(*f) {
				*f = current
				return nil
			}
			res, err := tx.exec(ctx, `UPDATE formulations SET version = version + 1 WHERE id = ? AND version = ?`, current.ID, f.Version)
			if err != nil {
				return fmt.Errorf("update formulation: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return stale
			}
			f.ID = current.ID
		}
		f.Version++
		f.SavedAt, f.SavedBy, f.SavedByName = now, a.User.ID, a.User.DisplayName
		if _, err := tx.exec(ctx, `INSERT INTO formulation_versions (formulation_id, version, happened, strengths, difficulties, patterns, needs, helps, saved_by, saved_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, f.Version, f.Happened, f.Strengths, f.Difficult, f.Patterns, f.Needs, f.Helps, nullID(a.User.ID), now); err != nil {
			return fmt.Errorf("insert formulation version: %w", err)
		}
		if err := tx.AddReferralEvent(ctx, r.ID, r.Status, now, a.User.ID, fmt.Sprintf("Formulation saved (version %d)", f.Version)); err != nil {
			return err
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, f.PersonID, fmt.Sprintf("formulation/%d", f.ID)))
	})
}

// AddFormulationComment adds the person's comment on their formulation.
// Written by the person themselves (the self relationship) it is theirs;
// written by staff it is marked as written on their behalf.
func (db *DB) AddFormulationComment(ctx context.Context, a auth.Actor, c *care.FormulationComment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.OnBehalf = a.Relationship != auth.RelSelf
	return db.Update(ctx, func(tx *Tx) error {
		var personID, referralID int64
		var status string
		if err := tx.queryRow(ctx, `SELECT f.person_id, f.referral_id, r.status FROM formulations f JOIN referrals r ON r.id = f.referral_id WHERE f.id = ?`,
			c.FormulationID).Scan(&personID, &referralID, &status); err != nil {
			return notFound(err, "formulation")
		}
		if personID != c.PersonID {
			return problem.Errorf(problem.NotFound, "No formulation with that id for this person")
		}
		c.CreatedAt, c.AuthorID, c.AuthorName = tx.db.Now(), a.User.ID, a.User.DisplayName
		if err := tx.queryRow(ctx, `INSERT INTO formulation_comments (formulation_id, person_id, text, on_behalf, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			c.FormulationID, c.PersonID, c.Text, c.OnBehalf, nullID(c.AuthorID), c.CreatedAt).Scan(&c.ID); err != nil {
			return fmt.Errorf("insert formulation comment: %w", err)
		}
		note := "The person added a comment to their formulation"
		if c.OnBehalf {
			note = "A comment from the person was added to their formulation by staff"
		}
		if err := tx.AddReferralEvent(ctx, referralID, care.ReferralStatus(status), c.CreatedAt, a.User.ID, note); err != nil {
			return err
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, c.PersonID, fmt.Sprintf("formulation/%d/comment/%d", c.FormulationID, c.ID)))
	})
}

// FormulationComments lists comments on a formulation, oldest first.
func (db *DB) FormulationComments(ctx context.Context, formulationID int64) ([]care.FormulationComment, error) {
	return queryAll(ctx, db, "formulation comments", `SELECT c.id, c.formulation_id, c.person_id, c.text, c.on_behalf, COALESCE(c.author_id, 0),
		COALESCE(u.display_name, ''), c.created_at FROM formulation_comments c LEFT JOIN users u ON u.id = c.author_id
		WHERE c.formulation_id = ? ORDER BY c.created_at, c.id`, []any{formulationID}, func(rows scanner, c *care.FormulationComment) error {
		return rows.Scan(&c.ID, &c.FormulationID, &c.PersonID, &c.Text, &c.OnBehalf, &c.AuthorID, &c.AuthorName, dbTime{&c.CreatedAt})
	})
}
