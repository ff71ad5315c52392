// Package storetest opens fresh, migrated databases for tests: always a
// SQLite file in a temporary directory, and a PostgreSQL database when
// THROUGHLINE_TEST_POSTGRES names a server (make check starts one).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
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

// Each runs fn as a subtest on every available database, each fresh and migrated.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for name, dsn := range Dialects(t) {
		t.Run(name, func(t *testing.T) {
			fn(t, Open(t, dsn(t)))
		})
	}
}

// Open opens and migrates dsn, closing it when the test ends.
func Open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	remember(db, dsn)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func sqliteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "throughline.db")
}

// postgresDSN creates an empty database on the test server and drops it
// after the test.
func postgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("THROUGHLINE_TEST_POSTGRES")
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "tl_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
