package staff

import (
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/problem"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestStand(t *testing.T) {
	monthly := Expectation{TeamID: 1, Role: auth.Clinician, Type: Clinical, Frequency: Monthly}
	for _, tc := range []struct {
		name        string
		e           Expectation
		last, today string
		overdue     bool
		words       string
	}{
		{"none recorded", monthly, "", "2026-05-01", true, "No clinical supervision recorded; expected monthly"},
		{"due today is not overdue", monthly, "2026-03-03", "2026-04-03", false, "Last clinical supervision 4 weeks ago; expected monthly"},
		{"the day after due is overdue", monthly, "2026-03-03", "2026-04-04", true, "Last clinical supervision 4 weeks ago; expected monthly"},
		{"seven weeks", monthly, "2026-03-01", "2026-04-19", true, "Last clinical supervision 7 weeks ago; expected monthly"},
		{"fortnightly within", Expectation{Type: Caseload, Frequency: Fortnightly}, "2026-04-01", "2026-04-10", false, "Last caseload supervision 9 days ago; expected fortnightly"},
		{"six-weekly over", Expectation{Type: Managerial, Frequency: SixWeekly}, "2026-01-01", "2026-02-13", true, "Last managerial supervision 6 weeks ago; expected every six weeks"},
		{"quarterly months", Expectation{Type: GroupTeam, Frequency: Quarterly}, "2025-10-01", "2026-04-01", true, "Last group or team supervision 5 months ago; expected every three months"},
		{"yesterday", monthly, "2026-04-01", "2026-04-02", false, "Last clinical supervision yesterday; expected monthly"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var last time.Time
			if tc.last != "" {
				last = date(tc.last)
			}
			got := Stand(tc.e, last, date(tc.today))
			if got.Overdue != tc.overdue || got.Words != tc.words {
				t.Errorf("got %v %q, want %v %q", got.Overdue, got.Words, tc.overdue, tc.words)
			}
		})
	}
}

func TestSessionValidate(t *testing.T) {
	// 23:30 UTC on 9 April is 00:30 BST on 10 April.
	now := time.Date(2026, 4, 9, 23, 30, 0, 0, time.UTC)
	good := func() Session {
		return Session{TeamID: 1, SupervisorID: 2, SuperviseeIDs: []int64{3}, Type: Clinical, HeldOn: date("2026-04-09"), Minutes: 60}
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Session)
		field string
	}{
		{"good", func(*Session) {}, ""},
		{"future", func(s *Session) { s.HeldOn = date("2026-04-11") }, "held_on"},
		{"self-supervision", func(s *Session) { s.SuperviseeIDs = []int64{2} }, "supervisees"},
		{"two in one-to-one", func(s *Session) { s.SuperviseeIDs = []int64{3, 4} }, "supervisees"},
		{"two in group", func(s *Session) { s.Type, s.SuperviseeIDs = GroupTeam, []int64{3, 4, 3} }, ""},
		{"no length", func(s *Session) { s.Minutes = 0 }, "minutes"},
		{"bad type", func(s *Session) { s.Type = "chat" }, "type"},
		{"today in the UK after midnight BST", func(s *Session) { s.HeldOn = date("2026-04-10") }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := good()
			tc.edit(&s)
			err := s.Validate(now)
			got := ""
			if err != nil {
				for f := range problem.Fields(err) {
					got = f
				}
			}
			if got != tc.field {
				t.Errorf("got field %q (%v), want %q", got, err, tc.field)
			}
		})
	}
	s := Session{SupervisorID: 2, SuperviseeIDs: []int64{3, 4}}
	if !s.Party(2) || !s.Party(4) || s.Party(5) || s.Party(0) {
		t.Error("Party: only the supervisor and supervisees take part")
	}
}

func TestHold(t *testing.T) {
	yearly := Course{RenewalMonths: 12}
	never := Course{}
	today := date("2026-06-01")
	for _, tc := range []struct {
		name string
		c    Course
		done string
		want Holding
	}{
		{"not held", yearly, "", NotHeld},
		{"current", yearly, "2026-01-15", Current},
		{"due within 90 days", yearly, "2025-08-01", DueRenewal},
		{"expires today", yearly, "2025-06-01", Expired},
		{"expired", yearly, "2024-01-01", Expired},
		{"never needs renewing", never, "2010-01-01", Current},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var done time.Time
			if tc.done != "" {
				done = date(tc.done)
			}
			if got := tc.c.Hold(done, today); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestModalityWarning(t *testing.T) {
	courses := []Course{{ID: 1, Name: "MBT basic", Modality: "MBT"}, {ID: 2, Name: "MBT practitioner", Modality: "MBT"},
		{ID: 3, Name: "DBT intensive", Modality: "DBT"}, {ID: 4, Name: "Old DIT", Modality: "DIT", Retired: true}}
	for _, tc := range []struct {
		name     string
		modality string
		held     map[int64]Holding
		want     string
	}{
		{"holds one", "MBT", map[int64]Holding{2: Current}, ""},
		{"due still counts", "mbt", map[int64]Holding{1: DueRenewal}, ""},
		{"expired", "MBT", map[int64]Holding{1: Expired}, "Ana has no current training in MBT (MBT basic or MBT practitioner)"},
		{"none", "DBT", nil, "Ana has no current training in DBT (DBT intensive)"},
		{"no course teaches it", "SCM", nil, ""},
		{"retired course only", "DIT", nil, ""},
		{"no modality", "", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ModalityWarning("Ana", tc.modality, courses, tc.held); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMeasure(t *testing.T) {
	full := Capacity{FullTime: 40, TimePercent: 100}
	half := Capacity{FullTime: 40, TimePercent: 50}
	for _, tc := range []struct {
		name     string
		weighted int
		c        Capacity
		level    Level
		words    string
	}{
		{"no limit", 30, Capacity{}, Within, "30 points; no limit set"},
		{"under 90%", 35, full, Within, "35 of 40 points (87%)"},
		{"exactly 90%", 36, full, Near, "36 of 40 points (90%): near capacity"},
		{"exactly 100% is near, not over", 40, full, Near, "40 of 40 points (100%): near capacity"},
		{"over", 41, full, Over, "41 of 40 points (102%): over capacity"},
		{"part-time pro rata", 22, half, Over, "22 of 20 points (110%): over capacity"},
		{"part-time within", 10, half, Within, "10 of 20 points (50%)"},
		{"tiny share never zero", 1, Capacity{FullTime: 1, TimePercent: 10}, Near, "1 of 1 points (100%): near capacity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Measure(tc.weighted, tc.c)
			if got.Level != tc.level || got.Words != tc.words {
				t.Errorf("got %q %q, want %q %q", got.Level, got.Words, tc.level, tc.words)
			}
		})
	}
	if err := (Capacity{FullTime: 40, TimePercent: 0}).Validate(); problem.Fields(err)["time_percent"] == "" {
		t.Errorf("0%% time: %v", err)
	}
}
