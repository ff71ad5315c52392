package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"throughline/internal/care"
)

// Continuity works out a person's continuity of care now: distinct workers
// at attended appointments in the last 90 days, and time since the last
// contact (an attended appointment or outreach that reached them). The
// person page and the appointments page show it on every view, so it is
// one statement, the one ContinuityOf sends for a caseload.
func (db *DB) Continuity(ctx context.Context, personID int64) (care.Continuity, error) {
	c := db.continuityRead(personID)
	if err := db.readTogether(ctx, c.step); err != nil {
		return care.Continuity{}, err
	}
	return c.result(), nil
}

// continuityRead is the read Continuity makes, as a step that can be sent
// with others (readTogether), and what it has read so far.
type continuityRead struct {
	step     readStep
	now      time.Time
	personID int64
	contacts continuityContacts
}

func (db *DB) continuityRead(personID int64) *continuityRead {
	c := &continuityRead{now: db.Now(), personID: personID, contacts: continuityContacts{}}
	since := c.now.AddDate(0, 0, -care.ContinuityWindowDays)
	c.step = readStep{what: fmt.Sprintf("continuity of person %d", personID), q: continuityOfOne,
		args: []any{c.now.UTC(), c.now.UTC(), personID, since.UTC(), c.now.UTC(), personID}, row: c.contacts.row}
	return c
}

func (c *continuityRead) result() care.Continuity {
	return c.contacts.of(c.personID, c.now)
}

// continuityLast is, for the person p, the last attended appointment and
// the last outreach that reached them, each at or before now (the two
// arguments), whenever they were. Each MAX is found by walking back from
// now through the person's own index until a row fits (SQLite's and
// PostgreSQL's min/max optimisation), not by reading all their history.
const continuityLast = `SELECT p.id, 0,
		(SELECT MAX(a.starts_at) FROM appointments a WHERE a.person_id = p.id AND a.outcome = 'attended' AND a.starts_at <= ?),
		(SELECT MAX(o.at) FROM outreach_attempts o WHERE o.person_id = p.id AND o.outcome = 'reached' AND o.at <= ?)
	FROM people p`

// continuitySeen is, for each worker seen at attended appointments in
// the window (since and now, the two arguments), the last of them.
const continuitySeen = ` UNION ALL SELECT a.person_id, s.user_id, MAX(a.starts_at), NULL FROM appointments a JOIN appointment_staff s ON s.appointment_id = a.id
	WHERE a.outcome = 'attended' AND a.starts_at >= ? AND a.starts_at <= ?`

// continuityOfOne reads one person's contacts, as continuitySQL does a
// caseload's.
const continuityOfOne = continuityLast + ` WHERE p.id = ?` + continuitySeen + ` AND a.person_id = ? GROUP BY a.person_id, s.user_id`

// continuitySQL reads, for the people ids, the contacts that decide their
// continuity at now, and no others: for each person, their last contacts
// (continuityLast) in a row with staff 0 (no user has id 0), and for each
// worker they saw at attended appointments in the window, the last such
// appointment. ComputeContinuity gives from these what it gives from
// every contact: the latest contact is among them, and so is each worker
// seen in the window.
func continuitySQL(now time.Time, ids []int64) (string, []any) {
	since := now.AddDate(0, 0, -care.ContinuityWindowDays)
	in := strings.Repeat(", ?", len(ids)) + `)`
	args := make([]any, 0, 4+2*len(ids))
	args = append(args, now.UTC(), now.UTC())
	for _, id := range ids {
		args = append(args, id)
	}
	args = append(args, since.UTC(), now.UTC())
	for _, id := range ids {
		args = append(args, id)
	}
	return continuityLast + ` WHERE p.id IN (0` + in + continuitySeen + ` AND a.person_id IN (0` + in + ` GROUP BY a.person_id, s.user_id`, args
}

// continuityContacts are the contacts continuitySQL reads, by person.
type continuityContacts map[int64]*personContacts

type personContacts struct{ appointments, reached []care.Contact }

func (m continuityContacts) row(rows scanner) error {
	var person, staff int64
	var at, reached time.Time
	if err := rows.Scan(&person, &staff, dbTime{&at}, dbTime{&reached}); err != nil {
		return err
	}
	p := m[person]
	if p == nil {
		p = &personContacts{}
		m[person] = p
	}
	switch {
	case staff != 0:
		p.appointments = append(p.appointments, care.Contact{At: at, StaffIDs: []int64{staff}})
	default:
		if !at.IsZero() {
			p.appointments = append(p.appointments, care.Contact{At: at})
		}
		if !reached.IsZero() {
			p.reached = append(p.reached, care.Contact{At: reached})
		}
	}
	return nil
}

func (m continuityContacts) of(personID int64, now time.Time) care.Continuity {
	var p personContacts
	if m[personID] != nil {
		p = *m[personID]
	}
	return care.ComputeContinuity(p.appointments, p.reached, now)
}

// continuityChunk bounds the people one continuity query asks about, well
// inside every database's limit on bound parameters (it names each twice).
const continuityChunk = 500

// ContinuityOf works out continuity for several people, for caseload
// views: one statement for a whole caseload, reading a few rows for each
// person however long their history.
func (db *DB) ContinuityOf(ctx context.Context, personIDs []int64) (map[int64]care.Continuity, error) {
	now := db.Now()
	contacts := continuityContacts{}
	for lo := 0; lo < len(personIDs); lo += continuityChunk {
		ids := personIDs[lo:min(lo+continuityChunk, len(personIDs))]
		q, args := continuitySQL(now, ids)
		if err := eachRow(ctx, db, fmt.Sprintf("continuity of %d people", len(ids)), q, args, contacts.row); err != nil {
			return nil, err
		}
	}
	out := make(map[int64]care.Continuity, len(personIDs))
	for _, id := range personIDs {
		out[id] = contacts.of(id, now)
	}
	return out, nil
}
