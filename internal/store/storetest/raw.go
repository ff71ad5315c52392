package storetest

import (
	"database/sql"
	"sync"
	"testing"

	"throughline/internal/store"
)

var (
	mu   sync.Mutex
	dsns = map[*store.DB]string{}
)

func remember(db *store.DB, dsn string) {
	mu.Lock()
	defer mu.Unlock()
	dsns[db] = dsn
}

// raw opens a separate, plain connection to db's database, as someone with
// direct database access would have.
func raw(t testing.TB, db *store.DB) *sql.DB {
	t.Helper()
	mu.Lock()
	dsn, ok := dsns[db]
	mu.Unlock()
	if !ok {
		t.Fatal("storetest: database was not opened by storetest")
	}
	driver, name := "sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)"
	if store.IsPostgres(dsn) {
		driver, name = "pgx", dsn
	}
	conn, err := sql.Open(driver, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// Exec runs q directly, with every database protection in place.
func Exec(t testing.TB, db *store.DB, q string) error {
	_, err := raw(t, db).Exec(q)
	return err
}

// Tamper runs q on the audit log with its append-only triggers lifted, as
// a database administrator could, so tests can prove tampering is detected.
func Tamper(t testing.TB, db *store.DB, q string) {
	t.Helper()
	conn := raw(t, db)
	var stmts []string
	if db.Dialect() == store.Postgres {
		stmts = []string{`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change`, q, `ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change`}
	} else {
		const raise = `BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`
		stmts = []string{`DROP TRIGGER audit_events_no_update`, `DROP TRIGGER audit_events_no_delete`, q,
			`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events ` + raise,
			`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events ` + raise}
	}
	for _, s := range stmts {
		if _, err := conn.Exec(s); err != nil {
			t.Fatalf("tamper %q: %v", s, err)
		}
	}
}
