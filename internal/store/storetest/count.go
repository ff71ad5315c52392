package storetest

import (
	"testing"

	"throughline/internal/store"
)

// Count runs a COUNT query (no parameters) directly against db's database,
// for tests checking what was written without going through the store.
func Count(t testing.TB, db *store.DB, q string) int {
	t.Helper()
	var n int
	if err := raw(t, db).QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("count %q: %v", q, err)
	}
	return n
}
