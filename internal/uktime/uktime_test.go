package uktime

import (
	"testing"
	"time"
)

func TestParseAndFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, date, clock string
		want              time.Time
		ok                bool
		shown             string
	}{
		{"winter is GMT", "2026-01-15", "14:30", time.Date(2026, 1, 15, 14, 30, 0, 0, time.UTC), true, "15 Jan 2026 14:30"},
		{"summer is BST", "2026-07-15", "14:30", time.Date(2026, 7, 15, 13, 30, 0, 0, time.UTC), true, "15 Jul 2026 14:30"},
		{"day after clocks go forward", "2026-03-30", "09:00", time.Date(2026, 3, 30, 8, 0, 0, 0, time.UTC), true, "30 Mar 2026 09:00"},
		{"day after clocks go back", "2026-10-26", "09:00", time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC), true, "26 Oct 2026 09:00"},
		{"spaces are trimmed", " 2026-07-15 ", " 08:05 ", time.Date(2026, 7, 15, 7, 5, 0, 0, time.UTC), true, "15 Jul 2026 08:05"},
		{"not a date", "15/07/2026", "14:30", time.Time{}, false, ""},
		{"not a time", "2026-07-15", "2pm", time.Time{}, false, ""},
		{"blank", "", "", time.Time{}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Parse(tt.date, tt.clock)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Fatalf("Parse(%q, %q) = %v, %v; want %v, %v", tt.date, tt.clock, got, ok, tt.want, tt.ok)
			}
			if got.Location() != time.UTC {
				t.Errorf("Parse returned %v, want UTC", got.Location())
			}
			if s := DateTime(got); s != tt.shown {
				t.Errorf("DateTime = %q, want %q", s, tt.shown)
			}
		})
	}
}

func TestStartOfDay(t *testing.T) {
	t.Parallel()
	tests := []struct{ at, want time.Time }{
		{time.Date(2026, 7, 15, 23, 30, 0, 0, time.UTC), time.Date(2026, 7, 15, 23, 0, 0, 0, time.UTC)}, // 00:30 BST on the 16th
		{time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC), time.Date(2026, 7, 14, 23, 0, 0, 0, time.UTC)},
		{time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC), time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := StartOfDay(tt.at); !got.Equal(tt.want) {
			t.Errorf("StartOfDay(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}
}

func TestZeroIsBlank(t *testing.T) {
	t.Parallel()
	for name, got := range map[string]string{"DateTime": DateTime(time.Time{}), "Clock": Clock(time.Time{}), "Date": Date(time.Time{})} {
		if got != "" {
			t.Errorf("%s(zero) = %q, want blank", name, got)
		}
	}
}
