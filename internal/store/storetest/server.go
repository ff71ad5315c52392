package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"throughline/internal/store"
)

// The test server's maintenance connection, opened once per process:
// every test creates and drops databases through it.
var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
)

func adminDB() (*sql.DB, error) {
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", os.Getenv("THROUGHLINE_TEST_POSTGRES"))
	})
	return admin, adminErr
}

// createDatabase creates name on the test server, as a copy of template
// when one is given.
func createDatabase(name, template string) error {
	a, err := adminDB()
	if err != nil {
		return err
	}
	q := "CREATE DATABASE " + name
	if template != "" {
		q += " TEMPLATE " + template
	}
	if _, err := a.Exec(q); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

func dropDatabase(name string) {
	a, err := adminDB()
	if err != nil {
		return
	}
	a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
}

// postgresURL is the test server's URL with the database name replaced.
func postgresURL(name string) string {
	u, err := url.Parse(os.Getenv("THROUGHLINE_TEST_POSTGRES"))
	if err != nil {
		panic(fmt.Sprintf("storetest: THROUGHLINE_TEST_POSTGRES: %v", err))
	}
	u.Path = "/" + name
	return u.String()
}

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Templates outlive the test that built them, so the process keeps a list
// and Main removes them when every test has run.
var (
	keptMu sync.Mutex
	kept   = map[string]string{} // SQLite file or PostgreSQL database → dialect
	// building counts the templates Prepare is building, for Main to wait on.
	building sync.WaitGroup
	tmpOnce  sync.Once
	tmpDir   string
	tmpErr   error
)

func keep(dialect, src string) {
	keptMu.Lock()
	defer keptMu.Unlock()
	kept[src] = dialect
}

func forget(dialect, src string) {
	keptMu.Lock()
	delete(kept, src)
	keptMu.Unlock()
	if dialect == "postgres" {
		dropDatabase(src)
	} else {
		for _, f := range store.SQLiteFiles(src) {
			os.Remove(f)
		}
	}
}

func templateDir() (string, error) {
	tmpOnce.Do(func() { tmpDir, tmpErr = os.MkdirTemp("", "storetest-templates-") })
	return tmpDir, tmpErr
}

// Main runs a package's tests and then removes the templates they built.
// Call it from TestMain in every package that uses templates (Each uses
// one), or they are left behind in the temporary directory and on the
// PostgreSQL test server.
func Main(m *testing.M) {
	code := m.Run()
	building.Wait()
	keptMu.Lock()
	srcs := make(map[string]string, len(kept))
	for src, dialect := range kept {
		srcs[src] = dialect
	}
	keptMu.Unlock()
	for src, dialect := range srcs {
		forget(dialect, src)
	}
	if tmpDir != "" {
		os.RemoveAll(filepath.Clean(tmpDir))
	}
	if admin != nil {
		admin.Close()
	}
	os.Exit(code)
}
