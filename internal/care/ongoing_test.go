package care

import (
	"testing"
	"time"

	"throughline/internal/problem"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCheckNonEngagement(t *testing.T) {
	last := day("2026-03-02")
	mdt := MDTDecision{On: day("2026-04-01"), Present: "Team manager, named worker, psychiatrist", Rationale: "Six weeks without contact despite outreach; GP informed"}
	att := func(d string, m OutreachMethod) OutreachAttempt {
		return OutreachAttempt{At: day(d), Method: m, Outcome: OutreachNoAnswer}
	}
	three := []OutreachAttempt{att("2026-03-04", OutreachPhone), att("2026-03-11", OutreachText), att("2026-03-18", OutreachLetter)}
	tests := []struct {
		name     string
		ending   Ending
		attempts []OutreachAttempt
		wantErr  string // field that must be named, "" for allowed
	}{
		{"planned endings need no outreach", Ending{Kind: EndingPlanned}, nil, ""},
		{"moved away needs no outreach", Ending{Kind: EndingUnplanned, Reason: ReasonMovedAway}, nil, ""},
		{"no outreach, no MDT", Ending{Kind: EndingUnplanned, Reason: ReasonNonEngagement, EndedOn: day("2026-04-02")}, nil, "reason"},
		{"outreach but no MDT", Ending{Kind: EndingUnplanned, Reason: ReasonNonEngagement, EndedOn: day("2026-04-02")}, three, "mdt_on"},
		{"MDT but two attempts", Ending{Kind: EndingUnplanned, Reason: ReasonNonEngagement, EndedOn: day("2026-04-02"), MDT: mdt}, three[:2], "reason"},
		{"three attempts, one method", Ending{Kind: EndingUnplanned, Reason: ReasonNonEngagement, EndedOn: day("2026-04-02"), MDT: mdt},
			[]OutreachAttempt{att("2026-03-04", OutreachPhone), att("2026-03-11", OutreachPhone), att("2026-03-18", OutreachPhone)}, "reason"},
		{"attempts before the last attended appointment do not count", Ending{Kind: EndingUnplanned, Reason: ReasonNonEngagement, EndedOn: day("2026-04-02"), MDT: mdt},
			[]OutreachAttempt{att("2026-02-04", OutreachPhone), att("2026-03-11", OutreachText), att("2026-03-18", OutreachLetter)}, "reason"},
		{"MDT without rationale", Ending{Kind: EndingUnplanned, Reason: ReasonNonEngagement, EndedOn: day("2026-04-02"), MDT: MDTDecision{On: mdt.On, Present: "x"}}, three, "mdt_rationale"},
		{"MDT after the ending", Ending{Kind: EndingUnplanned, Reason: ReasonNonEngagement, EndedOn: day("2026-03-25"), MDT: mdt}, three, "mdt_on"},
		{"outreach and MDT", Ending{Kind: EndingUnplanned, Reason: ReasonNonEngagement, EndedOn: day("2026-04-02"), MDT: mdt}, three, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.ending.CheckNonEngagement(tt.attempts, last)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("got %v, want allowed", err)
				}
				return
			}
			if got := problem.Fields(err)[tt.wantErr]; got == "" {
				t.Errorf("got %v, want a message for %s", err, tt.wantErr)
			}
		})
	}
}

func TestEndingValidate(t *testing.T) {
	started, now := day("2025-06-01"), day("2026-04-02")
	tests := []struct {
		name   string
		ending Ending
		want   []string
	}{
		{"planned with a plan", Ending{Kind: EndingPlanned, EndedOn: now, FurtherSupport: "Peer group at the Hub", HowToComeBack: "Ring the team within 6 months"}, nil},
		{"planned without a plan", Ending{Kind: EndingPlanned, EndedOn: now}, []string{"further_support", "how_to_come_back"}},
		{"unplanned without reason", Ending{Kind: EndingUnplanned, EndedOn: now}, []string{"reason"}},
		{"other reason needs words", Ending{Kind: EndingUnplanned, Reason: ReasonOther, EndedOn: now}, []string{"note"}},
		{"no kind, no date", Ending{}, []string{"kind", "ended_on"}},
		{"before the start", Ending{Kind: EndingUnplanned, Reason: ReasonMovedAway, EndedOn: day("2025-05-01")}, []string{"ended_on"}},
		{"in the future", Ending{Kind: EndingUnplanned, Reason: ReasonMovedAway, EndedOn: now.AddDate(0, 0, 3)}, []string{"ended_on"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := problem.Fields(tt.ending.Validate(started, now))
			if got, want := len(fields), len(tt.want); got != want {
				t.Errorf("fields = %v, want %v", fields, tt.want)
			}
			for _, f := range tt.want {
				if fields[f] == "" {
					t.Errorf("no message for %s in %v", f, fields)
				}
			}
		})
	}
}

func TestCheckReaccess(t *testing.T) {
	ended := day("2026-01-31")
	tests := []struct {
		name   string
		ended  time.Time
		now    time.Time
		months int
		want   string
	}{
		{"next day", ended, day("2026-02-01"), 6, ""},
		{"last day of the window", ended, day("2026-07-31"), 6, ""},
		{"day after the window", ended, day("2026-08-01"), 6, problem.Conflict},
		{"a longer window set by the team", ended, day("2026-12-01"), 12, ""},
		{"not ended", time.Time{}, day("2026-02-01"), 6, problem.Conflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := problem.Code(CheckReaccess(tt.ended, tt.now, tt.months)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestComputeContinuity(t *testing.T) {
	now := time.Date(2026, 4, 30, 15, 0, 0, 0, time.UTC)
	at := func(d string, staff ...int64) Contact {
		return Contact{At: day(d).Add(10 * time.Hour), StaffIDs: staff}
	}
	tests := []struct {
		name    string
		appts   []Contact
		reached []Contact
		want    Continuity
	}{
		{"nothing yet", nil, nil, Continuity{DaysSinceContact: -1, Flag: true}},
		// 90 days before 30 Apr is 30 Jan: worker 3 on 29 Jan falls outside.
		{"three workers in window, one outside", []Contact{at("2026-01-29", 3), at("2026-02-10", 1, 2), at("2026-04-20", 1), at("2026-03-01", 4)}, nil,
			Continuity{DistinctWorkers: 3, LastContact: day("2026-04-20").Add(10 * time.Hour), DaysSinceContact: 10}},
		{"reached by phone is contact", []Contact{at("2026-03-01", 1)}, []Contact{at("2026-04-28")},
			Continuity{DistinctWorkers: 1, LastContact: day("2026-04-28").Add(10 * time.Hour), DaysSinceContact: 2}},
		{"29 days is flagged", []Contact{at("2026-04-01", 1)}, nil,
			Continuity{DistinctWorkers: 1, LastContact: day("2026-04-01").Add(10 * time.Hour), DaysSinceContact: 29, Flag: true}},
		{"28 days is not", []Contact{at("2026-04-02", 1)}, nil,
			Continuity{DistinctWorkers: 1, LastContact: day("2026-04-02").Add(10 * time.Hour), DaysSinceContact: 28}},
		{"future appointments are not contact", []Contact{at("2026-05-02", 1)}, nil, Continuity{DaysSinceContact: -1, Flag: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ComputeContinuity(tt.appts, tt.reached, now); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestOutreachAndGroupValidate(t *testing.T) {
	now := day("2026-04-30")
	ok := OutreachAttempt{PersonID: 1, At: now, Method: OutreachPhone, Outcome: OutreachReached, Note: "Spoke; bus fare was the problem"}
	if err := ok.Validate(now); err != nil {
		t.Errorf("valid attempt: %v", err)
	}
	bad := OutreachAttempt{At: now.AddDate(0, 0, 2), Method: "pigeon", Outcome: "ignored"}
	if got, want := len(problem.Fields(bad.Validate(now))), 5; got != want {
		t.Errorf("bad attempt fields = %v, want %d", problem.Fields(bad.Validate(now)), want)
	}
	g := Group{Name: "Tuesday skills", Modality: GroupDBTSkills, TeamID: 1, StartsOn: day("2026-01-06"), EndsOn: day("2026-06-30"), FacilitatorIDs: []int64{1}}
	if err := g.Validate(); err != nil {
		t.Errorf("valid group: %v", err)
	}
	tests := []struct {
		s    GroupSession
		want string
	}{
		{GroupSession{StartsAt: day("2026-02-03").Add(14 * time.Hour), Minutes: 150}, ""},
		{GroupSession{StartsAt: day("2026-01-05"), Minutes: 150}, "starts_at"},
		{GroupSession{StartsAt: day("2026-07-01"), Minutes: 150}, "starts_at"},
		{GroupSession{StartsAt: day("2026-02-03"), Minutes: 0}, "minutes"},
	}
	for _, tt := range tests {
		f := problem.Fields(tt.s.Validate(g))
		if (tt.want == "") != (len(f) == 0) || (tt.want != "" && f[tt.want] == "") {
			t.Errorf("session %+v: fields %v, want %q", tt.s, f, tt.want)
		}
	}
}
