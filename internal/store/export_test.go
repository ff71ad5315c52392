package store

import "context"

// TamperForTest runs q with the append-only protection lifted, as someone
// with direct database access might, so tests can prove tampering is seen.
func (db *DB) TamperForTest(ctx context.Context, q string) error {
	return db.Update(ctx, func(tx *Tx) error {
		if db.dialect == Postgres {
			if _, err := tx.exec(ctx, `ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change`); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, q); err != nil {
				return err
			}
			_, err := tx.exec(ctx, `ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change`)
			return err
		}
		for _, s := range []string{`DROP TRIGGER audit_events_no_update`, q,
			`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`} {
			if _, err := tx.exec(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
}

// ExecForTest runs a raw statement inside a transaction.
func (t *Tx) ExecForTest(ctx context.Context, q string) error {
	_, err := t.exec(ctx, q)
	return err
}
