package storetest

import (
	"testing"

	"throughline/internal/store"
)

// TamperCheckpoints runs q on the audit checkpoints with their append-only
// triggers lifted, as a database administrator could.
func TamperCheckpoints(t testing.TB, db *store.DB, q string) {
	t.Helper()
	conn := raw(t, db)
	var stmts []string
	if db.Dialect() == store.Postgres {
		stmts = []string{`ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_no_change`, q, `ALTER TABLE audit_checkpoints ENABLE TRIGGER audit_checkpoints_no_change`}
	} else {
		const raise = `BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END`
		stmts = []string{`DROP TRIGGER audit_checkpoints_no_update`, `DROP TRIGGER audit_checkpoints_no_delete`, q,
			`CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints ` + raise,
			`CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints ` + raise}
	}
	for _, s := range stmts {
		if _, err := conn.Exec(s); err != nil {
			t.Fatalf("tamper %q: %v", s, err)
		}
	}
}
