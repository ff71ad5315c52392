package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCheckErrors(t *testing.T) {
	ok := Result{Name: "fine", Requests: 99, Errors: 1}
	tests := []struct {
		name    string
		rows    []Result
		wantErr string
	}{
		{"one per cent passes", []Result{ok}, ""},
		{"over one per cent fails", []Result{ok, {Name: "person page", Requests: 98, Errors: 2, FirstError: "GET /people/1: status 500, want 200"}}, "person page: 2 of 100 requests failed, first: GET /people/1: status 500"},
		{"nothing measured fails", []Result{{Name: "empty"}}, "empty: 0 of 0"},
	}
	for _, tt := range tests {
		err := checkErrors([]Table{{Database: "SQLite", H: Result{Name: "H", Requests: 10}, Rows: tt.rows}})
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: got %v, want an error containing %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestParseConfig(t *testing.T) {
	env := func(k string) string {
		if k == "THROUGHLINE_BENCH_POSTGRES" {
			return "postgres://bench@/empty"
		}
		return ""
	}
	c, err := parseConfig([]string{"-clients", "32", "-duration", "3s"}, io.Discard, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Clients != 32 || c.Timing.Duration != 3*time.Second || c.Postgres != "postgres://bench@/empty" || c.Scale != 1 {
		t.Errorf("config = %+v", c)
	}
	for _, args := range [][]string{
		{"-clients", "0"},
		{"-duration", "0s"},
		{"-warmup", "-1s"},
		{"-scale", "0"},
		{"-pg", "/tmp/not-postgres.db"},
		{"-reuse"},
		{"extra"},
	} {
		if _, err := parseConfig(args, io.Discard, func(string) string { return "" }); err == nil {
			t.Errorf("parseConfig(%q) accepted bad input", args)
		}
	}
}

// TestOnly: -only picks scenarios by words in their names.
func TestOnly(t *testing.T) {
	c, err := parseConfig([]string{"-only", "person, mix,"}, io.Discard, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		only []string
		want bool
	}{
		{"person page", c.Only, true},
		{"70/20/10 mix", c.Only, true},
		{"care plan", c.Only, false},
		{"care plan", nil, true},
	}
	for _, tt := range tests {
		if got := selected(tt.name, tt.only); got != tt.want {
			t.Errorf("selected(%q, %q) = %v, want %v", tt.name, tt.only, got, tt.want)
		}
	}
}

func TestParseDemo(t *testing.T) {
	d, err := parseDemo(golden(t, "demo-output.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Password != "kingsmere-demo" || d.People != 2011 {
		t.Errorf("demo = %+v", d)
	}
	for _, u := range []string{"clinician", "commissioner", "manager", "auditor"} {
		if !d.Usernames[u] {
			t.Errorf("no sign-in %q in %v", u, d.Usernames)
		}
	}
	if d.Usernames["time"] || len(d.Usernames) != 9 {
		t.Errorf("usernames = %v, want the nine demo sign-ins", d.Usernames)
	}
	if _, err := parseDemo("Demo region created.\n"); err == nil {
		t.Error("parseDemo accepted output with no password")
	}
}

// TestReuseDemo: a region is reused only at the scale it was built at, and
// with the sign-ins its build printed.
func TestReuseDemo(t *testing.T) {
	saved := filepath.Join(t.TempDir(), "sqlite-demo.txt")
	if _, err := reuseDemo(saved, 1); err == nil {
		t.Error("reuseDemo accepted a directory with no earlier build")
	}
	if err := os.WriteFile(saved, []byte("scale 75\n"+golden(t, "demo-output.txt")), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := reuseDemo(saved, 75)
	if err != nil {
		t.Fatal(err)
	}
	want, err := parseDemo(golden(t, "demo-output.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got := d; got.Password != want.Password || got.People != want.People || len(got.Usernames) != len(want.Usernames) || !got.Reused {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if _, err := reuseDemo(saved, 10); err == nil || !strings.Contains(err.Error(), "scale 75") {
		t.Errorf("reuse at another scale: got %v, want an error naming scale 75", err)
	}
}
