package storetest

import (
	"context"
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
	tamper(t, db, "audit_events", "audit events", q)
}

// tamper runs q on an append-only table with its triggers (named
// TABLE_no_change on PostgreSQL, TABLE_no_update and TABLE_no_delete on
// SQLite) lifted, and puts them back as the migrations made them.
func tamper(t testing.TB, db *store.DB, table, noun, q string) {
	t.Helper()
	conn := raw(t, db)
	var stmts []string
	if db.Dialect() == store.Postgres {
		stmts = []string{`ALTER TABLE ` + table + ` DISABLE TRIGGER ` + table + `_no_change`, q, `ALTER TABLE ` + table + ` ENABLE TRIGGER ` + table + `_no_change`}
	} else {
		raise := `BEGIN SELECT RAISE(ABORT, '` + noun + ` are append-only'); END`
		stmts = []string{`DROP TRIGGER ` + table + `_no_update`, `DROP TRIGGER ` + table + `_no_delete`, q,
			`CREATE TRIGGER ` + table + `_no_update BEFORE UPDATE ON ` + table + ` ` + raise,
			`CREATE TRIGGER ` + table + `_no_delete BEFORE DELETE ON ` + table + ` ` + raise}
	}
	for _, s := range stmts {
		if _, err := conn.Exec(s); err != nil {
			t.Fatalf("tamper %q: %v", s, err)
		}
	}
}

// BreakReadAudits makes every later commit of reads' audit events fail, as
// a full disk or a damaged file would: on SQLite the journal's table is
// renamed away, on PostgreSQL audit_pending is.
func BreakReadAudits(t testing.TB, db *store.DB) {
	t.Helper()
	if db.Dialect() == store.Postgres {
		if err := Exec(t, db, `ALTER TABLE audit_pending RENAME TO audit_pending_gone`); err != nil {
			t.Fatal(err)
		}
		return
	}
	if _, err := db.JournalSetAside(context.Background()); err != nil { // the journal exists
		t.Fatal(err)
	}
	mu.Lock()
	dsn := dsns[db]
	mu.Unlock()
	conn, err := sql.Open("sqlite", "file:"+dsn+store.JournalSuffix+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec(`ALTER TABLE audit_journal RENAME TO audit_journal_gone`); err != nil {
		t.Fatal(err)
	}
}
