package journey_test

import (
	"reflect"
	"testing"

	"throughline/internal/journey"
)

// TestCompactSameResult checks that AnalyseCompact gives exactly what
// Analyse gives on the same referrals, and that a Compact expands back to
// the Input it was packed from.
func TestCompactSameResult(t *testing.T) {
	t.Parallel()
	synthetic := syntheticSeconds(20_000)
	sparse := journey.Input{Referrals: []journey.Referral{
		referral(1<<40, "crisis-team", 1, declined(2, "risk-above-threshold", true), profile("risk=high"), livingIn("S")),
		referral(3, "cmht-north", 1, declined(1, "", false), undatedDecision(), profile("not a profile"), livingIn("N")),
		referral(3, "ae-liaison", 20, accepted(20, 21), from("self")),
		referral(1<<40, "mind", 5, accepted(6, 9), profile("risk=high")),
	}, Episodes: []journey.EpisodeStart{episode(3, 30), episode(1<<40, 400)}}
	inputs := map[string]journey.Input{"synthetic": synthetic, "stats": statsInput(), "sparse": sparse, "empty": {}}
	filters := []journey.Filter{{}, {From: day(50), To: day(250), AsOf: day(300)}, {Locality: "S", To: day(200)}, {Locality: "nowhere"}}
	for name, in := range inputs {
		c := journey.CompactOf(in)
		if got := c.Input(); !reflect.DeepEqual(got, in) {
			t.Errorf("%s: compact input does not expand back to the input", name)
		}
		for _, f := range filters {
			got, want := journey.AnalyseCompact(&c, f), journey.Analyse(in, f)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, filter %+v: compact result differs:\n got %+v\nwant %+v", name, f, got.Summary, want.Summary)
			}
			for _, j := range want.Journeys[:min(len(want.Journeys), 50)] {
				if got, want := c.Sequence(j), j.Sequence(in); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: sequence %+v, want %+v", name, got, want)
				}
			}
		}
	}
}

func BenchmarkAnalyseCompact(b *testing.B) {
	c := journey.CompactOf(syntheticInput(1_000_000))
	b.ResetTimer()
	for range b.N {
		journey.AnalyseCompact(&c, journey.Filter{})
	}
}
