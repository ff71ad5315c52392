package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// carer reads one carer record without auditing.
func (t *Tx) carer(ctx context.Context, id int64) (care.Carer, error) {
	var c care.Carer
	err := scanCarer(t.queryRow(ctx, `SELECT `+carerColumns+` FROM carers WHERE id = ?`, id), &c)
	if err != nil {
		return c, notFound(err, "carer")
	}
	return c, nil
}

// CreateCarerSignIn gives a carer the person chose to involve a sign-in of
// their own, linked to the carer record so that it shows only what that
// record's consent covers. u is the new account: the caller sets its
// username, name and a temporary password's hash.
func (db *DB) CreateCarerSignIn(ctx context.Context, a auth.Actor, personID, carerID int64, u *auth.User) error {
	return db.Update(ctx, func(tx *Tx) error {
		c, err := tx.carer(ctx, carerID)
		if err != nil {
			return err
		}
		if c.PersonID != personID {
			return problem.Errorf(problem.NotFound, "No such carer for this person")
		}
		if !c.ConsentActive(tx.db.Now()) {
			return problem.Errorf(problem.Conflict, "Consent to share with %s has ended, so they cannot be given a sign-in", c.Name)
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM carer_accounts WHERE carer_id = ?`, carerID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return problem.Errorf(problem.Conflict, "%s already has a sign-in", c.Name)
		}
		if u.DisplayName == "" {
			u.DisplayName = c.Name
		}
		u.Role, u.PersonID, u.TeamIDs, u.MustChangePassword = auth.Carer, 0, nil, true
		if err := tx.CreateUserAs(ctx, a, u); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO carer_accounts (user_id, carer_id, created_by, created_at) VALUES (?, ?, ?, ?)`,
			u.ID, carerID, nullID(a.User.ID), tx.db.Now()); err != nil {
			return fmt.Errorf("link carer sign-in: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, personID, fmt.Sprintf("carer/%d/sign-in", carerID)))
	})
}

// CarerOfUser is the carer record a carer's sign-in is linked to. The
// guard reads it on every request, so withdrawn consent is seen at once.
func (db *DB) CarerOfUser(ctx context.Context, userID int64) (care.Carer, error) {
	var c care.Carer
	err := db.view(ctx, func(tx *Tx) error {
		err := scanCarer(tx.queryRow(ctx, `SELECT `+carerColumns+` FROM carers WHERE id = (SELECT carer_id FROM carer_accounts WHERE user_id = ?)`, userID), &c)
		if errors.Is(err, sql.ErrNoRows) {
			return problem.Errorf(problem.Forbidden, "This sign-in is not linked to anyone's record.")
		}
		return err
	})
	return c, err
}

// CarerSignIns maps each of a person's carers with a sign-in to its username.
func (db *DB) CarerSignIns(ctx context.Context, personID int64) (map[int64]string, error) {
	out := map[int64]string{}
	err := eachRow(ctx, db, "carer sign-ins", `SELECT ca.carer_id, u.username FROM carer_accounts ca JOIN users u ON u.id = ca.user_id
		JOIN carers c ON c.id = ca.carer_id WHERE c.person_id = ?`, []any{personID}, func(rows scanner) error {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		out[id] = name
		return nil
	})
	return out, err
}

// UpdateCarerShare records the person's change to what they share with a
// carer and until when, audited.
func (db *DB) UpdateCarerShare(ctx context.Context, a auth.Actor, personID, carerID int64, version int, share care.CarerShare, until time.Time) error {
	return db.Update(ctx, func(tx *Tx) error {
		c, err := tx.carer(ctx, carerID)
		if err != nil {
			return err
		}
		if c.PersonID != personID {
			return problem.Errorf(problem.NotFound, "No such carer for this person")
		}
		c.Share, c.Until = share, until
		if err := c.ValidateShareChange(tx.db.Now()); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE carers SET share_appointments = ?, share_care_plan = ?, share_crisis_plan = ?, share_medication = ?, until_on = ?,
			version = version + 1 WHERE id = ? AND version = ?`, share.Appointments, share.CarePlan, share.CrisisPlan, share.Medication, dateText(c.Until), carerID, version)
		if err != nil {
			return fmt.Errorf("update carer sharing %d: %w", carerID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("update carer sharing %d: %w", carerID, err)
		}
		if n == 0 {
			return tx.staleOrMissing(ctx, "carers", carerID, "carer")
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, personID, fmt.Sprintf("carer/%d", carerID)))
	})
}
