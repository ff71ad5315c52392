package store

import (
	"context"
	"fmt"
	"strings"

	"throughline/internal/auth"
)

// audit appends an event to the chain inside tx. The transaction reads
// the head once (locking it on PostgreSQL; SQLite has one writer) and
// keeps it, so a batch of events costs one read and one head update, made
// by run just before commit: the lock still serialises concurrent appends
// on both databases.
func (t *Tx) audit(ctx context.Context, e auth.Event) error {
	if !t.headRead {
		q := `SELECT seq, hash FROM audit_head WHERE id = 1`
		if t.db.dialect == Postgres {
			q += ` FOR UPDATE`
		}
		if err := t.queryRow(ctx, q).Scan(&t.headSeq, &t.headHash); err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
		t.headRead = true
	}
	seq, prev := t.headSeq, t.headHash
	e.Seq, e.PrevHash, e.At = seq+1, prev, t.db.Now()
	e.Normalise()
	e.Hash = e.ComputeHash(prev)
	if _, err := t.exec(ctx, `INSERT INTO audit_events (seq, at, user_id, username, role, action, person_id, record, relationship, reason, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.At, e.UserID, e.Username, string(e.Role), e.Action, e.PersonID, e.Record, string(e.Relationship), e.Reason, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("append audit event: %w", err)
	}
	t.headSeq, t.headHash, t.headDirty = e.Seq, e.Hash, true
	return nil
}

// Audit appends one event in its own transaction, for reads and sign-ins.
func (db *DB) Audit(ctx context.Context, a auth.Actor, action string, personID int64, record string) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.audit(ctx, a.Event(action, personID, record)) })
}

// AuditFilter narrows an audit listing.
type AuditFilter struct {
	PersonID  int64
	UserID    int64
	Action    string
	BeforeSeq int64 // page backwards from here; 0 = newest
	Limit     int   // 0 = 100 (see MaxLimit)
}

// AuditEvents lists events newest first.
func (db *DB) AuditEvents(ctx context.Context, f AuditFilter) ([]auth.Event, error) {
	var where []string
	var args []any
	if f.PersonID != 0 {
		where, args = append(where, "person_id = ?"), append(args, f.PersonID)
	}
	if f.UserID != 0 {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.BeforeSeq > 0 {
		where, args = append(where, "seq < ?"), append(args, f.BeforeSeq)
	}
	limit, err := limitSQL("audit events", f.Limit, 100)
	if err != nil {
		return nil, err
	}
	q := `SELECT seq, at, user_id, username, role, action, person_id, record, relationship, reason, prev_hash, hash FROM audit_events`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY seq DESC" + limit
	var out []auth.Event
	err = db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, "list audit events", q, args, scanEvent)
		return err
	})
	return out, err
}

func scanEvent(s scanner, e *auth.Event) error {
	var role, rel string
	err := s.Scan(&e.Seq, dbTime{&e.At}, &e.UserID, &e.Username, &role, &e.Action, &e.PersonID, &e.Record, &rel, &e.Reason, &e.PrevHash, &e.Hash)
	e.Role, e.Relationship = auth.Role(role), auth.Relationship(rel)
	return err
}

// VerifyAudit walks the whole chain in order and checks that the head row
// points at its last event. It returns how many events it checked.
func (db *DB) VerifyAudit(ctx context.Context) (int64, error) {
	v := auth.NewChainVerifier()
	var headSeq int64
	var headHash string
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			return err
		}
		return eachRow(ctx, tx, "audit events", `SELECT seq, at, user_id, username, role, action, person_id, record, relationship, reason, prev_hash, hash
			FROM audit_events ORDER BY seq`, nil, func(rows scanner) error {
			var e auth.Event
			if err := scanEvent(rows, &e); err != nil {
				return err
			}
			return v.Next(e)
		})
	})
	if err != nil {
		return v.Checked, fmt.Errorf("audit chain broken: %w", err)
	}
	if v.Checked != headSeq {
		return v.Checked, fmt.Errorf("audit chain broken: head says %d events, found %d (events removed from the end)", headSeq, v.Checked)
	}
	if headSeq > 0 {
		var lastHash string
		if err := db.read.QueryRowContext(ctx, db.rebind(`SELECT hash FROM audit_events WHERE seq = ?`), headSeq).Scan(&lastHash); err != nil || lastHash != headHash {
			return v.Checked, fmt.Errorf("audit chain broken: head hash does not match event %d", headSeq)
		}
	}
	return v.Checked, nil
}
