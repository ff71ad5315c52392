package demo_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"throughline/internal/demo"
	"throughline/internal/store/storetest"
)

// regionTables are the tables compared between databases: every table a
// region fills, less those that record the build rather than the region:
// when each migration ran, and the training courses a migration adds,
// stamped as it ran; and SQLite's own bookkeeping for the journal of
// reads' audit events (the database's random token, and how far the
// journal is sealed), which PostgreSQL has no need of.
func regionTables(t *testing.T, raw *sql.DB) []string {
	t.Helper()
	rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_migrations', 'training_courses', 'database_identity', 'audit_journal_moved') ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// dumpTable reads every row of table as text the same on either database
// (times in UTC to the microsecond, which is all PostgreSQL keeps; true
// as 1), sorted.
func dumpTable(t *testing.T, raw *sql.DB, table string) []string {
	t.Helper()
	rows, err := raw.Query(`SELECT * FROM ` + table)
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		cells := make([]string, len(cols))
		for i, v := range vals {
			cells[i] = cellText(v)
		}
		out = append(out, strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []byte:
		return string(x)
	default:
		return fmt.Sprint(x)
	}
}

// TestSameRegionOnSQLiteAndPostgres builds the same small region on both
// databases, PostgreSQL's through COPY, and checks every table holds the
// same rows, ids included: the bulk paths on PostgreSQL write what the
// inserts on SQLite write.
func TestSameRegionOnSQLiteAndPostgres(t *testing.T) {
	t.Parallel()
	dsns := storetest.Dialects(t)
	if dsns["postgres"] == nil {
		t.Skip("no PostgreSQL: set THROUGHLINE_TEST_POSTGRES")
	}
	opt := options(t, 2026)
	opt.Scale, opt.People = 2, anyDayPeople
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	pgDSN := dsns["postgres"](t)
	for _, dsn := range []string{path, pgDSN} {
		db := storetest.Open(t, dsn)
		if _, err := demo.Load(ctx, db, opt); err != nil {
			t.Fatalf("load on %s: %v", db.Dialect(), err)
		}
		if _, err := db.VerifyAudit(ctx); err != nil { // seals the audit log, so both chains are compared
			t.Fatalf("audit verify on %s: %v", db.Dialect(), err)
		}
	}
	lite, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg, err := sql.Open("pgx", pgDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	tables := regionTables(t, lite)
	if len(tables) < 50 {
		t.Fatalf("only %d tables: %v", len(tables), tables)
	}
	for _, table := range tables {
		want, got := dumpTable(t, lite, table), dumpTable(t, pg, table)
		if len(got) != len(want) {
			t.Errorf("%s: %d rows on PostgreSQL, %d on SQLite", table, len(got), len(want))
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: row %d differs\nPostgreSQL %s\nSQLite     %s", table, i, got[i], want[i])
				break
			}
		}
	}
}
