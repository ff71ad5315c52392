package store

import (
	"context"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// AddCarer records someone the person chooses to involve, and what they
// consent to share with them, audited.
func (db *DB) AddCarer(ctx context.Context, a auth.Actor, c *care.Carer) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.AddCarer(ctx, a, c) })
}

// AddCarer records a carer inside t.
func (t *Tx) AddCarer(ctx context.Context, a auth.Actor, c *care.Carer) error {
	if err := c.Validate(t.db.Now()); err != nil {
		return err
	}
	c.Version = 1
	var err error
	c.ID, err = t.insertID(ctx, `INSERT INTO carers (person_id, name, relationship, contact, share_appointments, share_care_plan, share_crisis_plan, share_medication,
		consent_on, until_on, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
		c.PersonID, c.Name, c.Relationship, c.Contact, c.Share.Appointments, c.Share.CarePlan, c.Share.CrisisPlan, c.Share.Medication,
		dateText(c.ConsentOn), dateText(c.Until))
	if err != nil {
		return fmt.Errorf("insert carer: %w", err)
	}
	return t.audit(ctx, a.Event(auth.ActionCreate, c.PersonID, fmt.Sprintf("carer/%d", c.ID)))
}

// WithdrawCarerConsent records that the person no longer wants anything
// shared with a carer. The record stays, so it is clear what was shared when.
func (db *DB) WithdrawCarerConsent(ctx context.Context, a auth.Actor, personID, id int64, version int, reason string) error {
	return db.Update(ctx, func(tx *Tx) error {
		var c care.Carer
		err := tx.queryRow(ctx, `SELECT id, person_id, withdrawn_at FROM carers WHERE id = ?`, id).Scan(&c.ID, &c.PersonID, dbTime{&c.WithdrawnAt})
		if err != nil {
			return notFound(err, "carer")
		}
		if c.PersonID != personID {
			return problem.Errorf(problem.NotFound, "No such carer for this person")
		}
		if err := c.ValidateWithdraw(reason); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE carers SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ?, version = version + 1 WHERE id = ? AND version = ?`,
			tx.db.Now(), nullID(a.User.ID), reason, id, version)
		if err != nil {
			return fmt.Errorf("withdraw carer consent %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tx.staleOrMissing(ctx, "carers", id, "carer")
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, personID, fmt.Sprintf("carer/%d", id)))
	})
}

// Carers lists the people a person involves, current consents first,
// audited as a view of the record.
func (db *DB) Carers(ctx context.Context, a auth.Actor, personID int64) ([]care.Carer, error) {
	var out []care.Carer
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		out = nil
		var err error
		out, err = queryAll(ctx, tx, "list carers", `SELECT `+carerColumns+` FROM carers WHERE person_id = ?
			ORDER BY CASE WHEN withdrawn_at IS NULL THEN 0 ELSE 1 END, id`, []any{personID}, scanCarer)
		if err != nil {
			return err
		}
		audit(a.Event(auth.ActionView, personID, "carers"))
		return nil
	})
	return out, err
}

const carerColumns = `id, person_id, name, relationship, contact, share_appointments, share_care_plan, share_crisis_plan, share_medication,
	consent_on, until_on, withdrawn_at, withdraw_reason, version`

func scanCarer(rows scanner, c *care.Carer) error {
	var on, until string
	if err := rows.Scan(&c.ID, &c.PersonID, &c.Name, &c.Relationship, &c.Contact, &c.Share.Appointments, &c.Share.CarePlan,
		&c.Share.CrisisPlan, &c.Share.Medication, &on, &until, dbTime{&c.WithdrawnAt}, &c.WithdrawReason, &c.Version); err != nil {
		return err
	}
	c.ConsentOn, c.Until = parseDateText(on), parseDateText(until)
	return nil
}
