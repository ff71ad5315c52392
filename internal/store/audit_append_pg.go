package store

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
)

// appendPendingPG commits a group of reads' audit events to audit_pending
// on PostgreSQL in one statement and one round trip. A statement sent on
// its own is its own transaction (all its rows or none, durable before the
// server answers), so the BEGIN and COMMIT that db.Update would wrap it in
// cost two round trips and bought nothing. The events go as one array per
// column, so a single statement text serves a group of any size: as one
// VALUES row per event, each size was a new statement, prepared and
// planned again on each pooled connection (pg32: at 32 clients most
// groups paid that).
func (db *DB) appendPendingPG(ctx context.Context, events []auth.Event) error {
	n := len(events)
	at := make([]time.Time, n)
	users, people := make([]int64, n), make([]int64, n)
	usernames, roles, actions := make([]string, n), make([]string, n), make([]string, n)
	records, relationships, reasons := make([]string, n), make([]string, n), make([]string, n)
	for i := range events {
		stampEvent(db, &events[i])
		e := events[i]
		at[i], users[i], usernames[i], roles[i], actions[i] = e.At, e.UserID, e.Username, string(e.Role), e.Action
		people[i], records[i], relationships[i], reasons[i] = e.PersonID, e.Record, string(e.Relationship), e.Reason
	}
	// WITH ORDINALITY keeps the events in the order they came, which is the
	// order their ids (and so the chain) will have.
	const q = `INSERT INTO audit_pending (at, user_id, username, role, action, person_id, record, relationship, reason)
		SELECT at, user_id, username, role, action, person_id, record, relationship, reason
		FROM unnest(?::timestamptz[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[])
			WITH ORDINALITY AS e(at, user_id, username, role, action, person_id, record, relationship, reason, n)
		ORDER BY n`
	if _, err := db.write.ExecContext(ctx, db.rebind(q), at, users, usernames, roles, actions, people, records, relationships, reasons); err != nil {
		return fmt.Errorf("append audit events: %w", err)
	}
	return nil
}
