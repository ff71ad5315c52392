package indicators

import (
	"strings"
	"testing"
	"time"
)

func TestOutOfHours(t *testing.T) {
	tests := []struct {
		hours string
		want  bool
	}{
		{"24 hours, every day", true},
		{"Evenings and weekends", true},
		{"Mon–Fri 9am–5pm", false},
		{"", false},
		{"24/7", true},
		{"Office hours", false},
	}
	for _, tt := range tests {
		if got := OutOfHours(tt.hours); got != tt.want {
			t.Errorf("OutOfHours(%q) = %v, want %v", tt.hours, got, tt.want)
		}
	}
}

// TestAvailable: lengths, year-long episodes, current crisis plans (an
// old plan does not count) and out-of-hours cover among current plans.
func TestAvailable(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var eps []ActiveEpisode
	for i := range 20 {
		e := ActiveEpisode{StartedAt: now.AddDate(0, -(i%2)*18-3, 0)} // 10 at 3 months, 10 at 21
		switch {
		case i < 10:
			e.CrisisPlanAt, e.ContactHours = now.AddDate(0, -1, 0), []string{"Mon-Fri 9-5", "24 hours, every day"}
		case i < 20 && i >= 18:
			e.CrisisPlanAt = now.AddDate(-2, 0, 0) // not current
		}
		eps = append(eps, e)
	}
	s := Available(eps, now)
	got := map[string]string{}
	for _, in := range s.Indicators {
		got[in.Name] = in.Value
	}
	want := map[string]string{
		"Median length of active episodes":             "12 months",
		"Active episodes that have run a year or more": "50%",
		"Active episodes with a current crisis plan":   "50%",
		"Current crisis plans with out-of-hours cover": "100%",
	}
	for k, w := range want {
		if !strings.HasPrefix(got[k], w) {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	if v := Available(nil, now).Indicators[0].Value; v != "none to count" {
		t.Errorf("no episodes: %q", v)
	}
}
