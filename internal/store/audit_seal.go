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

// Sealing: appends wait in audit_pending (audit.go); a sealer moves them,
// oldest first, into the hash chain in audit_events and advances
// audit_head, then signs a checkpoint when one is due, all in one
// transaction. A sealer that dies mid-batch rolls back and loses nothing;
// the next one seals the same rows. Sealers exclude each other: on
// PostgreSQL by an advisory lock held for the transaction (released by the
// server if the process dies), on SQLite because a write transaction is
// already the database's one writer, across processes too. The chain head
// is also read FOR UPDATE, so two sealers could never interleave even
// without the advisory lock; the lock lets a background sealer see that
// another process is sealing and leave the work to it.

// sealLockKey names the advisory lock every sealer takes on PostgreSQL.
const sealLockKey int64 = 0x7468726f756768 // "through"

// errChainBroken is why a sealer refused to extend the chain; the
// verification says where it broke.
var errChainBroken = errors.New("audit chain broken")

// sealBatch bounds one sealing transaction, so a large backlog (after a
// demo load, or a sealer stopped for a while) commits in steps.
const sealBatch = 1000

// sealRows is how many events go in one multi-row statement: 12,000
// values stays inside both databases' limits on parameters (SQLite
// 32,766; PostgreSQL 65,535), so a batch is one insert and one delete.
const sealRows = 1000

// SealReport says what a seal did.
type SealReport struct {
	Sealed     int64               // events written into the chain
	Checkpoint auditlog.Checkpoint // the newest checkpoint, when one was read or made (N > 0)
	Signed     bool                // Checkpoint was made by this seal
	Busy       bool                // another sealer held the lock: it seals these events
}

// sealing says how one seal runs.
type sealing struct {
	wait bool               // wait for another sealer instead of leaving the work to it
	key  ed25519.PrivateKey // nil seals without signing
	// due says whether to sign, given the newest checkpoint (nil if none)
	// and the sealed head; nil signs whenever the chain has moved.
	due func(latest *auditlog.Checkpoint, headSeq int64) bool
}

// SealAudit seals every pending audit event into the chain and, with a
// key, signs a checkpoint when the schedule says one is due. It is the
// server's background step: when another process is sealing it returns at
// once with Busy set. Calling it when there is nothing to do costs a read.
func (db *DB) SealAudit(ctx context.Context, key ed25519.PrivateKey, s auditlog.Schedule) (SealReport, error) {
	return db.seal(ctx, sealing{key: key, due: func(latest *auditlog.Checkpoint, head int64) bool {
		return s.Due(latest, head, db.Now())
	}})
}

// sealPendingNow seals every pending event, waiting for any other sealer,
// so what follows (a listing, a verification) sees every committed event
// in the chain.
func (db *DB) sealPendingNow(ctx context.Context) error {
	_, err := db.seal(ctx, sealing{wait: true})
	return err
}

func (db *DB) seal(ctx context.Context, s sealing) (SealReport, error) {
	var r SealReport
	if s.key == nil || s.due != nil {
		if work, err := db.sealWork(ctx, s); err != nil || !work {
			return r, err
		}
	}
	for {
		var b SealReport
		more := false
		var moved int64    // the journal's mark this transaction sealed to
		limit := s.batch() // pgload: larger when catching up (audit_seal_copy.go)
		err := db.sealTx(ctx, func(tx *Tx) error {
			b = SealReport{}
			ok, err := tx.sealLock(ctx, s.wait)
			if err != nil || !ok {
				b.Busy = !ok
				return err
			}
			n, mark, full, err := tx.sealPending(ctx, limit)
			if err != nil {
				return err
			}
			b.Sealed, more, moved = int64(n), full, mark
			if more || s.key == nil {
				return nil
			}
			b.Checkpoint, b.Signed, err = tx.signIfDue(ctx, s)
			return err
		})
		if err != nil {
			return r, fmt.Errorf("seal the audit log: %w", err)
		}
		if err := db.dropMoved(ctx, moved); err != nil {
			return r, err
		}
		r.Sealed += b.Sealed
		r.Checkpoint, r.Signed, r.Busy = b.Checkpoint, b.Signed, b.Busy
		if b.Busy || !more {
			return r, nil
		}
	}
}

// sealWork reads whether a seal has anything to do, so an idle server's
// background sealer does not take the writer every second.
// pendingCheck is 1 when an event waits in audit_pending, else 0. pg32:
// ORDER BY id finds the oldest by the primary key. Without it PostgreSQL
// scanned the table from the start, through every row earlier seals had
// deleted and autovacuum had not yet cleared: 11-14 ms once a second at
// 32 clients on the person page, where the index took 0.2 ms. On SQLite
// id is the rowid: the same either way.
const pendingCheck = `SELECT COUNT(*) FROM (SELECT 1 FROM audit_pending ORDER BY id LIMIT 1) p`

func (db *DB) sealWork(ctx context.Context, s sealing) (bool, error) {
	work := false
	err := db.view(ctx, func(tx *Tx) error {
		var pending int
		if err := tx.queryRow(ctx, pendingCheck).Scan(&pending); err != nil {
			return fmt.Errorf("pending audit events: %w", err)
		}
		if work = pending > 0; work {
			return nil
		}
		waiting, err := tx.journalWaiting(ctx)
		if err != nil {
			return err
		}
		if work = waiting > 0; work || s.key == nil {
			return nil
		}
		var head int64
		if err := tx.queryRow(ctx, `SELECT seq FROM audit_head WHERE id = 1`).Scan(&head); err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
		last, ok, err := tx.latestCheckpoint(ctx)
		if err != nil {
			return err
		}
		var latest *auditlog.Checkpoint
		if ok {
			latest = &last
		}
		work = s.due(latest, head)
		return nil
	})
	return work, err
}

// signIfDue signs the head the transaction has sealed when s says so.
func (t *Tx) signIfDue(ctx context.Context, s sealing) (auditlog.Checkpoint, bool, error) {
	if s.due != nil {
		if err := t.readHead(ctx); err != nil {
			return auditlog.Checkpoint{}, false, err
		}
		last, ok, err := t.latestCheckpoint(ctx)
		if err != nil {
			return auditlog.Checkpoint{}, false, err
		}
		var latest *auditlog.Checkpoint
		if ok {
			latest = &last
		}
		if !s.due(latest, t.headSeq) {
			return last, false, nil
		}
	}
	return t.checkpoint(ctx, s.key)
}

// sealLock takes the sealer's lock for this transaction; ok is false when
// another sealer holds it and wait is false.
func (t *Tx) sealLock(ctx context.Context, wait bool) (ok bool, err error) {
	if t.db.dialect != Postgres {
		return true, nil // this write transaction is the one writer
	}
	if wait {
		if _, err := t.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, sealLockKey); err != nil {
			return false, fmt.Errorf("audit sealer lock: %w", err)
		}
		return true, nil
	}
	if err := t.queryRow(ctx, `SELECT pg_try_advisory_xact_lock(?)`, sealLockKey).Scan(&ok); err != nil {
		return false, fmt.Errorf("audit sealer lock: %w", err)
	}
	return ok, nil
}

// sealPending seals up to limit events from audit_pending and up to limit
// from the journal of reads (SQLite), and returns how many, the journal
// mark it sealed to (0 if none), and whether either source had more. The
// two are merged in the order the events happened, so a read journaled
// before a write is sealed before it; each source keeps its own order. The
// caller holds the sealer's lock.
func (t *Tx) sealPending(ctx context.Context, limit int) (n int, mark int64, full bool, err error) {
	if err := t.readHead(ctx); err != nil {
		return 0, 0, false, err
	}
	var ids []int64
	var events []auth.Event
	err = eachRow(ctx, t, "pending audit events", `SELECT id, at, user_id, username, role, action, person_id, record, relationship, reason
		FROM audit_pending ORDER BY id LIMIT ?`, []any{limit}, func(s scanner) error {
		var id int64
		e, err := scanAppended(s, &id)
		ids, events = append(ids, id), append(events, e)
		return err
	})
	if err != nil {
		return 0, 0, false, err
	}
	journaled, mark, err := t.journalBatch(ctx, limit)
	if err != nil {
		return 0, 0, false, err
	}
	full = len(events) == limit || len(journaled) == limit
	if len(journaled) > 0 {
		events = mergeByTime(events, journaled)
	}
	if len(events) == 0 {
		return 0, 0, false, nil
	}
	if err := t.checkHead(ctx); err != nil {
		return 0, 0, false, err
	}
	for i := range events {
		e := &events[i]
		e.Seq, e.PrevHash = t.headSeq+1, t.headHash
		e.Normalise()
		e.Hash = e.ComputeHash(e.PrevHash)
		t.headSeq, t.headHash = e.Seq, e.Hash
	}
	for chunk := range slices.Chunk(events, sealRows) {
		if err := t.insertSealed(ctx, chunk); err != nil {
			return 0, 0, false, err
		}
	}
	if t.db.sealFault != nil {
		if err := t.db.sealFault(); err != nil {
			return 0, 0, false, err
		}
	}
	for chunk := range slices.Chunk(ids, sealRows) {
		// By id, never by range: on PostgreSQL a row with a lower id may
		// commit after this batch was read, and it is not sealed yet.
		q := `DELETE FROM audit_pending WHERE id IN (?` + strings.Repeat(`, ?`, len(chunk)-1) + `)`
		res, err := t.exec(ctx, q, anySlice(chunk)...)
		if err != nil {
			return 0, 0, false, fmt.Errorf("remove sealed audit events: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != int64(len(chunk)) {
			return 0, 0, false, fmt.Errorf("remove sealed audit events: %d of %d removed (%v): another sealer ran", n, len(chunk), err)
		}
	}
	if len(journaled) > 0 {
		if _, err := t.exec(ctx, `UPDATE audit_journal_moved SET moved = ? WHERE id = 1`, mark); err != nil {
			return 0, 0, false, fmt.Errorf("mark journal events sealed: %w", err)
		}
	}
	if _, err := t.exec(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, t.headSeq, t.headHash); err != nil {
		return 0, 0, false, fmt.Errorf("advance audit head: %w", err)
	}
	return len(events), mark, full, nil
}

// mergeByTime merges two lists of events, each in its own order, by when
// they happened; of two at the same moment, a's comes first.
func mergeByTime(a, b []auth.Event) []auth.Event {
	out := make([]auth.Event, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if b[0].At.Before(a[0].At) {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// checkHead refuses to extend a chain whose head does not point at its
// last event, or is behind a signed checkpoint: sealing onto a log cut
// back would hide the cut behind fresh, valid hashes.
func (t *Tx) checkHead(ctx context.Context) error {
	// pgload: the last event by MAX, which both databases read from the
	// end of the primary key; "seq > ? LIMIT 1" was planned on PostgreSQL
	// as a scan of the whole chain (a generic plan expects a row at once),
	// once per batch, so sealing a large backlog took quadratic time.
	var end int64
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM audit_events`).Scan(&end); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	if end > t.headSeq {
		return fmt.Errorf("%w: events follow the head at event %d", errChainBroken, t.headSeq)
	}
	if t.headSeq > 0 {
		var hash string
		err := t.queryRow(ctx, `SELECT hash FROM audit_events WHERE seq = ?`, t.headSeq).Scan(&hash)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && hash != t.headHash) {
			return fmt.Errorf("%w: its head does not match event %d", errChainBroken, t.headSeq)
		}
		if err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
	}
	last, ok, err := t.latestCheckpoint(ctx)
	if err != nil {
		return err
	}
	if ok && last.Seq > t.headSeq {
		return fmt.Errorf("%w: its head at event %d is behind checkpoint %d (event %d): events were removed from the end", errChainBroken, t.headSeq, last.N, last.Seq)
	}
	return nil
}

// scanAppended reads an appended event not yet sealed, and its id.
func scanAppended(s scanner, id *int64) (auth.Event, error) {
	var e auth.Event
	var role, rel string
	err := s.Scan(id, dbTime{&e.At}, &e.UserID, &e.Username, &role, &e.Action, &e.PersonID, &e.Record, &rel, &e.Reason)
	e.Role, e.Relationship = auth.Role(role), auth.Relationship(rel)
	return e, err
}

// insertSealed writes sealed events into the chain in one statement.
func (t *Tx) insertSealed(ctx context.Context, events []auth.Event) error {
	if t.copying() { // pgload: COPY on PostgreSQL (audit_seal_copy.go)
		return t.copySealed(ctx, events)
	}
	const row = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	q := `INSERT INTO audit_events (seq, at, user_id, username, role, action, person_id, record, relationship, reason, prev_hash, hash) VALUES ` +
		row + strings.Repeat(", "+row, len(events)-1)
	args := make([]any, 0, 12*len(events))
	for _, e := range events {
		args = append(args, e.Seq, e.At, e.UserID, e.Username, string(e.Role), e.Action, e.PersonID, e.Record, string(e.Relationship), e.Reason, e.PrevHash, e.Hash)
	}
	if _, err := t.exec(ctx, q, args...); err != nil {
		return fmt.Errorf("seal audit events: %w", err)
	}
	return nil
}

func anySlice[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
