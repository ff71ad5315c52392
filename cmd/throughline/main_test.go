package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"throughline/internal/store/storetest"
)

func run(t *testing.T, stdin string, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errb strings.Builder
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	err := m.Run(context.Background(), args)
	return out.String() + errb.String(), err
}

// TestCLIOnEachDatabase runs migrate, user add and audit verify against
// SQLite and PostgreSQL, the way an operator would.
func TestCLIOnEachDatabase(t *testing.T) {
	for name, mk := range storetest.Dialects(t) {
		t.Run(name, func(t *testing.T) {
			dsn := mk(t)
			out, err := run(t, "", nil, "migrate", "--db", dsn)
			if err != nil || !strings.Contains(out, "applied 0001-init") {
				t.Fatalf("migrate: %v\n%s", err, out)
			}
			if out, _ := run(t, "", nil, "migrate", "--db", dsn); !strings.Contains(out, "up to date") {
				t.Errorf("second migrate: %s", out)
			}
			// The database can come from the environment instead of a flag.
			env := map[string]string{"THROUGHLINE_DB": dsn}
			out, err = run(t, "a long enough password\n", env, "user", "add", "--username", "Ops.Admin", "--name", "Ops Admin", "--role", "system-admin")
			if err != nil || !strings.Contains(out, "added ops.admin") {
				t.Fatalf("user add: %v\n%s", err, out)
			}
			tests := []struct {
				name    string
				stdin   string
				args    []string
				wantErr string
			}{
				{"short password", "short\n", []string{"--username", "x", "--name", "X", "--role", "admin"}, "at least 12"},
				{"clinician without profession", "a long enough password\n", []string{"--username", "y", "--name", "Y", "--role", "clinician"}, "profession"},
				{"bad role", "a long enough password\n", []string{"--username", "z", "--name", "Z", "--role", "boss"}, "Choose a role"},
				{"duplicate", "a long enough password\n", []string{"--username", "ops.admin", "--name", "Again", "--role", "admin"}, "already taken"},
				{"bad team", "a long enough password\n", []string{"--username", "w", "--name", "W", "--role", "admin", "--teams", "one"}, "not a team id"},
			}
			for _, tt := range tests {
				_, err := run(t, tt.stdin, env, append([]string{"user", "add"}, tt.args...)...)
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
				}
			}
			out, err = run(t, "", env, "audit", "verify")
			if err != nil || !strings.Contains(out, "audit chain intact") {
				t.Errorf("audit verify: %v\n%s", err, out)
			}
		})
	}
}

func TestBackupSQLite(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "live.db")
	if _, err := run(t, "", nil, "migrate", "--db", dsn); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "a long enough password\n", nil, "user", "add", "--db", dsn, "--username", "a", "--name", "A", "--role", "auditor"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "copy.db")
	if _, err := run(t, "", nil, "backup", "--db", dsn, "--out", out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("backup file missing: %v", err)
	}
	if _, err := run(t, "", nil, "backup", "--db", dsn, "--out", out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if o, err := run(t, "", nil, "audit", "verify", "--db", out); err != nil || !strings.Contains(o, "intact") {
		t.Errorf("backup copy does not verify: %v %s", err, o)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{nil, "no command"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"user"}, "unknown user command"},
		{[]string{"serve", "--cookie-secure", "maybe", "--db", filepath.Join(t.TempDir(), "x.db")}, "--cookie-secure"},
		{[]string{"demo", "--scale", "0"}, "--scale"},
		{[]string{"backup", "--db", "x.db"}, "--out is required"},
		{[]string{"migrate", "extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		_, err := run(t, "", nil, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%v: err = %v, want %q", tt.args, err, tt.wantErr)
		}
	}
}

func TestRedactDSN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://u:secret@h:5432/db", "postgres://u:***@h:5432/db"},
		{"postgres://u@h/db", "postgres://u@h/db"},
		{"./throughline.db", "./throughline.db"},
	}
	for _, tt := range tests {
		if got := redactDSN(tt.in); got != tt.want {
			t.Errorf("redactDSN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
