package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDemoNowRefusesBadMoments: a --now (or THROUGHLINE_NOW) that is not
// RFC 3339 is a clear error and nothing is written.
func TestDemoNowRefusesBadMoments(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"date only", []string{"--now", "2026-11-27"}, nil},
		{"no zone", []string{"--now", "2026-11-27T10:00:00"}, nil},
		{"no such month", []string{"--now", "2026-13-01T10:00:00Z"}, nil},
		{"words", []string{"--now", "yesterday"}, nil},
		{"from the environment", nil, map[string]string{"THROUGHLINE_NOW": "27/11/2026 10:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "demo.db")
			var out strings.Builder
			m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(k string) string { return tt.env[k] }}
			err := m.Run(context.Background(), append([]string{"demo", "--no-serve", "--db", dsn}, tt.args...))
			if err == nil || !strings.Contains(err.Error(), "2026-11-27T10:00:00Z") {
				t.Errorf("err = %v, want one showing the expected form", err)
			}
			if _, err := os.Stat(dsn); !os.IsNotExist(err) {
				t.Errorf("%s was written (stat: %v)", dsn, err)
			}
		})
	}
}

// TestInstantFlagClock: --now fixes the demo's "today" and the served
// clock runs on from it; without --now both are the real clock.
func TestInstantFlagClock(t *testing.T) {
	var f instantFlag
	if err := f.Set("2026-11-29T12:30:00+01:00"); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 11, 29, 11, 30, 0, 0, time.UTC)
	now, clock := f.clock()
	if !now.Equal(want) || now.Location() != time.UTC {
		t.Errorf("now = %s, want %s", now, want)
	}
	if got := clock(); got.Before(want) || got.After(want.Add(time.Minute)) {
		t.Errorf("clock() = %s, want just after %s", got, want)
	}
	var unset instantFlag
	now, clock = unset.clock()
	if d := time.Since(now); d < 0 || d > time.Minute {
		t.Errorf("unset now = %s, want the real clock", now)
	}
	if d := time.Since(clock()); d < 0 || d > time.Minute {
		t.Errorf("unset clock() = %s, want the real clock", clock())
	}
}
