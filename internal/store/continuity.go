package store

import (
	"context"
	"fmt"

	"throughline/internal/care"
)

// Continuity works out a person's continuity of care now: distinct workers
// at attended appointments in the last 90 days, and time since the last
// contact (an attended appointment or outreach that reached them).
func (db *DB) Continuity(ctx context.Context, personID int64) (care.Continuity, error) {
	now := db.Now()
	since := now.AddDate(0, 0, -care.ContinuityWindowDays)
	var appts, reached []care.Contact
	err := db.view(ctx, func(tx *Tx) error {
		last := int64(0)
		err := eachRow(ctx, tx, "attended appointments", `SELECT a.id, a.starts_at, s.user_id FROM appointments a JOIN appointment_staff s ON s.appointment_id = a.id
			WHERE a.person_id = ? AND a.outcome = 'attended' AND a.starts_at >= ? AND a.starts_at <= ? ORDER BY a.id`, []any{personID, since.UTC(), now.UTC()}, func(rows scanner) error {
			var id, staff int64
			var c care.Contact
			if err := rows.Scan(&id, dbTime{&c.At}, &staff); err != nil {
				return err
			}
			if id != last {
				appts, last = append(appts, c), id
			}
			appts[len(appts)-1].StaffIDs = append(appts[len(appts)-1].StaffIDs, staff)
			return nil
		})
		if err != nil {
			return err
		}
		var lastAttended, lastReached care.Contact
		if err := tx.queryRow(ctx, `SELECT MAX(starts_at) FROM appointments WHERE person_id = ? AND outcome = 'attended' AND starts_at <= ?`, personID, now.UTC()).
			Scan(dbTime{&lastAttended.At}); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT MAX(at) FROM outreach_attempts WHERE person_id = ? AND outcome = 'reached' AND at <= ?`, personID, now.UTC()).
			Scan(dbTime{&lastReached.At}); err != nil {
			return err
		}
		if !lastAttended.At.IsZero() {
			appts = append(appts, lastAttended)
		}
		if !lastReached.At.IsZero() {
			reached = append(reached, lastReached)
		}
		return nil
	})
	if err != nil {
		return care.Continuity{}, fmt.Errorf("continuity of person %d: %w", personID, err)
	}
	return care.ComputeContinuity(appts, reached, now), nil
}

// ContinuityOf works out continuity for several people, for caseload views.
func (db *DB) ContinuityOf(ctx context.Context, personIDs []int64) (map[int64]care.Continuity, error) {
	out := make(map[int64]care.Continuity, len(personIDs))
	for _, id := range personIDs {
		if _, done := out[id]; done {
			continue
		}
		c, err := db.Continuity(ctx, id)
		if err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, nil
}
