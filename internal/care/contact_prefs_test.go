package care_test

import (
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/uktime"
)

func TestNormaliseUKMobile(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"07700 900123", "07700 900123", true},
		{"07700900123", "07700 900123", true},
		{"+44 7700 900123", "07700 900123", true},
		{"+44 (0)7700 900123", "07700 900123", true},
		{"0044 7700-900123", "07700 900123", true},
		{"447700900123", "07700 900123", true},
		{"020 7946 0000", "", false},    // a landline cannot get texts
		{"07700 90012", "", false},      // too short
		{"07700 9001234", "", false},    // too long
		{"07000 900123", "", false},     // 070 is a personal number, not a mobile
		{"07700 900123 ext", "", false}, // letters
		{"+1 415 555 0100", "", false},  // not UK
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := care.NormaliseUKMobile(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormaliseUKMobile(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzNormaliseUKMobile(f *testing.F) {
	f.Add("+44 7700 900123")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := care.NormaliseUKMobile(s)
		if !ok {
			return
		}
		again, ok2 := care.NormaliseUKMobile(got)
		if !ok2 || again != got || len(got) != 12 {
			t.Errorf("NormaliseUKMobile(%q) = %q, not stable (%q, %v)", s, got, again, ok2)
		}
	})
}

func TestContactPrefsNormalise(t *testing.T) {
	tests := []struct {
		name  string
		prefs care.ContactPrefs
		field string // the field with an error, "" for none
	}{
		{"text with a mobile", care.ContactPrefs{Mobile: "+447700900123", Text: true, Times: care.ContactEvenings}, ""},
		{"nothing at all", care.ContactPrefs{}, ""},
		{"text without a mobile", care.ContactPrefs{Text: true}, "mobile"},
		{"email without an address", care.ContactPrefs{EmailOK: true}, "email"},
		{"bad mobile", care.ContactPrefs{Mobile: "020 7946 0000"}, "mobile"},
		{"bad email", care.ContactPrefs{Email: "sam at example.com", EmailOK: true}, "email"},
		{"unknown times", care.ContactPrefs{Times: "3am"}, "times"},
	}
	for _, tt := range tests {
		p := tt.prefs
		err := p.Normalise()
		got := ""
		if err != nil {
			fields := problem.Fields(err)
			for f := range fields {
				got = f
			}
		}
		if got != tt.field {
			t.Errorf("%s: error on %q (%v), want %q", tt.name, got, err, tt.field)
		}
	}
	p := care.ContactPrefs{Mobile: "+447700900123", Text: true}
	if err := p.Normalise(); err != nil || p.Mobile != "07700 900123" || p.Times != care.ContactAnyTime {
		t.Errorf("normalised = %+v, %v", p, err)
	}
}

func uk(s string) time.Time {
	d, c := s[:10], s[11:]
	t, ok := uktime.Parse(d, c)
	if !ok {
		panic(s)
	}
	return t
}

func TestNextAllowed(t *testing.T) {
	tests := []struct {
		times    care.ContactTimes
		at, want string // UK local "2006-01-02 15:04"; 2026-12-04 is a Friday
	}{
		{care.ContactAnyTime, "2026-12-04 10:00", "2026-12-04 10:00"},
		{care.ContactAnyTime, "2026-12-04 22:30", "2026-12-05 08:00"},
		{care.ContactAnyTime, "2026-12-04 06:00", "2026-12-04 08:00"},
		{care.ContactWeekdayDaytime, "2026-12-04 16:59", "2026-12-04 16:59"},
		{care.ContactWeekdayDaytime, "2026-12-04 17:00", "2026-12-07 09:00"}, // Friday evening waits for Monday
		{care.ContactWeekdayDaytime, "2026-12-05 11:00", "2026-12-07 09:00"},
		{care.ContactEvenings, "2026-12-04 10:00", "2026-12-04 17:00"},
		{care.ContactEvenings, "2026-12-05 20:59", "2026-12-05 20:59"},
		{care.ContactEvenings, "2026-12-05 21:00", "2026-12-06 17:00"},
		{care.ContactWeekdayDaytime, "2026-03-27 18:00", "2026-03-30 09:00"}, // across the clocks going forward
	}
	for _, tt := range tests {
		if got, want := tt.times.NextAllowed(uk(tt.at)), uk(tt.want); !got.Equal(want) {
			t.Errorf("%s.NextAllowed(%s) = %s, want %s", tt.times, tt.at, uktime.DateTime(got), tt.want)
		}
	}
}

func TestDueAtNeverAfterTheAppointmentStarts(t *testing.T) {
	start := uk("2026-12-04 11:00")
	if at, ok := care.DueAt(start.Add(-2*time.Hour), start, care.ContactEvenings); ok {
		t.Errorf("a 2-hour reminder for an 11am appointment to someone who wants evenings is due %s; want none", uktime.DateTime(at))
	}
	if at, ok := care.DueAt(start.Add(-48*time.Hour), start, care.ContactEvenings); !ok || !at.Equal(uk("2026-12-02 17:00")) {
		t.Errorf("2-day reminder due %s, %v; want the evening 2 days before", uktime.DateTime(at), ok)
	}
}

func TestMessagesHoldNoClinicalContent(t *testing.T) {
	m := care.AppointmentMessage{Team: "North team", StartsAt: uk("2026-12-04 11:00"), Place: "Hope House", Phone: "020 7946 0001"}
	got := m.Personalisation(care.MessageMoved)
	want := map[string]string{"headline": "Your appointment has moved", "team": "North team", "date": "Friday 4 December 2026", "time": "11:00", "place": "Hope House", "rearrange": "020 7946 0001"}
	if len(got) != len(want) {
		t.Fatalf("fields %v, want only %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}
