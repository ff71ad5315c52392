package journey_test

import (
	"fmt"
	"reflect"
	"testing"

	"throughline/internal/journey"
)

// TestPartsSameResult checks that an analysis split between cores gives
// exactly the result of one pass: the same journeys in the same order,
// referring to the same referrals, and the same tallies, codes and
// inconsistent profiles, from Analyse and AnalyseCompact, for every filter.
// Not parallel: it changes how every analysis splits.
func TestPartsSameResult(t *testing.T) {
	synthetic := syntheticSeconds(20_000)
	one := journey.Input{Referrals: []journey.Referral{referral(7, "mind", 3, accepted(4, 9), profile(p1))}}
	inputs := map[string]journey.Input{"synthetic": synthetic, "stats": statsInput(), "one person": one, "empty": {}}
	filters := []journey.Filter{{}, {From: day(50), To: day(250), AsOf: day(300)}, {Locality: "S", To: day(200)}, {Locality: "nowhere"}}
	type results struct{ plain, compact journey.Result }
	analyse := func(in journey.Input, c *journey.Compact, f journey.Filter) results {
		return results{journey.Analyse(in, f), journey.AnalyseCompact(c, f)}
	}
	for name, in := range inputs {
		c := journey.CompactOf(in)
		for _, f := range filters {
			restore := journey.SplitEverything(1)
			want := analyse(in, &c, f)
			restore()
			for _, parts := range []int{2, 3, 4} {
				t.Run(fmt.Sprintf("%s/%+v/%d parts", name, f, parts), func(t *testing.T) {
					defer journey.SplitEverything(parts)()
					got := analyse(in, &c, f)
					if !reflect.DeepEqual(got.plain, want.plain) {
						t.Errorf("Analyse: summary %+v, want %+v (or the journeys or tallies differ)", got.plain.Summary, want.plain.Summary)
					}
					if !reflect.DeepEqual(got.compact, want.compact) {
						t.Errorf("AnalyseCompact: summary %+v, want %+v (or the journeys or tallies differ)", got.compact.Summary, want.compact.Summary)
					}
				})
			}
		}
	}
}
