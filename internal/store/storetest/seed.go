package storetest

import (
	"testing"

	"throughline/internal/store"
)

// Seed runs statements in order over one direct connection, for tests that
// build a small region row by row with every number known in advance.
func Seed(t testing.TB, db *store.DB, stmts ...string) {
	t.Helper()
	conn := raw(t, db)
	for _, q := range stmts {
		if _, err := conn.Exec(q); err != nil {
			t.Fatalf("seed %q: %v", q, err)
		}
	}
}
