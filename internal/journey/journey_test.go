package journey_test

import (
	"reflect"
	"testing"
	"time"

	"throughline/internal/journey"
)

// want is the part of a journey each case checks.
type want struct {
	inPeriod, bounces   int
	fell, open          bool
	instead             journey.Destination
	treated             bool
	days                int
	gapStart            time.Time
	referralsInSequence int
}

func TestJourneys(t *testing.T) {
	t.Parallel()
	const P = 1
	tests := []struct {
		name     string
		refs     []journey.Referral
		episodes []journey.EpisodeStart
		filter   journey.Filter
		want     want
	}{
		{"accepted and treated", []journey.Referral{referral(P, "tt-north", 0, accepted(3, 20))}, nil, journey.Filter{},
			want{inPeriod: 1, treated: true, days: 20, referralsInSequence: 1}},
		{"declined, then a CEN episode within 90 days",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "needs-longer-term-support", true)), referral(P, "cen-specialist", 10, accepted(20, -1))},
			[]journey.EpisodeStart{episode(P, 60)}, journey.Filter{},
			want{inPeriod: 2, bounces: 1, treated: true, days: 60, referralsInSequence: 2}},
		{"episode exactly 90 days after the decline holds",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "needs-longer-term-support", true))},
			[]journey.EpisodeStart{episode(P, 95)}, journey.Filter{},
			want{inPeriod: 1, bounces: 1, treated: true, days: 95, referralsInSequence: 1}},
		{"episode 90 days and a second after the decline is too late",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "needs-longer-term-support", true), at(day(5).Add(-time.Second)))},
			[]journey.EpisodeStart{episode(P, 95)}, journey.Filter{},
			want{inPeriod: 1, bounces: 1, fell: true, instead: journey.InsteadNothing, treated: true, days: 95,
				gapStart: day(5).Add(-time.Second), referralsInSequence: 1}},
		{"treatment at another service within 90 days holds",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "needs-specialist-service", true)), referral(P, "mind", 20, accepted(25, 40))},
			nil, journey.Filter{},
			want{inPeriod: 2, bounces: 1, treated: true, days: 40, referralsInSequence: 2}},
		{"crisis café after the decline",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "risk-above-threshold", true)), referral(P, "crisis-cafe", 30, from("self"), accepted(30, -1))},
			nil, journey.Filter{},
			want{inPeriod: 2, bounces: 1, fell: true, instead: journey.InsteadCrisis, gapStart: day(5), referralsInSequence: 2}},
		{"A&E outweighs other crisis contacts",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "risk-above-threshold", true)), referral(P, "crisis-cafe", 30, accepted(30, -1)),
				referral(P, "ae-liaison", 60, accepted(60, -1)), referral(P, "crisis-team", 61, accepted(61, 62))},
			nil, journey.Filter{},
			want{inPeriod: 4, bounces: 1, fell: true, instead: journey.InsteadAE, gapStart: day(5), referralsInSequence: 4}},
		{"crisis contact after the 90 days is not counted",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "risk-above-threshold", true)), referral(P, "crisis-team", 96, accepted(96, -1))},
			nil, journey.Filter{},
			want{inPeriod: 2, bounces: 1, fell: true, instead: journey.InsteadNothing, gapStart: day(5), referralsInSequence: 2}},
		{"treatment by a crisis service does not hold",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "risk-above-threshold", true)), referral(P, "crisis-team", 10, accepted(10, 10))},
			nil, journey.Filter{},
			want{inPeriod: 2, bounces: 1, fell: true, instead: journey.InsteadCrisis, gapStart: day(5), referralsInSequence: 2}},
		{"a crisis service that declined is not where they went",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "risk-above-threshold", true)), referral(P, "crisis-team", 10, declined(10, "risk-below-threshold", true))},
			nil, journey.Filter{},
			want{inPeriod: 2, bounces: 2, fell: true, instead: journey.InsteadNothing, gapStart: day(5), referralsInSequence: 2}},
		{"bounced between three services",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "needs-longer-term-support", true)), referral(P, "cmht-north", 20, declined(30, "risk-below-threshold", true)),
				referral(P, "cen-specialist", 50, declined(70, "engagement-support-needed", true)), referral(P, "crisis-team", 100, accepted(100, 101))},
			nil, journey.Filter{},
			want{inPeriod: 4, bounces: 3, fell: true, instead: journey.InsteadCrisis, gapStart: day(5), referralsInSequence: 4}},
		{"treatment before the decline does not hold",
			[]journey.Referral{referral(P, "mind", 0, accepted(1, 2)), referral(P, "tt-north", 10, declined(12, "more-suitable-service", false))},
			nil, journey.Filter{},
			want{inPeriod: 2, bounces: 1, fell: true, instead: journey.InsteadNothing, treated: true, days: 2, gapStart: day(12), referralsInSequence: 2}},
		{"a decline with no decision time counts from receipt",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "more-suitable-service", true), undatedDecision())},
			[]journey.EpisodeStart{episode(P, 91)}, journey.Filter{},
			want{inPeriod: 1, bounces: 1, fell: true, instead: journey.InsteadNothing, treated: true, days: 91, gapStart: day(0), referralsInSequence: 1}},
		{"window still open when the data was read",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "more-suitable-service", true))},
			nil, journey.Filter{AsOf: day(94)},
			want{inPeriod: 1, bounces: 1, open: true, referralsInSequence: 1}},
		{"window closed exactly when the data was read",
			[]journey.Referral{referral(P, "tt-north", 0, declined(5, "more-suitable-service", true))},
			nil, journey.Filter{AsOf: day(95)},
			want{inPeriod: 1, bounces: 1, fell: true, instead: journey.InsteadNothing, gapStart: day(5), referralsInSequence: 1}},
		{"pending referral", []journey.Referral{referral(P, "cen-specialist", 0)}, nil, journey.Filter{},
			want{inPeriod: 1, referralsInSequence: 1}},
		{"follow-up after the period shows where they went",
			[]journey.Referral{referral(P, "tt-north", 10, declined(20, "risk-above-threshold", true)), referral(P, "ae-liaison", 50, accepted(50, -1))},
			nil, journey.Filter{From: day(0), To: day(30)},
			want{inPeriod: 1, bounces: 1, fell: true, instead: journey.InsteadAE, gapStart: day(20), referralsInSequence: 2}},
		{"referrals before the period are ignored",
			[]journey.Referral{referral(P, "tt-north", -40, declined(-35, "risk-above-threshold", true)), referral(P, "mind", 10, accepted(11, 12))},
			nil, journey.Filter{From: day(0), To: day(30)},
			want{inPeriod: 1, treated: true, days: 2, referralsInSequence: 1}},
		{"out of order input is put in order",
			[]journey.Referral{referral(P, "crisis-cafe", 30, accepted(30, -1)), referral(P, "tt-north", 0, declined(5, "risk-above-threshold", true))},
			nil, journey.Filter{},
			want{inPeriod: 2, bounces: 1, fell: true, instead: journey.InsteadCrisis, gapStart: day(5), referralsInSequence: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := journey.Analyse(journey.Input{Referrals: tt.refs, Episodes: tt.episodes}, tt.filter)
			if len(res.Journeys) != 1 {
				t.Fatalf("journeys = %d, want 1", len(res.Journeys))
			}
			j := res.Journeys[0]
			got := want{inPeriod: j.InPeriod, bounces: j.Bounces, fell: j.FellThrough, open: j.StillOpen, instead: j.Instead,
				treated: j.Treated, days: j.DaysToTreatment, gapStart: j.GapStart, referralsInSequence: len(j.Referrals)}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("journey =\n %+v\nwant\n %+v", got, tt.want)
			}
			seq := j.Sequence(journey.Input{Referrals: tt.refs})
			for i := 1; i < len(seq); i++ {
				if seq[i].ReceivedAt.Before(seq[i-1].ReceivedAt) {
					t.Errorf("referrals out of order: %v before %v", seq[i-1].ReceivedAt, seq[i].ReceivedAt)
				}
			}
		})
	}
}

// TestJourneysKeepPeopleApart checks one person's episodes and crisis
// contacts never answer another person's decline, with ids dense or sparse.
func TestJourneysKeepPeopleApart(t *testing.T) {
	t.Parallel()
	for _, ids := range [][3]int64{{1, 2, 3}, {7, 1 << 40, 3}} {
		a, b, c := ids[0], ids[1], ids[2]
		in := journey.Input{
			Referrals: []journey.Referral{
				referral(a, "tt-north", 0, declined(5, "risk-above-threshold", true)),
				referral(b, "tt-north", 1, declined(5, "risk-above-threshold", true)),
				referral(c, "crisis-team", 10, accepted(10, -1)),
				referral(b, "mind", 2, accepted(3, 4)),
			},
			Episodes: []journey.EpisodeStart{episode(a, 20)},
		}
		res := journey.Analyse(in, journey.Filter{})
		got := map[int64][2]bool{}
		for _, j := range res.Journeys {
			got[j.PersonID] = [2]bool{j.FellThrough, j.Treated}
		}
		want := map[int64][2]bool{a: {false, true}, b: {true, true}, c: {false, false}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ids %v: (fell through, treated) = %v, want %v", ids, got, want)
		}
		for i := 1; i < len(res.Journeys); i++ {
			if res.Journeys[i].PersonID <= res.Journeys[i-1].PersonID {
				t.Errorf("ids %v: journeys not in person order", ids)
			}
		}
	}
}
