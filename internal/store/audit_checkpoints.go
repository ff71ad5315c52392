package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"

	"throughline/internal/auditlog"
)

// checkpoint is the signing step: it signs the audit chain's head as this
// transaction sees it, if the chain has moved since the last checkpoint.
// The sealer (audit_seal.go) calls it in the transaction that sealed the
// last batch, so what is signed is exactly what commits, and only the one
// process holding the sealer's lock ever signs.
func (t *Tx) checkpoint(ctx context.Context, key ed25519.PrivateKey) (auditlog.Checkpoint, bool, error) {
	if err := t.readHead(ctx); err != nil {
		return auditlog.Checkpoint{}, false, err
	}
	last, ok, err := t.latestCheckpoint(ctx)
	if err != nil {
		return auditlog.Checkpoint{}, false, err
	}
	var prev *auditlog.Checkpoint
	if ok {
		if id := auditlog.KeyID(key.Public().(ed25519.PublicKey)); last.KeyID != id {
			return auditlog.Checkpoint{}, false, fmt.Errorf("the audit key (%s) is not the key that signed checkpoint %d (%s): use that key file", id, last.N, last.KeyID)
		}
		if last.Seq == t.headSeq {
			if last.Hash != t.headHash {
				return auditlog.Checkpoint{}, false, fmt.Errorf("audit chain broken: its head at event %d differs from what checkpoint %d signed", last.Seq, last.N)
			}
			return last, false, nil
		}
		prev = &last
	}
	if t.headSeq == 0 {
		return auditlog.Checkpoint{}, false, nil
	}
	c, err := auditlog.Sign(key, prev, t.headSeq, t.headHash, t.db.Now())
	if err != nil {
		return auditlog.Checkpoint{}, false, err
	}
	if _, err := t.exec(ctx, `INSERT INTO audit_checkpoints (n, seq, hash, line) VALUES (?, ?, ?, ?)`, c.N, c.Seq, c.Hash, c.Line()); err != nil {
		return auditlog.Checkpoint{}, false, fmt.Errorf("save audit checkpoint: %w", err)
	}
	return c, true, nil
}

// latestCheckpoint is the newest checkpoint; ok is false when there is none.
func (t *Tx) latestCheckpoint(ctx context.Context) (c auditlog.Checkpoint, ok bool, err error) {
	var n, seq int64
	var hash, line string
	err = t.queryRow(ctx, `SELECT n, seq, hash, line FROM audit_checkpoints ORDER BY n DESC LIMIT 1`).Scan(&n, &seq, &hash, &line)
	if errors.Is(err, sql.ErrNoRows) {
		return auditlog.Checkpoint{}, false, nil
	}
	if err != nil {
		return auditlog.Checkpoint{}, false, fmt.Errorf("latest audit checkpoint: %w", err)
	}
	c, err = checkpointRow(n, seq, hash, line)
	return c, err == nil, err
}

// checkpointRow reads a checkpoint from its signed line and checks the
// columns beside it say the same.
func checkpointRow(n, seq int64, hash, line string) (auditlog.Checkpoint, error) {
	c, err := auditlog.ParseLine(line)
	if err != nil {
		return auditlog.Checkpoint{}, fmt.Errorf("audit checkpoint %d: %w", n, err)
	}
	if c.N != n || c.Seq != seq || c.Hash != hash {
		return auditlog.Checkpoint{}, fmt.Errorf("audit checkpoint %d was altered: its columns differ from its signed line", n)
	}
	return c, nil
}

// Checkpoint seals every pending event and signs the chain's head if it
// has moved since the last checkpoint, and returns the newest checkpoint;
// made says a new one was written. With an empty chain there is nothing
// to sign (ok is false).
func (db *DB) Checkpoint(ctx context.Context, key ed25519.PrivateKey) (c auditlog.Checkpoint, made bool, err error) {
	r, err := db.seal(ctx, sealing{wait: true, key: key})
	return r.Checkpoint, r.Signed, err
}

// CheckpointIfDue seals pending events and makes a checkpoint when the
// schedule says one is due; when there is nothing to do it costs one
// read, so it can run every second. Another process sealing at the time
// does the work instead (made is false).
func (db *DB) CheckpointIfDue(ctx context.Context, key ed25519.PrivateKey, s auditlog.Schedule) (c auditlog.Checkpoint, made bool, err error) {
	r, err := db.SealAudit(ctx, key, s)
	if !r.Signed {
		return auditlog.Checkpoint{}, false, err
	}
	return r.Checkpoint, true, err
}

// LatestCheckpoint is the newest checkpoint; ok is false when there is none.
func (db *DB) LatestCheckpoint(ctx context.Context) (c auditlog.Checkpoint, ok bool, err error) {
	err = db.view(ctx, func(tx *Tx) error {
		c, ok, err = tx.latestCheckpoint(ctx)
		return err
	})
	return c, ok, err
}
