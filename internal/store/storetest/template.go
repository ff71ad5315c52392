package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"throughline/internal/store"
)

// Template is a database built once per dialect in a test process and
// copied for each test that asks for it, so that an expensive starting
// point (the migrated schema, the 2,000-person demo region) is paid for
// once per package instead of once per test. A copy is the test's own:
// it may write to it freely.
type Template struct {
	// Name keys the template; lower-case letters, digits and underscores.
	Name string
	// Build fills the freshly migrated template; nil leaves it migrated
	// and empty. It runs once per dialect, in whichever test asks first,
	// and must not keep db: the template is closed before it is copied.
	Build func(ctx context.Context, db *store.DB) error

	mu       sync.Mutex
	dialects map[string]*built
}

// built is one dialect's template: a SQLite file, or a PostgreSQL
// database, that no connection holds open.
type built struct {
	once    sync.Once
	src     string
	err     error
	took    time.Duration
	logOnce sync.Once
}

// Migrated is the empty, migrated schema; Each hands out copies of it.
var Migrated = &Template{Name: "migrated"}

var templateName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,30}$`)

// Open returns a fresh copy of the template on dialect ("sqlite" or
// "postgres"), closed and removed when the test ends.
func (tp *Template) Open(t testing.TB, dialect string) *store.DB {
	t.Helper()
	if _, ok := Dialects(t)[dialect]; !ok {
		t.Fatalf("storetest: no %s database to copy %s to", dialect, tp.Name)
	}
	b := tp.entry(dialect)
	tp.ensure(dialect, b)
	if b.err != nil {
		t.Fatalf("storetest: template %s on %s: %v", tp.Name, dialect, b.err)
	}
	b.logOnce.Do(func() {
		t.Logf("storetest: template %s on %s built in %s", tp.Name, dialect, b.took.Round(time.Millisecond))
	})
	var dsn string
	if dialect == "postgres" {
		dsn = copyPostgres(t, b.src)
	} else {
		dsn = copySQLite(t, b.src)
	}
	return open(t, dsn)
}

// Each runs fn as a parallel subtest on a copy of the template for every
// available database.
func (tp *Template) Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for name := range Dialects(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, tp.Open(t, name))
		})
	}
}

// Prepare starts building the template on every available database in
// the background, for a test that will need it only after other work:
// the build then overlaps that work instead of following it.
func (tp *Template) Prepare(t testing.TB) {
	t.Helper()
	for dialect := range Dialects(t) {
		b := tp.entry(dialect)
		building.Add(1)
		go func() {
			defer building.Done()
			tp.ensure(dialect, b)
		}()
	}
}

// ensure builds the template on dialect unless that is done or under way,
// in which case it waits for it.
func (tp *Template) ensure(dialect string, b *built) {
	b.once.Do(func() {
		b.err = errors.New("an earlier build did not finish")
		start := time.Now()
		b.src, b.err = tp.build(dialect)
		b.took = time.Since(start)
	})
}

func (tp *Template) entry(dialect string) *built {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	if tp.dialects == nil {
		tp.dialects = map[string]*built{}
	}
	b, ok := tp.dialects[dialect]
	if !ok {
		b = &built{}
		tp.dialects[dialect] = b
	}
	return b
}

// build makes the template and returns what copies are made from: the
// SQLite file path or the PostgreSQL database name.
func (tp *Template) build(dialect string) (string, error) {
	if !templateName.MatchString(tp.Name) {
		return "", fmt.Errorf("name %q: use lower-case letters, digits and underscores", tp.Name)
	}
	ctx := context.Background()
	var dsn, src string
	if dialect == "postgres" {
		src = "tl_tpl_" + tp.Name + "_" + randomSuffix()
		if err := createDatabase(src, ""); err != nil {
			return "", err
		}
		dsn = postgresURL(src)
	} else {
		dir, err := templateDir()
		if err != nil {
			return "", err
		}
		src = filepath.Join(dir, tp.Name+".db")
		dsn = src
	}
	remove := func() { forget(dialect, src) }
	keep(dialect, src)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		remove()
		return "", err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		remove()
		return "", fmt.Errorf("migrate: %w", err)
	}
	if tp.Build != nil {
		if err := tp.Build(ctx, db); err != nil {
			db.Close()
			remove()
			return "", err
		}
	}
	// PostgreSQL copies only a database nobody is connected to; SQLite
	// folds the write-ahead log into the file when the last connection
	// closes, so the one file is the whole database.
	if err := db.Close(); err != nil {
		remove()
		return "", err
	}
	if dialect == "sqlite" {
		if err := checkpoint(src); err != nil {
			remove()
			return "", err
		}
	}
	return src, nil
}

// checkpoint makes sure the SQLite file holds every committed write, with
// no write-ahead log beside it for a copy to miss.
func checkpoint(path string) error {
	conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return nil
}

func copySQLite(t testing.TB, src string) string {
	t.Helper()
	dst := sqliteDSN(t)
	if err := copyFile(dst, src); err != nil {
		t.Fatalf("storetest: copy %s: %v", src, err)
	}
	return dst
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// copyPostgres creates a database from the template and drops it after the test.
func copyPostgres(t testing.TB, template string) string {
	t.Helper()
	name := "tl_test_" + randomSuffix()
	if err := createDatabase(name, template); err != nil {
		t.Fatalf("storetest: copy %s: %v", template, err)
	}
	t.Cleanup(func() { dropDatabase(name) })
	return postgresURL(name)
}
