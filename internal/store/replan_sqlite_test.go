package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// timesPlanned runs q twice on one prepared statement, as the statement
// cache does, binding args afresh each time, and reports how many times
// SQLite parsed and planned it again (SQLITE_STMTSTATUS_REPREPARE): each
// one is the cost of a statement the cache never had.
func timesPlanned(t *testing.T, path, q string, args []any) int {
	t.Helper()
	tls := libc.NewTLS()
	defer tls.Close()
	check := func(what string, rc int32, ok ...int32) {
		t.Helper()
		for _, o := range append(ok, sqlite3.SQLITE_OK) {
			if rc == o {
				return
			}
		}
		t.Fatalf("%s: SQLite result %d", what, rc)
	}
	var texts []uintptr
	defer func() {
		for _, p := range texts {
			libc.Xfree(tls, p)
		}
	}()
	text := func(s string) uintptr {
		p, err := libc.CString(s)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, p)
		return p
	}
	pdb := tls.Alloc(8)
	defer tls.Free(8)
	check("open", sqlite3.Xsqlite3_open_v2(tls, text(path), pdb, sqlite3.SQLITE_OPEN_READONLY, 0))
	db := outParam(pdb)
	defer sqlite3.Xsqlite3_close(tls, db)
	pstmt := tls.Alloc(8)
	defer tls.Free(8)
	check("prepare", sqlite3.Xsqlite3_prepare_v2(tls, db, text(q), -1, pstmt, 0))
	stmt := outParam(pstmt)
	defer sqlite3.Xsqlite3_finalize(tls, stmt)
	for range 2 {
		for i, a := range args {
			switch v := a.(type) {
			case int64:
				check("bind", sqlite3.Xsqlite3_bind_int64(tls, stmt, int32(i+1), v))
			case string:
				check("bind", sqlite3.Xsqlite3_bind_text(tls, stmt, int32(i+1), text(v), -1, 0))
			default:
				t.Fatalf("argument %d is a %T: bind it here first", i+1, a)
			}
		}
		for {
			rc := sqlite3.Xsqlite3_step(tls, stmt)
			if rc == sqlite3.SQLITE_DONE {
				break
			}
			check("step", rc, sqlite3.SQLITE_ROW)
		}
		check("reset", sqlite3.Xsqlite3_reset(tls, stmt))
	}
	return int(sqlite3.Xsqlite3_stmt_status(tls, stmt, sqlite3.SQLITE_STMTSTATUS_REPREPARE, 0))
}

// migratedSQLiteFile is a new, migrated SQLite database in a file of its
// own, and the file's path, for tests that read its plans directly.
func migratedSQLiteFile(t *testing.T) (*DB, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "plans.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db, path
}

// outParam is the pointer SQLite wrote at p, in memory libc allocated
// (adding nothing to it reads it without converting p to a Go pointer).
func outParam(p uintptr) uintptr { return libc.AssignAddPtrUintptr(p, 0) }

// TestOpenTaskSummaryIsNotPlannedAgain: the home page's task summary,
// run again on the statement the cache keeps, is not parsed and planned
// again, as it was with its LIMIT bound (half its time).
func TestOpenTaskSummaryIsNotPlannedAgain(t *testing.T) {
	_, path := migratedSQLiteFile(t)
	q, args := openTaskSummarySQL(1, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), "risk-check", 20)
	if got := timesPlanned(t, path, q, args); got != 0 {
		t.Errorf("the task summary was planned again %d times; want none", got)
	}
	// The check itself: a bound LIMIT with an ORDER BY is planned again.
	if got := timesPlanned(t, path, q[:len(q)-len(" LIMIT 20")]+" LIMIT ?", append(args, int64(20))); got == 0 {
		t.Error("a bound LIMIT was not planned again: the check cannot see it")
	}
}
