package storetest

import (
	"strings"
	"testing"

	"throughline/internal/store"
)

// SQLitePlan is SQLite's EXPLAIN QUERY PLAN of q, one step a line, so a
// test can check that a hot query uses the index meant for it. The
// planner does not look at args' values, only that they are bound.
func SQLitePlan(t testing.TB, db *store.DB, q string, args ...any) string {
	t.Helper()
	if db.Dialect() != store.SQLite {
		t.Fatal("storetest: SQLitePlan needs a SQLite database")
	}
	rows, err := raw(t, db).Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
