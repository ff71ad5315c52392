package store

import (
	"context"

	"throughline/internal/auth"
)

// Hooks for the store's own tests and benchmarks.

// SetSealFault makes every seal fail after writing the chain and before
// removing the pending rows (nil restores normal sealing).
func (db *DB) SetSealFault(f func() error) { db.sealFault = f }

// SetAuditDirect commits each read's audit event in its own transaction
// instead of grouping concurrent ones, for the benchmark comparing them.
func (db *DB) SetAuditDirect(direct bool) { db.group.direct = direct }

// AuditQueued is how many read audit events wait for the next group commit.
func (db *DB) AuditQueued() int {
	db.group.mu.Lock()
	defer db.group.mu.Unlock()
	return len(db.group.queue)
}

// AuditBatches is how many group commits have run.
func (db *DB) AuditBatches() int64 { return db.group.batches.Load() }

// AuditForTest appends an event inside a test's own write transaction.
func (t *Tx) AuditForTest(ctx context.Context, a auth.Actor, action string, personID int64, record string) error {
	return t.audit(ctx, a.Event(action, personID, record))
}

// LockForTest runs a locking statement inside a test's transaction.
func (t *Tx) LockForTest(ctx context.Context, q string) error {
	_, err := t.exec(ctx, q)
	return err
}
