package journey_test

import (
	"strings"
	"testing"

	"throughline/internal/journey"
)

// TestConsistencyCases are hand-built pairs: what counts as the same
// profile getting different decisions at one service, and what does not.
func TestConsistencyCases(t *testing.T) {
	t.Parallel()
	older := strings.Replace(p1, "age=30", "age=31", 1)
	period := journey.Filter{From: day(100), To: day(200), AsOf: day(400)}
	tests := []struct {
		name   string
		refs   []journey.Referral
		filter journey.Filter
		want   journey.Consistency
	}{
		{"a pair written in two orders", []journey.Referral{
			referral(1, "tt-north", 0, profile(p1), accepted(2, 5)),
			referral(2, "tt-north", 1, profile(p1Again), declined(3, "needs-longer-term-support", true)),
		}, journey.Filter{}, journey.Consistency{Profiles: 1, Referrals: 2}},
		{"the demo's twins: three accepted, three declined", []journey.Referral{
			referral(1, "tt-north", 0, profile(p1), accepted(2, 5)), referral(2, "tt-north", 1, profile(p1), declined(3, "engagement-support-needed", true)),
			referral(3, "tt-north", 2, profile(p1), accepted(4, 6)), referral(4, "tt-north", 3, profile(p1), declined(5, "engagement-support-needed", true)),
			referral(5, "tt-north", 4, profile(p1), accepted(6, 8)), referral(6, "tt-north", 5, profile(p1), declined(7, "engagement-support-needed", true)),
		}, journey.Filter{}, journey.Consistency{Profiles: 1, Referrals: 6}},
		{"both decisions in the period", []journey.Referral{
			referral(1, "tt-north", 120, profile(p1), accepted(122, 130)),
			referral(2, "tt-north", 150, profile(p1), declined(152, "needs-longer-term-support", true)),
		}, period, journey.Consistency{Profiles: 1, Referrals: 2}},
		{"the decline before the period is not compared", []journey.Referral{
			referral(1, "tt-north", 120, profile(p1), accepted(122, 130)),
			referral(2, "tt-north", 20, profile(p1), declined(22, "needs-longer-term-support", true)),
		}, period, journey.Consistency{}},
		{"a year of age is another profile", []journey.Referral{
			referral(1, "tt-north", 0, profile(p1), accepted(2, 5)),
			referral(2, "tt-north", 1, profile(older), declined(3, "needs-longer-term-support", true)),
		}, journey.Filter{}, journey.Consistency{}},
		{"a pending referral is not a decision", []journey.Referral{
			referral(1, "tt-north", 0, profile(p1), accepted(2, 5)),
			referral(2, "tt-north", 1, profile(p1)),
		}, journey.Filter{}, journey.Consistency{}},
		{"an unreadable profile is not compared", []journey.Referral{
			referral(1, "tt-north", 0, profile(pBad), accepted(2, 5)),
			referral(2, "tt-north", 1, profile(pBad), declined(3, "needs-longer-term-support", true)),
		}, journey.Filter{}, journey.Consistency{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := journey.Analyse(journey.Input{Referrals: tc.refs}, tc.filter)
			var got journey.Consistency
			for _, s := range res.Services {
				if s.ServiceID == "tt-north" {
					got = s.Inconsistent
				}
			}
			if got != tc.want {
				t.Errorf("tt-north consistency = %+v, want %+v", got, tc.want)
			}
		})
	}
}
