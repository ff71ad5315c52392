package store

import (
	"context"
	"database/sql"
	"time"

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

// HoldAppendsForTest holds back the commits of reads' audit events until
// release is closed, closing held once they are held: on SQLite by
// holding the journal's one writer, on PostgreSQL by locking audit_pending
// against inserts.
func (db *DB) HoldAppendsForTest(ctx context.Context, held, release chan struct{}) error {
	hold := func(tx *Tx) error {
		if db.dialect == Postgres {
			if _, err := tx.exec(ctx, `LOCK TABLE audit_pending IN EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		close(held)
		<-release
		return nil
	}
	if db.dialect == Postgres {
		return db.Update(ctx, hold)
	}
	j, err := db.journal(ctx)
	if err != nil {
		return err
	}
	return db.run(ctx, j.write, false, hold)
}

// KeepMovedForTest leaves sealed events in the journal after each seal
// commits, as a process killed at that moment would.
func (db *DB) KeepMovedForTest(keep bool) { db.journ.keepMoved = keep }

// LockForTest runs a locking statement inside a test's transaction.
func (t *Tx) LockForTest(ctx context.Context, q string) error {
	_, err := t.exec(ctx, q)
	return err
}

// SetBulkCopy turns COPY in bulk transactions on PostgreSQL on or off, and
// sets how many rows a COPY buffer holds (0 = the default).
func (db *DB) SetBulkCopy(on bool, perFlush int) {
	db.copyTuning = copyTuning{off: !on, perFlush: perFlush}
}

// RowsForTest reads every row of q, each column as text, in the
// transaction: what a statement sees in the middle of a bulk load.
func (t *Tx) RowsForTest(ctx context.Context, q string) ([][]string, error) {
	return queryRowsText(ctx, t, q)
}

// RowsForTest reads every row of q, each column as text.
func (db *DB) RowsForTest(ctx context.Context, q string) ([][]string, error) {
	var out [][]string
	err := db.view(ctx, func(t *Tx) error {
		var err error
		out, err = queryRowsText(ctx, t, q)
		return err
	})
	return out, err
}

func queryRowsText(ctx context.Context, t *Tx, q string) ([][]string, error) {
	rows, err := t.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
			if !v.Valid {
				row[i] = "NULL"
			}
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// SetAuditLinger sets the longest a group commit waits for expected reads
// (0 restores auditLinger).
func (db *DB) SetAuditLinger(d time.Duration) { db.group.linger = d }

// SetExportPartSize makes a bulk export write its parts at n bytes, so a
// small export has many (0 restores the default).
func (db *DB) SetExportPartSize(n int) { db.exportPart = n }

// PeopleSearchIDsForTest is the statement a people search reads a page of
// ids with, and its arguments.
func PeopleSearchIDsForTest(query string) (string, []any) {
	s, _ := searchPeople(query)
	return s.idsSQL(FirstPage.sql()), s.args
}
