package staff

import (
	"testing"
	"time"

	"throughline/internal/problem"
)

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestMonthsLaysAttendanceOutByMonth: sessions fall in their calendar
// month, a month without sessions is still a row, sessions outside the
// window are left out, and facilitating counts as attending.
func TestMonthsLaysAttendanceOutByMonth(t *testing.T) {
	const me = 7
	today := ymd(2026, 3, 15)
	sessions := []ReflectiveSession{
		{HeldOn: ymd(2025, 12, 31), FacilitatorID: 1, AttendeeIDs: []int64{me}}, // before the window
		{HeldOn: ymd(2026, 1, 1), FacilitatorID: 1, AttendeeIDs: []int64{me}},
		{HeldOn: ymd(2026, 1, 29), FacilitatorID: 1, AttendeeIDs: []int64{2}},
		{HeldOn: ymd(2026, 3, 2), FacilitatorID: me, AttendeeIDs: []int64{2}},
	}
	got := Months(sessions, me, today, 3)
	want := []MonthAttendance{{ymd(2026, 1, 1), 2, 1}, {ymd(2026, 2, 1), 0, 0}, {ymd(2026, 3, 1), 1, 1}}
	if len(got) != len(want) {
		t.Fatalf("got %d months, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("month %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if got, want := got[0].Label(), "January 2026"; got != want {
		t.Errorf("label %q, want %q", got, want)
	}
}

func TestReflectiveValidation(t *testing.T) {
	now := ymd(2026, 3, 15).Add(12 * time.Hour)
	for _, tc := range []struct {
		name  string
		s     ReflectiveSession
		field string
	}{
		{"no date", ReflectiveSession{GroupID: 1, FacilitatorID: 1, AttendeeIDs: []int64{2}}, "held_on"},
		{"tomorrow", ReflectiveSession{GroupID: 1, FacilitatorID: 1, AttendeeIDs: []int64{2}, HeldOn: ymd(2026, 3, 16)}, "held_on"},
		{"no one", ReflectiveSession{GroupID: 1, FacilitatorID: 1, AttendeeIDs: []int64{0}, HeldOn: ymd(2026, 3, 15)}, "attendees"},
		{"no facilitator", ReflectiveSession{GroupID: 1, AttendeeIDs: []int64{2}, HeldOn: ymd(2026, 3, 15)}, "facilitator"},
		{"fine", ReflectiveSession{GroupID: 1, FacilitatorID: 1, AttendeeIDs: []int64{2, 2}, HeldOn: ymd(2026, 3, 15)}, ""},
	} {
		err := tc.s.Validate(now)
		if tc.field == "" && err != nil || tc.field != "" && problem.Fields(err)[tc.field] == "" {
			t.Errorf("%s: got %v, want a problem with %q", tc.name, err, tc.field)
		}
	}
	g := ReflectiveGroup{TeamID: 1, Name: "  ", FacilitatorID: 1, Frequency: "sometimes"}
	if got := g.Validate(); got == nil {
		t.Error("a group with no name and an unknown frequency was accepted")
	}
}
