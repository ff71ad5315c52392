package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"throughline/internal/auditlog"
	"throughline/internal/auth"
)

// audit appends an event inside tx, so a write and the event recording it
// commit together. It takes no shared lock: the row waits in audit_pending,
// ordered by its id, until the sealer writes it into the hash chain
// (audit_seal.go). Readers therefore no longer queue on the chain's head.
// In a bulk transaction the row is buffered and written with hundreds of
// others before the transaction commits (bulk_audit.go).
func (t *Tx) audit(ctx context.Context, e auth.Event) error {
	stampEvent(t.db, &e)
	if t.stmts != nil {
		return t.bufferAudit(ctx, e)
	}
	return t.insertAudit(ctx, "audit_pending", []auth.Event{e}, 100)
}

// auditMany stamps and appends events to table in order, in one statement
// per hundred: audit_pending, or on SQLite the journal of reads' events
// (audit_journal.go).
func (t *Tx) auditMany(ctx context.Context, table string, events []auth.Event) error {
	for i := range events {
		stampEvent(t.db, &events[i])
	}
	return t.insertAudit(ctx, table, events, 100)
}

// stampEvent dates an event by the store's clock, when it is appended.
func stampEvent(db *DB, e *auth.Event) {
	e.At = db.Now()
	e.Normalise()
}

// insertAudit writes stamped events to table (audit_pending, or the
// journal's audit_journal) in order, perInsert rows to a statement.
func (t *Tx) insertAudit(ctx context.Context, table string, events []auth.Event, perInsert int) error {
	const row = `(?, ?, ?, ?, ?, ?, ?, ?, ?)`
	for chunk := range slices.Chunk(events, perInsert) {
		args := make([]any, 0, 9*len(chunk))
		for _, e := range chunk {
			args = append(args, e.At, e.UserID, e.Username, string(e.Role), e.Action, e.PersonID, e.Record, string(e.Relationship), e.Reason)
		}
		q := `INSERT INTO ` + table + ` (at, user_id, username, role, action, person_id, record, relationship, reason) VALUES ` +
			row + strings.Repeat(", "+row, len(chunk)-1)
		if _, err := t.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("append audit event: %w", err)
		}
	}
	return nil
}

// readHead reads the chain's head once per transaction, locking it on
// PostgreSQL (SQLite has one writer). Only the sealer and the checkpoint
// step read it for writing.
func (t *Tx) readHead(ctx context.Context) error {
	if t.headRead {
		return nil
	}
	q := `SELECT seq, hash FROM audit_head WHERE id = 1`
	if t.db.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	if err := t.queryRow(ctx, q).Scan(&t.headSeq, &t.headHash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	t.headRead = true
	return nil
}

// Audit appends one event for a read or a sign-in, and returns once it has
// committed: the caller may then show what was read. On SQLite concurrent
// callers' events commit together (audit_group.go), one commit for many.
//
// For a read (a view, a search or an export) under a context carrying an
// AuditDeferral (WithAuditDeferral) that takes the event, Audit returns as
// soon as the event is queued, and the deferral's owner (the web's audit
// gate) must not show what was read until the event has committed
// (PendingAudit.Wait). Any other event (a sign-out, a failed sign-in) is
// waited for here, so the caller acts only once it is recorded.
func (db *DB) Audit(ctx context.Context, a auth.Actor, action string, personID int64, record string) error {
	e := a.Event(action, personID, record)
	switch action {
	case auth.ActionView, auth.ActionSearch, auth.ActionExport:
		return db.auditRead(ctx, e)
	}
	return db.group.add(ctx, db, e)
}

// auditRead audits a read, as Audit does. Reads of a record are audited
// here, after a read-only transaction, never inside a write transaction of
// their own: on SQLite a commit to the database file sends every reader
// back to the file for pages it had cached, and it takes the one writer.
func (db *DB) auditRead(ctx context.Context, e auth.Event) error {
	if take, ok := ctx.Value(auditDeferralKey{}).(AuditDeferral); ok {
		p := db.group.start(db, e)
		if take(p) {
			return nil
		}
		return p.Wait(ctx)
	}
	return db.group.add(ctx, db, e)
}

// AuditDeferral takes a read's audit event on its way to being committed,
// and reports whether it will wait for the commit before anything read is
// shown; false, and Audit waits itself.
type AuditDeferral func(*PendingAudit) bool

type auditDeferralKey struct{}

// WithAuditDeferral returns ctx carrying take, for the reads made under it.
func WithAuditDeferral(ctx context.Context, take AuditDeferral) context.Context {
	return context.WithValue(ctx, auditDeferralKey{}, take)
}

// AuditFilter narrows an audit listing.
type AuditFilter struct {
	PersonID  int64
	UserID    int64
	Action    string
	BeforeSeq int64 // page backwards from here; 0 = newest
	Limit     int   // 0 = 100 (see MaxLimit)
}

// AuditEvents lists events newest first. It seals pending events first,
// so the list holds every event committed before the call. On a broken
// chain, which the sealer will not extend, it lists what is sealed: the
// verification (VerifyAuditSigned) is what reports the break.
func (db *DB) AuditEvents(ctx context.Context, f AuditFilter) ([]auth.Event, error) {
	if err := db.sealPendingNow(ctx); err != nil && !errors.Is(err, errChainBroken) {
		return nil, err
	}
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

// AuditCheck is what VerifyAuditSigned checks beyond the hashes.
type AuditCheck struct {
	// Key checks every checkpoint's signature; nil checks only their links,
	// which someone able to rewrite the database could also rewrite.
	Key ed25519.PublicKey
	// Expect are checkpoints kept outside the database: each must still be
	// in the log, unchanged.
	Expect []auditlog.Checkpoint
}

// VerifyAudit checks the chain of hashes and the links between
// checkpoints, without a key. It returns how many events it checked.
func (db *DB) VerifyAudit(ctx context.Context) (int64, error) {
	r, err := db.VerifyAuditSigned(ctx, AuditCheck{})
	return r.Events, err
}

// VerifyAuditSigned seals pending events, then walks every checkpoint and
// every event in order: each event's hash, each checkpoint's link and
// signature, that the chain still holds every (event, hash) a checkpoint
// signed, that the head row points at the last event, and that each
// expected checkpoint is still there. Events appended after the seal are
// counted as not yet sealed, so the report accounts for every row.
func (db *DB) VerifyAuditSigned(ctx context.Context, c AuditCheck) (auditlog.Report, error) {
	r := auditlog.Report{}
	if c.Key != nil {
		r.KeyID = auditlog.KeyID(c.Key)
	}
	// A seal refused because the chain is broken still leaves the
	// verification below to say where; its error is returned only when
	// the chain itself verifies.
	sealErr := db.sealPendingNow(ctx)
	err := db.view(ctx, func(tx *Tx) error {
		// Checkpoints first, then the head, then the events up to it: each
		// is made from a committed head, so under PostgreSQL's read
		// committed every checkpoint read is covered by the head read
		// after it, and events appended meanwhile wait for the next check.
		signed, err := verifyCheckpoints(ctx, tx, c.Key, &r)
		if err != nil {
			return err
		}
		var headSeq int64
		var headHash string
		if err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
		v := auth.NewChainVerifier()
		var lastHash string
		err = eachRow(ctx, tx, "audit events", `SELECT seq, at, user_id, username, role, action, person_id, record, relationship, reason, prev_hash, hash
			FROM audit_events WHERE seq <= ? ORDER BY seq`, []any{headSeq}, func(rows scanner) error {
			var e auth.Event
			if err := scanEvent(rows, &e); err != nil {
				return err
			}
			if err := v.Next(e); err != nil {
				return err
			}
			if cp, ok := signed[e.Seq]; ok {
				if cp.Hash != e.Hash {
					return fmt.Errorf("audit event %d differs from what checkpoint %d signed: the log was rewritten", e.Seq, cp.N)
				}
				delete(signed, e.Seq)
			}
			lastHash = e.Hash
			return nil
		})
		r.Events = v.Checked
		if err != nil {
			return err
		}
		if len(signed) > 0 {
			lost := auditlog.Checkpoint{N: -1}
			for _, cp := range signed {
				if lost.N < 0 || cp.N < lost.N {
					lost = cp
				}
			}
			return fmt.Errorf("audit event %d, signed by checkpoint %d, is no longer in the log: events were removed from the end", lost.Seq, lost.N)
		}
		if v.Checked != headSeq {
			return fmt.Errorf("head says %d events, found %d (events removed from the end)", headSeq, v.Checked)
		}
		if headSeq > 0 && lastHash != headHash {
			return fmt.Errorf("head hash does not match event %d", headSeq)
		}
		if r.Pending, err = tx.waiting(ctx); err != nil {
			return err
		}
		return expectCheckpoints(ctx, tx, c, &r)
	})
	if err != nil {
		return r, fmt.Errorf("audit chain broken: %w", err)
	}
	return r, sealErr
}

// verifyCheckpoints checks the checkpoint chain and returns, by event
// number, what each checkpoint signed.
func verifyCheckpoints(ctx context.Context, tx *Tx, key ed25519.PublicKey, r *auditlog.Report) (map[int64]auditlog.Checkpoint, error) {
	check := auditlog.NewChainCheck(key)
	signed := map[int64]auditlog.Checkpoint{}
	err := eachRow(ctx, tx, "audit checkpoints", `SELECT n, seq, hash, line FROM audit_checkpoints ORDER BY n`, nil, func(rows scanner) error {
		var n, seq int64
		var hash, line string
		if err := rows.Scan(&n, &seq, &hash, &line); err != nil {
			return err
		}
		cp, err := checkpointRow(n, seq, hash, line)
		if err != nil {
			return err
		}
		if err := check.Next(cp); err != nil {
			return err
		}
		// Only the event number and hash are kept per checkpoint, so a
		// long log stays affordable to verify.
		signed[cp.Seq] = auditlog.Checkpoint{N: cp.N, Seq: cp.Seq, Hash: cp.Hash}
		r.Checkpoints++
		return nil
	})
	if last, ok := check.Last(); ok {
		r.Latest = &last
	}
	return signed, err
}

// expectCheckpoints checks each checkpoint kept outside is in the log with
// the same signed line.
func expectCheckpoints(ctx context.Context, tx *Tx, c AuditCheck, r *auditlog.Report) error {
	for _, want := range c.Expect {
		if c.Key != nil {
			if err := want.Verify(c.Key); err != nil {
				return fmt.Errorf("the checkpoint kept outside: %w", err)
			}
		}
		var line string
		err := tx.queryRow(ctx, `SELECT line FROM audit_checkpoints WHERE n = ?`, want.N).Scan(&line)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("checkpoint %d (event %d), kept outside, is no longer in the log: the log was cut back", want.N, want.Seq)
		}
		if err != nil {
			return fmt.Errorf("audit checkpoint %d: %w", want.N, err)
		}
		if line != want.Line() {
			return fmt.Errorf("checkpoint %d in the log differs from the one kept outside: the log was rewritten", want.N)
		}
		r.Expected++
	}
	return nil
}

// viewAudited runs read in a read-only transaction and then audits the
// events it gave audit, as reads are audited (auditRead): a read of a
// record is never a write transaction of its own. Nothing read is returned
// unless its events are committed, or, under the web's audit gate, queued
// for the response to wait for.
func (db *DB) viewAudited(ctx context.Context, read func(tx *Tx, audit func(auth.Event)) error) error {
	var events []auth.Event
	err := db.view(ctx, func(tx *Tx) error {
		events = events[:0]
		return read(tx, func(e auth.Event) { events = append(events, e) })
	})
	if err != nil {
		return err
	}
	for _, e := range events {
		if err := db.auditRead(ctx, e); err != nil {
			return err
		}
	}
	return nil
}
