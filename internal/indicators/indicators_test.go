package indicators

import (
	"math"
	"strings"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/disclosure"
	"throughline/internal/measures"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		t, _ = time.Parse("2006-01-02", s)
	}
	return t
}

func TestMedianAndPercentile(t *testing.T) {
	tests := []struct {
		xs          []float64
		median, p90 float64
	}{
		{[]float64{5}, 5, 5},
		{[]float64{3, 1, 2}, 2, 3},
		{[]float64{4, 1, 3, 2}, 2.5, 4},
		{[]float64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, 55, 90},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10},
	}
	for _, tt := range tests {
		if got := Median(tt.xs); got != tt.median {
			t.Errorf("Median(%v) = %v, want %v", tt.xs, got, tt.median)
		}
		if got := Percentile(tt.xs, 90); got != tt.p90 {
			t.Errorf("Percentile(%v, 90) = %v, want %v", tt.xs, got, tt.p90)
		}
	}
	if !math.IsNaN(Median(nil)) || !math.IsNaN(Percentile(nil, 90)) {
		t.Error("median and percentile of nothing should be NaN")
	}
}

func TestSuppression(t *testing.T) {
	tests := []struct {
		n, of       int
		count, shre string
	}{
		{0, 0, "0", "none to count"},
		{0, 10, "0", "0% (0 of 10)"},
		{1, 10, disclosure.Hidden, disclosure.Hidden},
		{7, 10, disclosure.Hidden, disclosure.Hidden},
		{8, 20, "10", "50% (10 of 20)"},
		{3, 3, disclosure.Hidden, disclosure.Hidden},
		{0, 4, "0", disclosure.Hidden},
		{12, 40, "10", "25% (10 of 40)"},
		{29, 30, "30", disclosure.Hidden},
		{10, 10, "10", "100% (10 of 10)"},
	}
	for _, tt := range tests {
		if got := count(tt.n); got != tt.count {
			t.Errorf("count(%d) = %q, want %q", tt.n, got, tt.count)
		}
		if got := share(tt.n, tt.of); got != tt.shre {
			t.Errorf("share(%d, %d) = %q, want %q", tt.n, tt.of, got, tt.shre)
		}
	}
}

func TestWaits(t *testing.T) {
	tests := []struct {
		days []float64
		want string
	}{
		{nil, "none in the period"},
		{[]float64{1, 2, 3, 4, 5, 6, 7}, disclosure.Hidden},
		{[]float64{10, 20, 30, 40, 50, 60, 70, 80}, "median 45 days, 90th percentile 80 days (10 people)"},
		{[]float64{0.4, 1.2, 1, 1, 1, 1, 1, 1}, "median 1 day, 90th percentile 1 day (10 people)"},
	}
	for _, tt := range tests {
		if got := Waits(tt.days); got != tt.want {
			t.Errorf("Waits(%v) = %q, want %q", tt.days, got, tt.want)
		}
	}
}

func TestFollowedUpInTime(t *testing.T) {
	tests := []struct {
		name         string
		missed, done string
		want         bool
	}{
		{"same day", "2026-03-02 10:00", "2026-03-02 15:00", true},
		{"Monday, done Wednesday evening", "2026-03-02 10:00", "2026-03-04 23:59", true},
		{"Monday, done Thursday", "2026-03-02 10:00", "2026-03-05 09:00", false},
		{"Friday, done Tuesday", "2026-03-06 10:00", "2026-03-10 17:00", true},
		{"Friday, done Wednesday", "2026-03-06 10:00", "2026-03-11 09:00", false},
		{"Thursday before Good Friday, done Tuesday after Easter Monday", "2026-04-02 10:00", "2026-04-07 12:00", true},
		{"not done", "2026-03-02 10:00", "", false},
	}
	for _, tt := range tests {
		var done time.Time
		if tt.done != "" {
			done = day(tt.done)
		}
		if got := FollowedUpInTime(day(tt.missed), done); got != tt.want {
			t.Errorf("%s: FollowedUpInTime = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestOutreachEnough(t *testing.T) {
	last := day("2026-03-01")
	at := func(d string, m care.OutreachMethod) care.OutreachAttempt {
		return care.OutreachAttempt{At: day(d), Method: m}
	}
	tests := []struct {
		name     string
		attempts []care.OutreachAttempt
		want     bool
	}{
		{"three by two methods", []care.OutreachAttempt{at("2026-03-02", "phone"), at("2026-03-05", "phone"), at("2026-03-09", "letter")}, true},
		{"three by one method", []care.OutreachAttempt{at("2026-03-02", "phone"), at("2026-03-05", "phone"), at("2026-03-09", "phone")}, false},
		{"one before the last attended", []care.OutreachAttempt{at("2026-02-20", "letter"), at("2026-03-05", "phone"), at("2026-03-09", "text")}, false},
		{"none", nil, false},
	}
	for _, tt := range tests {
		if got := OutreachEnough(tt.attempts, last); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestEquity(t *testing.T) {
	received := day("2026-01-05")
	var refs []Referral
	// Nine in "White British": seven accepted and assessed after 10 to 70
	// days (too few to show a median), two declined.
	for i := range 9 {
		r := Referral{ReceivedAt: received, Decision: care.DecisionAccepted, FirstAssessment: received.AddDate(0, 0, 10*(i+1)),
			Group: Group{Ethnicity: "White British", Gender: "woman", AgeBand: "25-34"}}
		if i >= 7 {
			r.Decision, r.FirstAssessment = care.DecisionDeclined, time.Time{}
			r.Group.AgeBand = "unknown"
		}
		refs = append(refs, r)
	}
	// Two with nothing recorded, one still undecided.
	refs = append(refs, Referral{ReceivedAt: received, Decision: care.DecisionAccepted, FirstAssessment: received.AddDate(0, 0, 7)}, Referral{ReceivedAt: received})
	tables := Equity(refs)
	if len(tables) != 3 {
		t.Fatalf("got %d tables, want 3 (sexuality left out when none is recorded)", len(tables))
	}
	eth := tables[0]
	// Two not recorded are hidden, so White British is hidden too: the
	// total less the nine would give the two away.
	want := []EquityRow{
		{Group: "White British", Referrals: disclosure.Hidden, Acceptance: disclosure.Hidden, MedianWait: disclosure.Hidden, Wait: -1},
		{Group: NotRecorded, Referrals: disclosure.Hidden, Acceptance: disclosure.Hidden, MedianWait: disclosure.Hidden, Wait: -1},
		{Group: AllGroups, Referrals: "10", Acceptance: disclosure.Hidden, MedianWait: "35 days", Wait: 35},
	}
	if len(eth.Rows) != len(want) {
		t.Fatalf("ethnicity rows = %+v", eth.Rows)
	}
	for i := range want {
		if eth.Rows[i] != want[i] {
			t.Errorf("ethnicity row %d = %+v, want %+v", i, eth.Rows[i], want[i])
		}
	}
	// Add an eighth assessed White British referral: the median wait shows.
	refs = append(refs, Referral{ReceivedAt: received, Decision: care.DecisionAccepted, FirstAssessment: received.AddDate(0, 0, 80), Group: Group{Ethnicity: "White British"}})
	got := Equity(refs)[0].Rows[0]
	if got.MedianWait != "45 days" || got.Wait != 45 {
		t.Errorf("median wait = %q (%v), want 45 days", got.MedianWait, got.Wait)
	}
	for _, tab := range Equity(refs) {
		if f := disclosure.Recoverable(tab.Table); len(f) > 0 {
			t.Errorf("%s gives away %v", tab.Dimension, f)
		}
	}
}

func TestCompute(t *testing.T) {
	now := day("2026-03-20 12:00")
	f := Facts{Now: now, Liaison: map[string]int{"gp": 12, "housing-provider": 2}}
	th := care.DefaultWaitThresholds("cen")
	for _, weeks := range []int{1, 2, 3, 7, 8, 9, 10, 13} {
		f.Waiting = append(f.Waiting, Waiting{DecidedAt: now.AddDate(0, 0, -7*weeks), Thresholds: th})
	}
	for i := range 25 {
		d := Referral{Decision: care.DecisionDeclined, OnwardService: i < 16, OnwardException: i >= 16 && i < 20}
		f.Declines = append(f.Declines, d)
	}
	missed := day("2026-03-02 10:00")
	for i := range 30 {
		fu := FollowUp{MissedAt: missed, DueOn: day("2026-03-04")}
		switch {
		case i < 20:
			fu.DoneAt = day("2026-03-03 09:00")
		case i < 22:
			fu.DoneAt = day("2026-03-09 09:00")
		}
		f.FollowUps = append(f.FollowUps, fu)
	}
	for i := range 10 {
		f.Episodes = append(f.Episodes, Episode{Goals: 2, OwnWordsGoals: 2 - i%2, Agreement: "agreed", CrisisPlan: true, AgencySocialAction: true})
		seen := care.Contact{At: now.AddDate(0, 0, -3), StaffIDs: []int64{1, int64(i + 2)}}
		f.People = append(f.People, Contacts{Appointments: []care.Contact{seen}})
	}
	f.People = append(f.People, Contacts{})
	f.Pairs = []measures.Pair{}
	r := Compute(f)
	got := map[string]string{}
	for _, s := range r.Sections {
		for _, i := range s.Indicators {
			got[i.Name] = i.Value
		}
	}
	want := map[string]string{
		"Waiting beyond the amber limit now":                         disclosure.Hidden,
		"Waiting beyond the red limit now":                           disclosure.Hidden,
		"Declines without an onward route":                           disclosure.Hidden,
		"Declines sent to a directory service that takes the person": "60% (15 of 25)",
		"Declines with a written exception":                          disclosure.Hidden,
		"Missed appointments followed up within 2 working days":      "67% (20 of 30)",
		"Follow-ups still open":                                      "10",
		"Follow-ups overdue":                                         "10",
		"Distinct workers seen in 90 days (median)":                  "2 (10 people)",
		"No contact for over 28 days":                                disclosure.Hidden,
		"Goals in the person's own words":                            disclosure.Hidden,
		"Care plans agreed by the person":                            "100% (10 of 10)",
		"Active episodes with a crisis plan":                         "100% (10 of 10)",
		"Liaison with other agencies":                                "15",
		"Care plans with social needs shared with another agency":    "100% (10 of 10)",
		"Reliable improvement, first to latest measure":              "none to count",
		"Referral to first assessment":                               "none in the period",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s = %q, want %q", name, got[name], w)
		}
	}
	// Housing's 2 is hidden; against the total, so must GP's 12 be.
	wantLiaison := []LiaisonRow{{"Housing provider", disclosure.Hidden}, {"GP", disclosure.Hidden}}
	if len(r.Liaison) != 2 || r.Liaison[0] != wantLiaison[0] || r.Liaison[1] != wantLiaison[1] {
		t.Errorf("liaison = %+v, want %+v", r.Liaison, wantLiaison)
	}
	for _, tab := range r.Tables {
		if f := disclosure.Recoverable(tab); len(f) > 0 {
			t.Errorf("%s gives away %v", tab.Name, f)
		}
	}
}

func TestFollowedUpAt(t *testing.T) {
	call, written := day("2026-03-30 11:00"), day("2026-04-01 09:00")
	tests := []struct {
		name string
		f    FollowUp
		want time.Time
	}{
		{"call recorded when the task was completed later", FollowUp{DoneAt: written, ContactAt: call}, call},
		{"no outreach recorded", FollowUp{DoneAt: written}, written},
		{"open", FollowUp{}, time.Time{}},
	}
	for _, tt := range tests {
		if got := tt.f.FollowedUpAt(); !got.Equal(tt.want) {
			t.Errorf("%s: FollowedUpAt = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestGroupOrder(t *testing.T) {
	by := map[string]*groupStats{}
	for _, g := range []string{"65+", NotRecorded, "18-24", "under 18", "35-44"} {
		by[g] = &groupStats{}
	}
	got := strings.Join(sortedGroups(by), "|")
	if want := "under 18|18-24|35-44|65+|" + NotRecorded; got != want {
		t.Errorf("order = %s, want %s", got, want)
	}
}
