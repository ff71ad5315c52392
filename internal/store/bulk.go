package store

import (
	"context"
	"database/sql"
)

// Bulk loading: the demo region and importers write millions of rows.
//
// Bulk runs fn in one write transaction, like Update, in which every
// statement is prepared once and reused: parsing the same INSERT again for
// each of a million rows costs more than running it. The writes are the
// same validated, audited Tx methods as Update's (see batch.go); only the
// cost per statement changes.
func (db *DB) Bulk(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.write, false, func(t *Tx) error {
		t.stmts = map[string]*sql.Stmt{}
		return fn(t)
	})
}

// maxPrepared bounds a bulk transaction's statement cache.
const maxPrepared = 256

// prepared is q prepared in a bulk transaction, or nil outside one (and
// when preparing fails, so that running q unprepared reports the error).
// The transaction closes its statements when it ends.
func (t *Tx) prepared(ctx context.Context, q string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	if s, ok := t.stmts[q]; ok {
		return s
	}
	if len(t.stmts) >= maxPrepared {
		return nil // statements built per call (IN lists) are not worth keeping
	}
	s, err := t.tx.PrepareContext(ctx, t.db.rebind(q))
	if err != nil {
		return nil
	}
	t.stmts[q] = s
	return s
}
