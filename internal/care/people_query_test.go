package care

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseUKDate(t *testing.T) {
	t.Parallel()
	march12 := time.Date(1990, 3, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time // zero: not a date
	}{
		{"12/03/1990", march12},
		{"12-03-1990", march12},
		{"12.3.1990", march12},
		{"12.03.1990", march12},
		{"12/3/1990", march12},
		{"1990-03-12", march12},
		{"12 March 1990", march12},
		{"12 march 1990", march12},
		{"12 Mar 1990", march12},
		{"12 Mar. 1990", march12},
		{"12th March 1990", march12},
		{"12 March, 1990", march12},
		{" 12/03/1990 ", march12},
		{"1 Sept 2001", time.Date(2001, 9, 1, 0, 0, 0, 0, time.UTC)},
		{"29/02/2000", time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"29/02/1990", time.Time{}}, // not a leap year
		{"30/02/1990", time.Time{}},
		{"31 April 1990", time.Time{}},
		{"00/03/1990", time.Time{}},
		{"12/13/1990", time.Time{}}, // a US month-first date is not guessed at
		{"12/03/90", time.Time{}},   // nor a century
		{"12/03-1990", time.Time{}},
		{"1990-3-12", time.Time{}},
		{"12 Marc 1990", time.Time{}},
		{"March 12 1990", time.Time{}},
		{"Sam", time.Time{}},
		{"", time.Time{}},
		{"9434765919", time.Time{}},
		{"123/03/1990", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := ParseUKDate(tt.in)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("ParseUKDate(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestParsePeopleQuery(t *testing.T) {
	t.Parallel()
	march12 := time.Date(1990, 3, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in    string
		nhs   string
		dob   time.Time
		words []string
	}{
		{"943 476 5919", "9434765919", time.Time{}, nil},
		{"943-476-5919", "9434765919", time.Time{}, nil},
		{"Sam Okafor", "", time.Time{}, []string{"sam", "okafor"}},
		{"Sam March", "", time.Time{}, []string{"sam", "march"}},
		{"12/03/1990", "", march12, nil},
		{"12 March 1990", "", march12, nil},
		{"Okafor 12 Mar 1990", "", march12, []string{"okafor"}},
		{"Sam 1990-03-12 Okafor", "", march12, []string{"sam", "okafor"}},
		{"12/03/1990 13/03/1990", "", march12, []string{"13/03/1990"}},
		{"a b c d e f", "", time.Time{}, []string{"a", "b", "c", "d"}},
	}
	for _, tt := range tests {
		got := ParsePeopleQuery(tt.in)
		if got.NHSNumber != tt.nhs || !got.DateOfBirth.Equal(tt.dob) || !slices.Equal(got.Words, tt.words) {
			t.Errorf("ParsePeopleQuery(%q) = %+v; want nhs %q, date %v, words %q", tt.in, got, tt.nhs, tt.dob, tt.words)
		}
	}
}

func TestNHSNumberSpaced(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"9434765919": "943 476 5919", "": "", "12345": "12345"} {
		if got := (Person{NHSNumber: in}).NHSNumberSpaced(); got != want {
			t.Errorf("NHSNumberSpaced(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseUKDate: whatever is typed, a date read back is a real day at
// midnight UTC that reads the same written day first, and a search never
// has more than four name words.
func FuzzParseUKDate(f *testing.F) {
	for _, s := range []string{"12/03/1990", "1990-03-12", "12 March 1990", "12.3.1990", "31/02/2000", "12th Sept 2001", "Sam 12-03-1990"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := ParseUKDate(s); ok {
			if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Nanosecond() != 0 {
				t.Fatalf("ParseUKDate(%q) = %v, not midnight UTC", s, d)
			}
			back, ok := ParseUKDate(d.Format("02/01/2006"))
			if !ok || !back.Equal(d) {
				t.Fatalf("ParseUKDate(%q) = %v, which does not read back (%v)", s, d, back)
			}
		}
		q := ParsePeopleQuery(s)
		if len(q.Words) > maxQueryWords {
			t.Fatalf("ParsePeopleQuery(%q) has %d words", s, len(q.Words))
		}
		for _, w := range q.Words {
			if w != strings.ToLower(w) || strings.TrimSpace(w) != w || w == "" {
				t.Fatalf("ParsePeopleQuery(%q) word %q is not a lower-cased word", s, w)
			}
		}
	})
}
