package journey_test

import (
	"reflect"
	"slices"
	"testing"

	"throughline/internal/care"
	"throughline/internal/journey"
)

// statsInput is nine people in two localities. Hand counts for tt-north,
// all in the period: 6 referrals; 2 accepted, 3 declined (2 with an onward
// route), 1 pending. p1 (also written as p1Again) was accepted twice and
// declined once: one inconsistent profile, 3 referrals. p2 was declined
// twice at tt-north (consistent) and accepted once at mind (another
// service, so not inconsistent).
func statsInput() journey.Input {
	return journey.Input{Referrals: []journey.Referral{
		referral(1, "tt-north", 0, profile(p1), accepted(3, 10)),
		referral(2, "tt-north", 1, profile(p1Again), accepted(3, 12)),
		referral(3, "tt-north", 2, profile(p1), declined(4, "needs-longer-term-support", true), from("self")),
		referral(4, "tt-north", 3, profile(p2), declined(5, "needs-longer-term-support", false)),
		referral(5, "tt-north", 4, profile(p2), declined(6, "risk-above-threshold", true)),
		referral(6, "tt-north", 5),
		referral(7, "mind", 6, profile(p2), accepted(7, 8), livingIn("S")),
		referral(8, "cmht-north", 7, profile(pBad), declined(9, "risk-below-threshold", false), livingIn("S"), from("talking-therapies")),
		referral(9, "crisis-cafe", 8, livingIn("S"), from("self")),
	}}
}

func TestServiceStats(t *testing.T) {
	t.Parallel()
	res := journey.Analyse(statsInput(), journey.Filter{})
	got := map[string]journey.ServiceStats{}
	for _, s := range res.Services {
		got[s.ServiceID] = s
	}
	if ids := len(res.Services); ids != 4 {
		t.Fatalf("services = %d, want 4", ids)
	}
	tt := got["tt-north"]
	wantTT := journey.ServiceStats{ServiceID: "tt-north", Tier: "talking-therapies",
		Decisions: journey.Decisions{Referrals: 6, Accepted: 2, Declined: 3, Pending: 1, DeclinedWithRoute: 2,
			TopReasons: []journey.ReasonCount{
				{Code: "needs-longer-term-support", Label: care.DeclineReasonLabel("needs-longer-term-support"), N: 2},
				{Code: "risk-above-threshold", Label: care.DeclineReasonLabel("risk-above-threshold"), N: 1},
			},
			Inconsistent: journey.Consistency{Profiles: 1, Referrals: 3}},
		InconsistentProfiles: []journey.ProfileDecisions{{Profile: p1, Accepted: 2, Declined: 1}}}
	if !reflect.DeepEqual(tt, wantTT) {
		t.Errorf("tt-north =\n %+v\nwant\n %+v", tt, wantTT)
	}
	tests := []struct {
		name      string
		got, want float64
	}{
		{"tt-north decline rate", tt.DeclineRate(), 3.0 / 5},
		{"tt-north route share", tt.RouteShare(), 2.0 / 3},
		{"mind decline rate", got["mind"].DeclineRate(), 0},
		{"mind route share, nothing declined", got["mind"].RouteShare(), 0},
		{"cmht route share", got["cmht-north"].RouteShare(), 0},
		{"crisis café decline rate, nothing decided", got["crisis-cafe"].DeclineRate(), 0},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if got, want := got["cmht-north"].NoProfile, 1; got != want {
		t.Errorf("cmht-north decisions without a readable profile = %d, want %d", got, want)
	}
	if got := got["mind"].Inconsistent; got != (journey.Consistency{}) {
		t.Errorf("mind inconsistency = %+v, want none (p2 was declined elsewhere)", got)
	}
}

func TestSummaryAndLocalities(t *testing.T) {
	t.Parallel()
	res := journey.Analyse(statsInput(), journey.Filter{})
	// N: people 1–6. People 3, 4 and 5 were declined and never treated.
	// S: people 7–9. Person 8 was declined; 7 was treated after 1 day.
	tests := []struct {
		name      string
		got, want journey.Summary
	}{
		{"N", res.Localities[0].Summary, journey.Summary{People: 6, Declined: 3, FellThrough: 3,
			Instead: journey.DestinationCounts{NothingRecorded: 3}, Treated: 2, MedianDaysToTreatment: 10}},
		{"S", res.Localities[1].Summary, journey.Summary{People: 3, Declined: 1, FellThrough: 1,
			Instead: journey.DestinationCounts{NothingRecorded: 1}, Treated: 1, MedianDaysToTreatment: 2}},
		{"everyone", res.Summary, journey.Summary{People: 9, Declined: 4, FellThrough: 4,
			Instead: journey.DestinationCounts{NothingRecorded: 4}, Treated: 3, MedianDaysToTreatment: 10}},
	}
	for _, tc := range tests {
		tc.got.Decisions = journey.Decisions{}
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s summary =\n %+v\nwant\n %+v", tc.name, tc.got, tc.want)
		}
	}
	if got, want := []string{res.Localities[0].Locality, res.Localities[1].Locality}, []string{"N", "S"}; !slices.Equal(got, want) {
		t.Errorf("localities = %v, want %v", got, want)
	}
	if got, want := res.Localities[0].Summary.Referrals+res.Localities[1].Summary.Referrals, res.Summary.Referrals; got != want || want != 9 {
		t.Errorf("locality referrals add to %d, everyone %d, want 9", got, want)
	}
	if got, want := res.Localities[0].Summary.Inconsistent, (journey.Consistency{Profiles: 1, Referrals: 3}); got != want {
		t.Errorf("N inconsistency = %+v, want %+v", got, want)
	}
	var sIDs []string
	for _, s := range res.Localities[1].Services {
		sIDs = append(sIDs, s.ServiceID)
	}
	if want := []string{"cmht-north", "crisis-cafe", "mind"}; !slices.Equal(sIDs, want) {
		t.Errorf("S services = %v, want %v", sIDs, want)
	}
}

func TestFilters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		filter        journey.Filter
		people, refs  int
		wantLocalites []string
	}{
		{"everything", journey.Filter{}, 9, 9, []string{"N", "S"}},
		{"locality S", journey.Filter{Locality: "S"}, 3, 3, []string{"S"}},
		{"locality nobody lives in", journey.Filter{Locality: "E"}, 0, 0, nil},
		{"days 2 to 5", journey.Filter{From: day(2), To: day(5)}, 3, 3, []string{"N"}},
		{"from day 6", journey.Filter{From: day(6)}, 3, 3, []string{"S"}},
		{"locality and period", journey.Filter{From: day(7), To: day(8), Locality: "S"}, 1, 1, []string{"S"}},
	}
	for _, tc := range tests {
		res := journey.Analyse(statsInput(), tc.filter)
		var locs []string
		for _, l := range res.Localities {
			locs = append(locs, l.Locality)
		}
		if res.Summary.People != tc.people || res.Summary.Referrals != tc.refs || !slices.Equal(locs, tc.wantLocalites) {
			t.Errorf("%s: people %d, referrals %d, localities %v; want %d, %d, %v", tc.name,
				res.Summary.People, res.Summary.Referrals, locs, tc.people, tc.refs, tc.wantLocalites)
		}
	}
}

func TestFlows(t *testing.T) {
	t.Parallel()
	res := journey.Analyse(statsInput(), journey.Filter{})
	want := []journey.Flow{
		{From: "referrer:primary", To: "service:talking-therapies", N: 5},
		{From: "referrer:primary", To: "service:voluntary", N: 1},
		{From: "referrer:self", To: "service:crisis", N: 1},
		{From: "referrer:self", To: "service:talking-therapies", N: 1},
		{From: "referrer:talking-therapies", To: "service:secondary", N: 1},
		{From: "service:crisis", To: "outcome:pending", N: 1},
		{From: "service:secondary", To: "outcome:declined-no-route", N: 1},
		{From: "service:talking-therapies", To: "outcome:accepted", N: 2},
		{From: "service:talking-therapies", To: "outcome:declined-no-route", N: 1},
		{From: "service:talking-therapies", To: "outcome:declined-with-onward-route", N: 2},
		{From: "service:talking-therapies", To: "outcome:pending", N: 1},
		{From: "service:voluntary", To: "outcome:accepted", N: 1},
	}
	if !reflect.DeepEqual(res.Flows, want) {
		t.Errorf("flows =\n %+v\nwant\n %+v", res.Flows, want)
	}
}

func TestEmptyAndUnchangedInput(t *testing.T) {
	t.Parallel()
	if res := journey.Analyse(journey.Input{}, journey.Filter{}); !reflect.DeepEqual(res.Summary, journey.Summary{}) ||
		len(res.Journeys)+len(res.Services)+len(res.Localities)+len(res.Flows) != 0 {
		t.Errorf("empty input gave %+v", res)
	}
	in := statsInput()
	slices.Reverse(in.Referrals)
	before := slices.Clone(in.Referrals)
	journey.Analyse(in, journey.Filter{})
	if !reflect.DeepEqual(in.Referrals, before) {
		t.Error("Analyse changed its input")
	}
}
