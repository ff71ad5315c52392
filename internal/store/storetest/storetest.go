// Package storetest opens fresh, migrated databases for tests: always a
// SQLite file in a temporary directory, and a PostgreSQL database when
// THROUGHLINE_TEST_POSTGRES names a server (make check starts one). A
// Template builds an expensive starting point once per process and gives
// each test its own copy; packages that use one call Main from TestMain.
package storetest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"throughline/internal/store"
)

// Dialects returns the DSN makers to run a suite against. With
// THROUGHLINE_REQUIRE_POSTGRES=1 a missing server fails the test instead of
// being skipped, so CI cannot silently test only SQLite.
func Dialects(t testing.TB) map[string]func(testing.TB) string {
	t.Helper()
	out := map[string]func(testing.TB) string{"sqlite": sqliteDSN}
	if os.Getenv("THROUGHLINE_TEST_POSTGRES") != "" {
		out["postgres"] = postgresDSN
	} else if os.Getenv("THROUGHLINE_REQUIRE_POSTGRES") == "1" {
		t.Fatal("THROUGHLINE_REQUIRE_POSTGRES=1 but THROUGHLINE_TEST_POSTGRES is not set")
	}
	return out
}

// Each runs fn as a parallel subtest on every available database, each
// its own copy of the migrated schema (migrating once per process is much
// cheaper than once per test).
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	Migrated.Each(t, fn)
}

// Open opens and migrates dsn, closing it when the test ends.
func Open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db := open(t, dsn)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// open opens dsn as it stands, closing it when the test ends.
func open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	remember(db, dsn)
	return db
}

func sqliteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "throughline.db")
}

// postgresDSN creates an empty database on the test server and drops it
// after the test.
func postgresDSN(t testing.TB) string {
	t.Helper()
	name := "tl_test_" + randomSuffix()
	if err := createDatabase(name, ""); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() { dropDatabase(name) })
	return postgresURL(name)
}
