package store

import (
	"strconv"
	"testing"
	"time"
)

func TestStampSeconds(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s int) int64 {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC).Unix()
	}
	tests := []struct {
		stored string
		want   int64
		fast   bool // read by civilSeconds, without parseStamp
	}{
		{"", 0, false},
		{"2023-01-02 09:00:00+00:00", utc(2023, 1, 2, 9, 0, 0), true},
		{"2024-02-29 23:59:59+00:00", utc(2024, 2, 29, 23, 59, 59), true},
		{"2025-01-06 10:00:00+01:00", utc(2025, 1, 6, 9, 0, 0), true},
		{"2025-01-06 04:30:00-04:30", utc(2025, 1, 6, 9, 0, 0), true},
		{"2025-01-06T09:00:00Z", utc(2025, 1, 6, 9, 0, 0), true},
		{"2025-01-06 09:00:00", utc(2025, 1, 6, 9, 0, 0), true},
		{"2025-01-06 09:00:00.75+00:00", utc(2025, 1, 6, 9, 0, 0), true},
		{"2025-01-06 09:00:00.123456789-07:00", utc(2025, 1, 6, 16, 0, 0), true},
		{"1969-12-31 23:59:59+00:00", -1, true},
		{"1900-03-01 00:00:00+00:00", utc(1900, 3, 1, 0, 0, 0), true},
		{"0001-01-01 00:00:00+00:00", 0, true}, // the zero time is no time
		{"0000-03-01 00:00:00+00:00", utc(0, 3, 1, 0, 0, 0), true},
		{"9999-12-31 23:59:59+00:00", utc(9999, 12, 31, 23, 59, 59), true},
		{"1672650000", 1672650000, false}, // PostgreSQL's seconds
		{"-86400", -86400, false},
		// Not as the store writes them: parseStamp's answer, whatever it is.
		{"2023-02-29 09:00:00+00:00", utc(2023, 3, 1, 9, 0, 0), false},
		{"2023-01-02 24:00:00+00:00", utc(2023, 1, 3, 0, 0, 0), false},
		{"2023-01-02 09:00:00.+00:00", utc(2023, 1, 2, 9, 0, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.stored, func(t *testing.T) {
			got, err := stampSeconds(tt.stored)
			if err != nil || got != tt.want {
				t.Errorf("stampSeconds(%q) = %d, %v; want %d", tt.stored, got, err, tt.want)
			}
			if _, fast := civilSeconds(tt.stored); fast != tt.fast {
				t.Errorf("civilSeconds(%q) read it: %v, want %v", tt.stored, fast, tt.fast)
			}
		})
	}
	for _, bad := range []string{"yesterday", "2023-01-02 09:00:00 +0000", "2023-1-2 9:00:00", "12:00", "2023-01-02"} {
		if got, err := stampSeconds(bad); err == nil {
			t.Errorf("stampSeconds(%q) = %d, want an error", bad, got)
		}
	}
}

// FuzzStampSeconds checks the fast path against the general one: any text
// reads as parseStamp reads it, or fails as it fails; and any instant the
// store writes, at any offset, reads back as itself.
func FuzzStampSeconds(f *testing.F) {
	f.Add("2023-01-02 09:00:00+00:00", int64(1672650000), int16(0), uint32(0))
	f.Add("2024-02-29T23:59:59.5Z", int64(-1), int16(-270), uint32(500_000_000))
	f.Add("0001-01-01 00:00:00+00:00", int64(-62135596800), int16(60), uint32(1))
	f.Add("1672650000", int64(253402300799), int16(-720), uint32(999_999_999))
	f.Fuzz(func(t *testing.T, s string, sec int64, offsetMinutes int16, nsec uint32) {
		got, gotErr := stampSeconds(s)
		at, wantErr := parseStamp(s)
		want := int64(0)
		if !at.IsZero() {
			want = at.Unix()
		}
		if (gotErr != nil) != (wantErr != nil) || got != want {
			t.Fatalf("stampSeconds(%q) = %d, %v; parseStamp gives %d, %v", s, got, gotErr, want, wantErr)
		}

		when, ok := writtenInstant(sec, offsetMinutes, nsec)
		if !ok {
			return
		}
		text := when.Format("2006-01-02 15:04:05.999999999-07:00")
		parsed, err := time.Parse("2006-01-02 15:04:05.999999999-07:00", text)
		if err != nil {
			t.Fatalf("time.Parse(%q): %v", text, err)
		}
		if got, ok := civilSeconds(text); !ok || got != parsed.Unix() {
			t.Errorf("civilSeconds(%q) = %d, %v; want %d (%s)", text, got, ok, parsed.Unix(), strconv.Quote(when.String()))
		}
		wantSec := parsed.Unix()
		if parsed.IsZero() {
			wantSec = 0 // the zero time is no time
		}
		if got, err := stampSeconds(text); err != nil || got != wantSec {
			t.Errorf("stampSeconds(%q) = %d, %v; want %d", text, got, err, wantSec)
		}
	})
}
