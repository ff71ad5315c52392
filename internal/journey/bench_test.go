package journey_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/journey"
)

// BenchmarkAnalyse measures the analysis alone over a million referrals in
// time order, as a loader returns them; the store's
// BenchmarkJourneyAnalysis compares load and analysis with SQL.
func BenchmarkAnalyse(b *testing.B) {
	in := syntheticInput(1_000_000)
	b.ResetTimer()
	for range b.N {
		journey.Analyse(in, journey.Filter{})
	}
}

// syntheticInput is n referrals from about n/1.6 people, with shared
// strings as a loader that interns them would give.
func syntheticInput(n int) journey.Input {
	r := rand.New(rand.NewPCG(1, 2))
	svcs := []string{"tt-north", "cmht-north", "cen-specialist", "mind", "crisis-team", "crisis-cafe", "ae-liaison"}
	var profiles []string
	for i := range 2000 {
		profiles = append(profiles, fmt.Sprintf("risk=%s,engagement=%s,age=%d,locality=N", []string{"low", "moderate", "high"}[i%3],
			[]string{"able", "variable", "chaotic"}[i/3%3], 18+i/9))
	}
	reasons := []string{"risk-above-threshold", "needs-longer-term-support", "more-suitable-service"}
	var in journey.Input
	people := int64(n * 10 / 16)
	start := time.Date(2023, 1, 2, 9, 0, 0, 0, time.UTC)
	for i := range n {
		svc := svcs[r.IntN(len(svcs))]
		at := start.Add(time.Duration(i) * 3 * 365 * 24 * time.Hour / time.Duration(n))
		ref := journey.Referral{PersonID: 1 + r.Int64N(people), Locality: []string{"N", "S", "E", "W", "C"}[r.IntN(5)],
			ServiceID: svc, ServiceTier: tiers[svc], ReferrerTier: "primary", ReceivedAt: at, Profile: profiles[r.IntN(len(profiles))]}
		switch r.IntN(10) {
		case 0, 1, 2, 3, 4, 5:
			ref.Decision, ref.DecidedAt, ref.TreatmentStartedAt = care.DecisionAccepted, at.Add(72*time.Hour), at.Add(30*24*time.Hour)
		case 6, 7, 8:
			ref.Decision, ref.DecidedAt, ref.DeclineReason, ref.OnwardRoute = care.DecisionDeclined, at.Add(96*time.Hour), reasons[r.IntN(3)], r.IntN(10) < 7
		}
		in.Referrals = append(in.Referrals, ref)
		if i%5 == 0 {
			in.Episodes = append(in.Episodes, journey.EpisodeStart{PersonID: ref.PersonID, StartedAt: at.Add(60 * 24 * time.Hour)})
		}
	}
	return in
}

// syntheticSeconds is syntheticInput with times to the second, as Compact
// keeps them and the store loads them.
func syntheticSeconds(n int) journey.Input {
	in := syntheticInput(n)
	for i := range in.Referrals {
		r := &in.Referrals[i]
		for _, t := range []*time.Time{&r.ReceivedAt, &r.DecidedAt, &r.TreatmentStartedAt} {
			*t = t.Truncate(time.Second)
		}
	}
	for i := range in.Episodes {
		in.Episodes[i].StartedAt = in.Episodes[i].StartedAt.Truncate(time.Second)
	}
	return in
}
