package storetest

import (
	"testing"

	"throughline/internal/store"
)

// TamperCheckpoints runs q on the audit checkpoints with their append-only
// triggers lifted, as a database administrator could.
func TamperCheckpoints(t testing.TB, db *store.DB, q string) {
	t.Helper()
	tamper(t, db, "audit_checkpoints", "audit checkpoints", q)
}
