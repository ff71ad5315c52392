package journey_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/journey"
)

// TestAgainstReference compares Analyse with a slow, obvious reading of the
// rules on random journeys, so the fast path cannot drift from them.
func TestAgainstReference(t *testing.T) {
	t.Parallel()
	svcs := []string{"tt-north", "cmht-north", "cen-specialist", "mind", "crisis-team", "crisis-cafe", "ae-liaison"}
	r := rand.New(rand.NewPCG(7, 7))
	var in journey.Input
	for i := range 3000 {
		person := int64(1 + r.IntN(800))
		if i%5 == 0 {
			person += 1 << 35 // some sparse ids
		}
		ref := referral(person, svcs[r.IntN(len(svcs))], r.IntN(400), livingIn([]string{"N", "S"}[person%2]),
			profile(fmt.Sprintf("risk=%s,age=%d", []string{"low", "high"}[r.IntN(2)], 20+r.IntN(40))))
		switch r.IntN(3) {
		case 0:
			accepted(0, -1)(&ref)
			ref.DecidedAt = ref.ReceivedAt.Add(time.Duration(r.IntN(20*24)) * time.Hour)
			if r.IntN(2) == 0 {
				ref.TreatmentStartedAt = ref.DecidedAt.Add(time.Duration(r.IntN(40*24)) * time.Hour)
			}
		case 1:
			declined(0, care.DeclineReasons[r.IntN(3)].Code, r.IntN(3) > 0)(&ref)
			ref.DecidedAt = ref.ReceivedAt.Add(time.Duration(r.IntN(20*24)) * time.Hour)
		}
		in.Referrals = append(in.Referrals, ref)
		if r.IntN(6) == 0 {
			in.Episodes = append(in.Episodes, journey.EpisodeStart{PersonID: person, StartedAt: day(r.IntN(500))})
		}
	}
	for _, f := range []journey.Filter{{}, {From: day(50), To: day(250), AsOf: day(300)}, {Locality: "S", To: day(200)}} {
		res := journey.Analyse(in, f)
		s := res.Summary
		t.Logf("filter %+v: %d people, %d fell through (%+v), %d still open, %d inconsistent profiles", f, s.People, s.FellThrough,
			s.Instead, s.StillOpen, s.Inconsistent.Profiles)
		got := map[int64]string{}
		for _, j := range res.Journeys {
			got[j.PersonID] = fmt.Sprintf("in=%d b=%d fell=%v open=%v instead=%q treated=%v days=%d", j.InPeriod, j.Bounces,
				j.FellThrough, j.StillOpen, j.Instead, j.Treated, j.DaysToTreatment)
		}
		if want := referenceJourneys(in, f); !reflect.DeepEqual(got, want) {
			for id, w := range want {
				if got[id] != w {
					t.Errorf("filter %+v person %d:\n got %s\nwant %s", f, id, got[id], w)
					break
				}
			}
			t.Errorf("filter %+v: %d journeys, want %d", f, len(got), len(want))
		}
		gotC := map[string]journey.Consistency{}
		for _, s := range res.Services {
			gotC[s.ServiceID] = s.Inconsistent
		}
		if want := referenceConsistency(in, f); !reflect.DeepEqual(gotC, want) {
			t.Errorf("filter %+v: consistency = %v, want %v", f, gotC, want)
		}
	}
}

func inScope(r journey.Referral, f journey.Filter) (counted, followUp bool) {
	if f.Locality != "" && r.Locality != f.Locality || !f.From.IsZero() && r.ReceivedAt.Before(f.From) {
		return false, false
	}
	if f.To.IsZero() || r.ReceivedAt.Before(f.To) {
		return true, false
	}
	return false, r.ReceivedAt.Before(f.To.Add(journey.Lookahead))
}

func referenceJourneys(in journey.Input, f journey.Filter) map[int64]string {
	out := map[int64]string{}
	for _, p := range in.Referrals {
		if counted, _ := inScope(p, f); !counted {
			continue
		}
		var mine []journey.Referral
		var starts []time.Time
		first := time.Time{}
		for _, r := range in.Referrals {
			counted, follow := inScope(r, f)
			if r.PersonID != p.PersonID || !counted && !follow {
				continue
			}
			mine = append(mine, r)
			if counted && (first.IsZero() || r.ReceivedAt.Before(first)) {
				first = r.ReceivedAt
			}
			if !r.TreatmentStartedAt.IsZero() && r.ServiceTier != "crisis" {
				starts = append(starts, r.TreatmentStartedAt)
			}
		}
		for _, e := range in.Episodes {
			if e.PersonID == p.PersonID && !e.StartedAt.Before(f.From) && (f.To.IsZero() || e.StartedAt.Before(f.To.Add(journey.Lookahead))) {
				starts = append(starts, e.StartedAt)
			}
		}
		inPeriod, bounces, open := 0, 0, false
		var gaps []time.Time
		for _, r := range mine {
			if counted, _ := inScope(r, f); !counted {
				continue
			}
			inPeriod++
			if r.Decision != care.DecisionDeclined {
				continue
			}
			bounces++
			held := false
			for _, s := range starts {
				held = held || !s.Before(r.DecidedAt) && !s.After(r.DecidedAt.Add(journey.FollowUp))
			}
			switch {
			case held:
			case !f.AsOf.IsZero() && r.DecidedAt.Add(journey.FollowUp).After(f.AsOf):
				open = true
			default:
				gaps = append(gaps, r.DecidedAt)
			}
		}
		instead := journey.Destination("")
		if len(gaps) > 0 {
			instead = journey.InsteadNothing
			for _, r := range mine {
				for _, g := range gaps {
					if r.ServiceTier == "crisis" && r.Decision != care.DecisionDeclined && !r.ReceivedAt.Before(g) && !r.ReceivedAt.After(g.Add(journey.FollowUp)) {
						if strings.HasPrefix(r.ServiceID, "ae-") {
							instead = journey.InsteadAE
						} else if instead != journey.InsteadAE {
							instead = journey.InsteadCrisis
						}
					}
				}
			}
		}
		treated, days := false, 0
		for _, s := range starts {
			if d := int(s.Sub(first) / (24 * time.Hour)); !s.Before(first) && (!treated || d < days) {
				treated, days = true, d
			}
		}
		out[p.PersonID] = fmt.Sprintf("in=%d b=%d fell=%v open=%v instead=%q treated=%v days=%d", inPeriod, bounces,
			len(gaps) > 0, open && len(gaps) == 0, instead, treated, days)
	}
	return out
}

func referenceConsistency(in journey.Input, f journey.Filter) map[string]journey.Consistency {
	type key struct{ svc, profile string }
	decisions := map[key][2]int{}
	out := map[string]journey.Consistency{}
	for _, r := range in.Referrals {
		counted, _ := inScope(r, f)
		if !counted {
			continue
		}
		out[r.ServiceID] = journey.Consistency{}
		p, err := directory.ParseProfile(r.Profile, directory.Profile{})
		if err != nil || r.Decision == care.DecisionPending {
			continue
		}
		k := key{r.ServiceID, p.String()}
		d := decisions[k]
		if r.Decision == care.DecisionDeclined {
			d[1]++
		} else {
			d[0]++
		}
		decisions[k] = d
	}
	for k, d := range decisions {
		if d[0] > 0 && d[1] > 0 {
			c := out[k.svc]
			c.Profiles++
			c.Referrals += d[0] + d[1]
			out[k.svc] = c
		}
	}
	return out
}
