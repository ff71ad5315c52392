package store

import (
	"context"

	"throughline/internal/auth"
)

// A bulk load records well over a million audit events, and one INSERT
// each was the largest cost per row. In a bulk transaction Tx.audit
// buffers the stamped rows instead, and they go into audit_pending
// auditPerInsert to a statement: when the buffer fills, and before the
// transaction commits. Order is kept (the sealer seals in the order of
// audit_pending's ids) and every row still commits with the writes it
// records, or rolls back with them.

// auditBuffer is a bulk transaction's audit rows not yet written.
type auditBuffer []auth.Event

// auditPerInsert is how many audit rows one statement writes: 9 values a
// row keeps 4,500 bound values, below both databases' limits.
const auditPerInsert = 500

// bufferAudit adds a stamped event, writing the buffer when it is full.
func (t *Tx) bufferAudit(ctx context.Context, e auth.Event) error {
	if t.copying() { // pgcopy: COPY on PostgreSQL (bulk_copy.go)
		return t.copyAudit(ctx, e)
	}
	t.auditBuf = append(t.auditBuf, e)
	if len(t.auditBuf) < auditPerInsert {
		return nil
	}
	return t.flushAudit(ctx)
}

// flushAudit writes the buffered audit rows.
func (t *Tx) flushAudit(ctx context.Context) error {
	if len(t.auditBuf) == 0 {
		return nil
	}
	err := t.insertAudit(ctx, "audit_pending", t.auditBuf, auditPerInsert)
	t.auditBuf = t.auditBuf[:0]
	return err
}
