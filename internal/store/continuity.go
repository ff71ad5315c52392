package store

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/care"
)

// Continuity works out a person's continuity of care now: distinct workers
// at attended appointments in the last 90 days, and time since the last
// contact (an attended appointment or outreach that reached them). The
// person page and the appointments page show it on every view, so it is
// one statement, as ContinuityOf's three are for a caseload: as three in a
// transaction of their own it was a tenth of the person page's CPU.
func (db *DB) Continuity(ctx context.Context, personID int64) (care.Continuity, error) {
	c := db.continuityRead(personID)
	if err := eachRow(ctx, db, c.step.what, c.step.q, c.step.args, c.step.row); err != nil {
		return care.Continuity{}, err
	}
	return c.result(), nil
}

// continuityRead is the read Continuity makes, as a step that can be sent
// with others (readTogether), and what it has read so far.
type continuityRead struct {
	step           readStep
	now            time.Time
	appts, reached []care.Contact
	lastID         int64
}

func (db *DB) continuityRead(personID int64) *continuityRead {
	now := db.Now()
	since := now.AddDate(0, 0, -care.ContinuityWindowDays)
	// Rows of kind 1 are the window's attended appointments, one per
	// worker at each; 2 is the last attended appointment whenever it was;
	// 3 the last outreach that reached them.
	const q = `SELECT 1, a.id, a.starts_at, s.user_id FROM appointments a JOIN appointment_staff s ON s.appointment_id = a.id
			WHERE a.person_id = ? AND a.outcome = 'attended' AND a.starts_at >= ? AND a.starts_at <= ?
		UNION ALL SELECT 2, 0, MAX(starts_at), 0 FROM appointments
			WHERE person_id = ? AND outcome = 'attended' AND starts_at <= ? HAVING MAX(starts_at) IS NOT NULL
		UNION ALL SELECT 3, 0, MAX(at), 0 FROM outreach_attempts
			WHERE person_id = ? AND outcome = 'reached' AND at <= ? HAVING MAX(at) IS NOT NULL
		ORDER BY 1, 2`
	c := &continuityRead{now: now}
	c.step = readStep{what: fmt.Sprintf("continuity of person %d", personID), q: q,
		args: []any{personID, since.UTC(), now.UTC(), personID, now.UTC(), personID, now.UTC()}, row: c.row}
	return c
}

func (c *continuityRead) row(rows scanner) error {
	var kind int
	var id, staff int64
	var ct care.Contact
	if err := rows.Scan(&kind, &id, dbTime{&ct.At}, &staff); err != nil {
		return err
	}
	switch {
	case kind == 1:
		if id != c.lastID {
			c.appts, c.lastID = append(c.appts, ct), id
		}
		c.appts[len(c.appts)-1].StaffIDs = append(c.appts[len(c.appts)-1].StaffIDs, staff)
	case ct.At.IsZero():
	case kind == 2:
		c.appts = append(c.appts, ct)
	default:
		c.reached = append(c.reached, ct)
	}
	return nil
}

func (c *continuityRead) result() care.Continuity {
	return care.ComputeContinuity(c.appts, c.reached, c.now)
}

// continuityChunk bounds the people one set of continuity queries asks
// about, well inside every database's limit on bound parameters.
const continuityChunk = 500

// ContinuityOf works out continuity for several people, for caseload
// views: three statements for a whole caseload, not three per person.
func (db *DB) ContinuityOf(ctx context.Context, personIDs []int64) (map[int64]care.Continuity, error) {
	now := db.Now()
	since := now.AddDate(0, 0, -care.ContinuityWindowDays)
	appts, reached := map[int64][]care.Contact{}, map[int64][]care.Contact{}
	for lo := 0; lo < len(personIDs); lo += continuityChunk {
		ids := personIDs[lo:min(lo+continuityChunk, len(personIDs))]
		err := db.view(ctx, func(tx *Tx) error {
			q, args := appendIn(`SELECT a.person_id, a.id, a.starts_at, s.user_id FROM appointments a JOIN appointment_staff s ON s.appointment_id = a.id
				WHERE a.outcome = 'attended' AND a.starts_at >= ? AND a.starts_at <= ? AND a.person_id IN (0`, []any{since.UTC(), now.UTC()}, ids)
			lastID := int64(0)
			err := eachRow(ctx, tx, "attended appointments", q+`) ORDER BY a.person_id, a.id`, args, func(rows scanner) error {
				var person, id, staff int64
				var c care.Contact
				if err := rows.Scan(&person, &id, dbTime{&c.At}, &staff); err != nil {
					return err
				}
				if id != lastID {
					appts[person], lastID = append(appts[person], c), id
				}
				list := appts[person]
				list[len(list)-1].StaffIDs = append(list[len(list)-1].StaffIDs, staff)
				return nil
			})
			if err != nil {
				return err
			}
			// The latest contact of each kind, whenever it was.
			latest := func(what, q string, into map[int64][]care.Contact) error {
				q, args := appendIn(q, []any{now.UTC()}, ids)
				return eachRow(ctx, tx, what, q+`) GROUP BY person_id`, args, func(rows scanner) error {
					var person int64
					var c care.Contact
					if err := rows.Scan(&person, dbTime{&c.At}); err != nil {
						return err
					}
					if !c.At.IsZero() {
						into[person] = append(into[person], c)
					}
					return nil
				})
			}
			if err := latest("last attended", `SELECT person_id, MAX(starts_at) FROM appointments WHERE outcome = 'attended' AND starts_at <= ? AND person_id IN (0`, appts); err != nil {
				return err
			}
			return latest("last reached", `SELECT person_id, MAX(at) FROM outreach_attempts WHERE outcome = 'reached' AND at <= ? AND person_id IN (0`, reached)
		})
		if err != nil {
			return nil, fmt.Errorf("continuity of %d people: %w", len(ids), err)
		}
	}
	out := make(map[int64]care.Continuity, len(personIDs))
	for _, id := range personIDs {
		out[id] = care.ComputeContinuity(appts[id], reached[id], now)
	}
	return out, nil
}
