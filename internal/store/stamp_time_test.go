package store

import (
	"testing"
	"time"
)

// FuzzStampTime checks the fast path against the layouts: any text reads
// as they read it, to the nanosecond and in UTC, or is left to them; and
// any instant the driver writes, at any offset, is read by the fast path.
func FuzzStampTime(f *testing.F) {
	seeds := []string{"2023-01-02 09:00:00+00:00", "2024-02-29T23:59:59.5Z", "2024-02-29 23:59:59.123", "2024-02-29T23:59:59", "2024-02-30 09:00:00"}
	for i, s := range seeds {
		f.Add(s, int64(i-2)*7_777_777_777, int16(i*331-720), uint32(i)*199_999_999)
	}
	f.Fuzz(func(t *testing.T, s string, sec int64, offsetMinutes int16, nsec uint32) {
		if got, ok := stampTime(s); ok {
			var want time.Time
			if err := (dbTime{&want}).parseLayouts(s); err != nil || got != want {
				t.Fatalf("stampTime(%q) = %v; the layouts give %v, %v", s, got, want, err)
			}
		}
		when, ok := writtenInstant(sec, offsetMinutes, nsec)
		if !ok {
			return
		}
		text := when.Format(timeLayouts[0])
		if got, ok := stampTime(text); !ok || got != when.UTC() {
			t.Errorf("stampTime(%q) = %v, %v; want %v", text, got, ok, when.UTC())
		}
	})
}

// writtenInstant is a fuzzed instant in the years the driver's layout can
// write, at an offset of up to 23:59 either way; false when, at that
// offset, its year falls outside them.
func writtenInstant(sec int64, offsetMinutes int16, nsec uint32) (time.Time, bool) {
	const first, last = -62135596800, 253402300799 // 0001-01-01, 9999-12-31 23:59:59 UTC
	sec = first + (sec%(last-first)+(last-first))%(last-first)
	when := time.Unix(sec, int64(nsec%1e9)).In(time.FixedZone("", int(offsetMinutes)%(24*60)*60))
	return when, when.Year() >= 1 && when.Year() <= 9999
}

func TestStampTime(t *testing.T) {
	tests := []struct {
		stored string
		want   time.Time
		fast   bool // read by stampTime, without the layouts
	}{
		{"2023-01-02 09:00:00+00:00", time.Date(2023, 1, 2, 9, 0, 0, 0, time.UTC), true},
		{"2025-01-06 10:00:00+01:00", time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC), true},
		{"2025-01-06 04:30:00.5-04:30", time.Date(2025, 1, 6, 9, 0, 0, 500_000_000, time.UTC), true},
		{"2025-01-06 09:00:00.123456789-07:00", time.Date(2025, 1, 6, 16, 0, 0, 123456789, time.UTC), true},
		{"2025-01-06T09:00:00Z", time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC), true},
		{"2025-01-06T09:00:00.000001+02:00", time.Date(2025, 1, 6, 7, 0, 0, 1000, time.UTC), true},
		{"2025-01-06 09:00:00", time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC), true},
		{"2024-02-29 23:59:59.75", time.Date(2024, 2, 29, 23, 59, 59, 750_000_000, time.UTC), true},
		{"0001-01-01 00:00:00+00:00", time.Time{}, true},
		// Left to the layouts, which read them as they always did.
		{"2025-01-06 09:00:00.1234567891+00:00", time.Date(2025, 1, 6, 9, 0, 0, 123456789, time.UTC), false},
		{"2025-01-06", time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.stored, func(t *testing.T) {
			var got time.Time
			if err := (dbTime{&got}).parse(tt.stored); err != nil || got != tt.want {
				t.Errorf("dbTime reads %q as %v, %v; want %v", tt.stored, got, err, tt.want)
			}
			if _, fast := stampTime(tt.stored); fast != tt.fast {
				t.Errorf("stampTime(%q) read it: %v, want %v", tt.stored, fast, tt.fast)
			}
		})
	}
	// Text no layout reads is refused, however nearly it fits.
	for _, bad := range []string{"yesterday", "2025-01-06T09:00:00", "2025-01-06 09:00:00Z", "2023-02-29 09:00:00+00:00",
		"2023-01-02 24:00:00+00:00", "2023-01-02 09:00:00.+00:00", "2023-01-02 09:00:60+00:00", "2023-13-02 09:00:00"} {
		var got time.Time
		if err := (dbTime{&got}).parse(bad); err == nil {
			t.Errorf("dbTime reads %q as %v, want an error", bad, got)
		}
	}
}
