package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func row(name string, n int, elapsed time.Duration) Result {
	return Result{Name: name, Requests: n, Elapsed: elapsed, P50: 2 * time.Millisecond, P99: 150 * time.Millisecond}
}

func TestTableShowsRatioToH(t *testing.T) {
	tb := Table{Database: "SQLite", Scale: 1, Clients: 8, Timing: Timing{Duration: 10 * time.Second},
		H:    row("hello world (H)", 100000, 10*time.Second),
		Rows: []Result{row("person page", 2400, 10*time.Second), {Name: "care plan", Requests: 99, Errors: 1, Elapsed: time.Second, FirstError: "GET /people/1/care-plan: status 500, want 200"}}}
	var b bytes.Buffer
	tb.Print(&b)
	for _, want := range []string{"person page", "240", "2.00 ms", "150 ms", "0.0240", "1 (1.0%)", "care plan, first error: GET /people/1/care-plan: status 500"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table has no %q:\n%s", want, b.String())
		}
	}
}

func TestCompareCorrectsForEachCeiling(t *testing.T) {
	a := Table{Database: "SQLite", H: row("H", 10000, time.Second), Rows: []Result{row("person page", 200, time.Second)}}
	// PostgreSQL's block ran on a machine twice as free: the same share of
	// its ceiling is twice the req/s.
	b := Table{Database: "PostgreSQL", H: row("H", 20000, time.Second), Rows: []Result{row("person page", 200, time.Second)}}
	var out bytes.Buffer
	compare(&out, a, b)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	got := strings.Fields(lines[len(lines)-1])
	if want := []string{"person", "page", "1.00", "0.50"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("compare row = %q, want %q\n%s", got, want, out.String())
	}
}
