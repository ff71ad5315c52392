package scenario

import (
	"slices"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/journey"
)

func TestOverTime(t *testing.T) {
	t.Parallel()
	on := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	declined := func(person int64, m time.Month, d int) journey.Referral {
		return journey.Referral{PersonID: person, ServiceID: "a", ReceivedAt: on(m, d).AddDate(0, 0, -3), Decision: care.DecisionDeclined, DecidedAt: on(m, d)}
	}
	held := declined(2, time.July, 10)
	in := journey.Input{Referrals: []journey.Referral{
		declined(1, time.July, 1), // fell through in July
		held,                      // treated within 90 days below
		declined(3, time.June, 2), // two unanswered declines: counted once, in August
		declined(3, time.August, 1),
		declined(4, time.September, 10), // window still open on the day
	}, Episodes: []journey.EpisodeStart{{PersonID: 2, StartedAt: on(time.August, 1)}}}
	strict := directory.Service{ID: "a", Name: "A", Tier: "secondary", Eligibility: map[string][]string{"engagement": {"able"}}}
	open := directory.Service{ID: "a", Name: "A", Tier: "secondary"}
	later := directory.Service{ID: "b", Name: "B", Tier: "voluntary"}
	history := []RuleChange{
		{At: on(time.October, 15), Service: open, Before: &strict, Summary: "eligibility engagement: able → any"},
		{At: on(time.January, 1), Service: strict},
		{At: on(time.November, 2), Service: later},
	}
	got, err := OverTime(in, []directory.Service{open, later}, history, on(time.November, 20), 6)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		month       string
		fell, cells int
		changes     int
	}{
		{"2026-06", 0, 8, 0}, {"2026-07", 1, 8, 0}, {"2026-08", 1, 8, 0},
		{"2026-09", 0, 8, 0}, {"2026-10", 0, 0, 1}, {"2026-11", 0, 0, 1},
	}
	if len(got) != len(want) {
		t.Fatalf("%d months, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Month != w.month || g.FellThrough != w.fell || g.GapCells != w.cells || len(g.Changes) != w.changes {
			t.Errorf("month %d = %s fell %d cells %d changes %d; want %+v", i, g.Month, g.FellThrough, g.GapCells, len(g.Changes), w)
		}
	}
	if !slices.ContainsFunc(got[4].Changes, func(c RuleChange) bool { return c.Service.ID == "a" }) {
		t.Error("October's change to A is not marked")
	}
}
