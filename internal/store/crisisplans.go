package store

import (
	"context"
	"encoding/json"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// crisisPlan reads a person's crisis plan without auditing; before the
// first save it is empty with Version 0.
func (t *Tx) crisisPlan(ctx context.Context, personID int64) (care.CrisisPlan, error) {
	c := care.CrisisPlan{PersonID: personID}
	err := t.queryRow(ctx, `SELECT c.id, c.warning_signs, c.i_can_do, c.others_can_do, c.helps, c.does_not_help, c.version, c.updated_at,
		COALESCE(u.display_name, 'Throughline') FROM crisis_plans c LEFT JOIN users u ON u.id = c.updated_by WHERE c.person_id = ?`, personID).
		Scan(&c.ID, &c.WarningSigns, &c.ICanDo, &c.OthersCanDo, &c.Helps, &c.DoesNotHelp, &c.Version, dbTime{&c.UpdatedAt}, &c.UpdatedBy)
	if err != nil {
		if problem.Code(notFound(err, "crisis plan")) == problem.NotFound {
			return c, nil
		}
		return c, fmt.Errorf("read crisis plan: %w", err)
	}
	c.Contacts, err = queryAll(ctx, t, "crisis contacts", `SELECT name, role, phone, hours FROM crisis_contacts WHERE plan_id = ? ORDER BY position`, []any{c.ID},
		func(rows scanner, ct *care.CrisisContact) error {
			return rows.Scan(&ct.Name, &ct.Role, &ct.Phone, &ct.Hours)
		})
	if err != nil {
		return c, err
	}
	c.Shares, err = queryAll(ctx, t, "crisis plan sharing", `SELECT recipient, consented, consent_on FROM crisis_shares WHERE plan_id = ? ORDER BY position`, []any{c.ID},
		func(rows scanner, s *care.CrisisShare) error {
			var on string
			err := rows.Scan(&s.Recipient, &s.Consented, &on)
			s.On = parseDateText(on)
			return err
		})
	return c, err
}

// CrisisPlan reads a person's crisis plan, audited as a view of the record.
func (db *DB) CrisisPlan(ctx context.Context, a auth.Actor, personID int64) (care.CrisisPlan, error) {
	var c care.CrisisPlan
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		var err error
		if c, err = tx.crisisPlan(ctx, personID); err != nil {
			return err
		}
		audit(a.Event(auth.ActionView, personID, "crisis-plan"))
		return nil
	})
	return c, err
}

// SaveCrisisPlan saves c if nobody has saved it since c.Version was read
// (0: there was none yet), keeping every version.
func (db *DB) SaveCrisisPlan(ctx context.Context, a auth.Actor, c *care.CrisisPlan) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.SaveCrisisPlan(ctx, a, c) })
}

const crisisPlanConflict = "Someone else saved this crisis plan while you were editing. Your changes have not been saved yet."

// SaveCrisisPlan saves a crisis plan inside t.
func (t *Tx) SaveCrisisPlan(ctx context.Context, a auth.Actor, c *care.CrisisPlan) error {
	now := t.db.Now()
	if err := c.Validate(now); err != nil {
		return err
	}
	if c.Version == 0 {
		if taken, err := t.taken(ctx, `SELECT COUNT(*) FROM crisis_plans WHERE person_id = ?`, c.PersonID); err != nil {
			return err
		} else if taken {
			return problem.Errorf(problem.Conflict, crisisPlanConflict)
		}
		var err error
		c.ID, err = t.insertID(ctx, `INSERT INTO crisis_plans (person_id, warning_signs, i_can_do, others_can_do, helps, does_not_help, version, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`, c.PersonID, c.WarningSigns, c.ICanDo, c.OthersCanDo, c.Helps, c.DoesNotHelp,
			now, nullID(a.User.ID))
		if err != nil {
			return fmt.Errorf("insert crisis plan: %w", err)
		}
	} else {
		if err := t.queryRow(ctx, `SELECT id FROM crisis_plans WHERE person_id = ?`, c.PersonID).Scan(&c.ID); err != nil {
			return notFound(err, "crisis plan")
		}
		res, err := t.exec(ctx, `UPDATE crisis_plans SET warning_signs = ?, i_can_do = ?, others_can_do = ?, helps = ?, does_not_help = ?,
			version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`,
			c.WarningSigns, c.ICanDo, c.OthersCanDo, c.Helps, c.DoesNotHelp, now, nullID(a.User.ID), c.ID, c.Version)
		if err != nil {
			return fmt.Errorf("update crisis plan: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.Errorf(problem.Conflict, crisisPlanConflict)
		}
		for _, table := range []string{"crisis_contacts", "crisis_shares"} {
			if _, err := t.exec(ctx, `DELETE FROM `+table+` WHERE plan_id = ?`, c.ID); err != nil {
				return fmt.Errorf("clear %s: %w", table, err)
			}
		}
	}
	c.Version++
	for i, ct := range c.Contacts {
		if err := t.insertRow(ctx, `INSERT INTO crisis_contacts (plan_id, position, name, role, phone, hours) VALUES (?, ?, ?, ?, ?, ?)`,
			c.ID, i, ct.Name, ct.Role, ct.Phone, ct.Hours); err != nil {
			return fmt.Errorf("insert crisis contact: %w", err)
		}
	}
	for i, s := range c.Shares {
		if err := t.insertRow(ctx, `INSERT INTO crisis_shares (plan_id, position, recipient, consented, consent_on) VALUES (?, ?, ?, ?, ?)`,
			c.ID, i, s.Recipient, s.Consented, dateText(s.On)); err != nil {
			return fmt.Errorf("insert crisis share: %w", err)
		}
	}
	c.UpdatedAt = now
	snapshot, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := t.insertRow(ctx, `INSERT INTO crisis_plan_versions (plan_id, version, saved_at, saved_by, snapshot) VALUES (?, ?, ?, ?, ?)`,
		c.ID, c.Version, now, nullID(a.User.ID), string(snapshot)); err != nil {
		return fmt.Errorf("keep crisis plan version: %w", err)
	}
	return t.audit(ctx, a.Event(auth.ActionUpdate, c.PersonID, fmt.Sprintf("crisis-plan/%d", c.ID)))
}

// CrisisPlanVersions lists a crisis plan's saved versions, newest first.
func (db *DB) CrisisPlanVersions(ctx context.Context, planID int64) ([]PlanVersion, error) {
	return db.planVersions(ctx, "crisis_plan_versions", planID)
}
