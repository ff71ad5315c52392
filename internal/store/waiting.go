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

// WaitingRow is a referral on the waiting list with its last contact.
type WaitingRow struct {
	care.ReferralDetail
	PersonName  string
	ServiceName string
	LastContact string // YYYY-MM-DD of the latest check-in, or ""
}

// WaitingList lists referrals accepted and waiting for (or booked into)
// assessment at the given services, oldest referral first.
func (db *DB) WaitingList(ctx context.Context, serviceIDs []string) ([]WaitingRow, error) {
	if len(serviceIDs) == 0 {
		return nil, nil
	}
	q := `SELECT ` + detailColumns + `, p.given_name || ' ' || p.family_name, s.name,
		COALESCE((SELECT MAX(c.contact_on) FROM referral_check_ins c WHERE c.referral_id = r.id), '')
		FROM referrals r JOIN people p ON p.id = r.person_id JOIN services s ON s.id = r.service_id
		WHERE r.status IN ('accepted-for-assessment', 'waiting', 'assessment-booked') AND r.service_id IN (''`
	q, args := appendIn(q, nil, serviceIDs)
	q += `) ORDER BY r.received_at, r.id` + allRowsSQL
	waiting, err := queryAll(ctx, db, "waiting list", q, args, func(rows scanner, w *WaitingRow) error {
		return scanDetail(rows, &w.ReferralDetail, &w.PersonName, &w.ServiceName, &w.LastContact)
	})
	return notAllRows(waiting, err, "referrals waiting")
}

// AddCheckIn records contact with a person while they wait, audited.
func (db *DB) AddCheckIn(ctx context.Context, a auth.Actor, c *care.CheckIn) error {
	return db.Update(ctx, func(tx *Tx) error {
		r, err := tx.referral(ctx, c.ReferralID)
		if err != nil {
			return err
		}
		now := db.Now()
		if err := c.Validate(r, now); err != nil {
			return err
		}
		c.RecordedBy, c.CreatedAt = a.User.ID, now
		err = tx.queryRow(ctx, `INSERT INTO referral_check_ins (referral_id, contact_on, method, note, crisis_signposted, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.ReferralID, dateText(c.On), c.Method, c.Note, c.CrisisSignposted, nullID(a.User.ID), now).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert check-in: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, r.PersonID, fmt.Sprintf("referral/%d/check-in/%d", r.ID, c.ID)))
	})
}

// CheckIns lists the contacts recorded on a referral, newest first.
func (db *DB) CheckIns(ctx context.Context, referralID int64) ([]care.CheckIn, error) {
	return queryAll(ctx, db, "check-ins", `SELECT c.id, c.referral_id, c.contact_on, c.method, c.note, c.crisis_signposted,
		COALESCE(c.recorded_by, 0), COALESCE(u.display_name, ''), c.created_at
		FROM referral_check_ins c LEFT JOIN users u ON u.id = c.recorded_by WHERE c.referral_id = ? ORDER BY c.contact_on DESC, c.id DESC`, []any{referralID}, func(rows scanner, c *care.CheckIn) error {
		var on string
		if err := rows.Scan(&c.ID, &c.ReferralID, &on, &c.Method, &c.Note, &c.CrisisSignposted, &c.RecordedBy, &c.RecordedByName, dbTime{&c.CreatedAt}); err != nil {
			return err
		}
		c.On = parseDateText(on)
		return nil
	})
}

// WaitThresholds reads a service's thresholds, or the defaults.
func (db *DB) WaitThresholds(ctx context.Context, serviceID string) (care.WaitThresholds, error) {
	w := care.DefaultWaitThresholds(serviceID)
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT amber_weeks, red_weeks, version FROM wait_thresholds WHERE service_id = ?`), serviceID).
		Scan(&w.AmberWeeks, &w.RedWeeks, &w.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return w, nil
	}
	if err != nil {
		return w, fmt.Errorf("wait thresholds: %w", err)
	}
	return w, nil
}

// SaveWaitThresholds stores a service's thresholds if nobody has changed
// them since w.Version was read (0: never saved).
func (db *DB) SaveWaitThresholds(ctx context.Context, a auth.Actor, w *care.WaitThresholds) error {
	if err := w.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.findService(ctx, w.ServiceID); err != nil {
			return err
		}
		now := db.Now()
		var res sql.Result
		var err error
		if w.Version == 0 {
			res, err = tx.exec(ctx, `INSERT INTO wait_thresholds (service_id, amber_weeks, red_weeks, version, updated_by, updated_at)
				SELECT ?, ?, ?, 1, ?, ? WHERE NOT EXISTS (SELECT 1 FROM wait_thresholds WHERE service_id = ?)`,
				w.ServiceID, w.AmberWeeks, w.RedWeeks, nullID(a.User.ID), now, w.ServiceID)
		} else {
			res, err = tx.exec(ctx, `UPDATE wait_thresholds SET amber_weeks = ?, red_weeks = ?, version = version + 1, updated_by = ?, updated_at = ?
				WHERE service_id = ? AND version = ?`, w.AmberWeeks, w.RedWeeks, nullID(a.User.ID), now, w.ServiceID, w.Version)
		}
		if err != nil {
			return fmt.Errorf("save wait thresholds: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.Errorf(problem.Conflict, "Someone else changed these thresholds while you were editing; reload to see them")
		}
		w.Version++
		return tx.audit(ctx, a.Event(auth.ActionUpdate, 0, "wait-thresholds/"+w.ServiceID))
	})
}
