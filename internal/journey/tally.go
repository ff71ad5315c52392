package journey

import (
	"cmp"
	"slices"

	"throughline/internal/care"
)

// tally counts decisions for a service, or a service within a locality.
type tally struct {
	referrals, accepted, declined, pending, withRoute, noProfile int
	reasons                                                      []int // by reason code
	inconsistent                                                 Consistency
	profiles                                                     []ProfileDecisions
}

func (t *tally) add(r *rec) {
	t.referrals++
	switch r.decision {
	case accepted:
		t.accepted++
	case declined:
		t.declined++
		t.reasons[r.reason]++
		if r.onward {
			t.withRoute++
		}
	default:
		t.pending++
	}
	if r.decision != pending && r.profile < 0 {
		t.noProfile++
	}
}

func (t *tally) merge(o *tally) {
	t.referrals += o.referrals
	t.accepted += o.accepted
	t.declined += o.declined
	t.pending += o.pending
	t.withRoute += o.withRoute
	t.noProfile += o.noProfile
	t.inconsistent.Profiles += o.inconsistent.Profiles
	t.inconsistent.Referrals += o.inconsistent.Referrals
	for i, n := range o.reasons {
		t.reasons[i] += n
	}
}

func (t *tally) decisions(reasonNames []string) Decisions {
	d := Decisions{Referrals: t.referrals, Accepted: t.accepted, Declined: t.declined, Pending: t.pending,
		DeclinedWithRoute: t.withRoute, Inconsistent: t.inconsistent, NoProfile: t.noProfile}
	for code, n := range t.reasons {
		if n > 0 {
			d.TopReasons = append(d.TopReasons, ReasonCount{Code: reasonNames[code], Label: care.DeclineReasonLabel(reasonNames[code]), N: n})
		}
	}
	slices.SortFunc(d.TopReasons, func(x, y ReasonCount) int { return cmp.Or(cmp.Compare(y.N, x.N), cmp.Compare(x.Code, y.Code)) })
	return d
}

// peopleTally counts journeys in a locality.
type peopleTally struct {
	people, declined, twice, fell, open, treated int
	instead                                      DestinationCounts
	days                                         dayCounts
}

func (p *peopleTally) add(j *Journey) {
	p.people++
	if j.Bounces > 0 {
		p.declined++
	}
	if j.Bounces > 1 {
		p.twice++
	}
	if j.StillOpen {
		p.open++
	}
	if j.FellThrough {
		p.fell++
		switch j.Instead {
		case InsteadAE:
			p.instead.AE++
		case InsteadCrisis:
			p.instead.Crisis++
		default:
			p.instead.NothingRecorded++
		}
	}
	if j.Treated {
		p.treated++
		p.days.add(j.DaysToTreatment)
	}
}

func (p *peopleTally) merge(o *peopleTally) {
	p.people += o.people
	p.declined += o.declined
	p.twice += o.twice
	p.fell += o.fell
	p.open += o.open
	p.treated += o.treated
	p.instead.AE += o.instead.AE
	p.instead.Crisis += o.instead.Crisis
	p.instead.NothingRecorded += o.instead.NothingRecorded
	p.days.merge(&o.days)
}

func (p *peopleTally) summary(d Decisions) Summary {
	s := Summary{People: p.people, Declined: p.declined, DeclinedTwiceOrMore: p.twice, FellThrough: p.fell, StillOpen: p.open,
		Instead: p.instead, Treated: p.treated, Decisions: d}
	s.MedianDaysToTreatment = p.days.median()
	return s
}

// count adds one referral in the period to every tally it belongs to.
func (a *analysis) count(r *rec) {
	nsvc := len(a.svcs.names)
	a.services[r.svc].add(r)
	a.locServices[int(r.loc)*nsvc+int(r.svc)].add(r)
	outcome := 3 // pending
	switch {
	case r.decision == accepted:
		outcome = 0
	case r.decision == declined && r.onward:
		outcome = 1
	case r.decision == declined:
		outcome = 2
	}
	a.flows[(int(r.refTier)*len(a.tiers.names)+int(a.svcTier[r.svc]))*4+outcome]++
	if r.decision != pending && r.profile >= 0 {
		a.entries = append(a.entries, entry{profile: r.profile, svc: r.svc, loc: r.loc, declined: r.decision == declined})
	}
}

// assemble turns the tallies into the result, in a stable order.
func (a *analysis) assemble(res *Result) {
	nsvc, reasons := len(a.svcs.names), a.reasons.names
	total := tally{reasons: make([]int, len(reasons))}
	for i := range a.services {
		total.merge(&a.services[i])
		if s, ok := a.serviceStats(&a.services[i], i); ok {
			res.Services = append(res.Services, s)
		}
	}
	var everyone peopleTally
	for loc := range a.people {
		everyone.merge(&a.people[loc])
		l := LocalityStats{Locality: a.locs.names[loc]}
		sum := tally{reasons: make([]int, len(reasons))}
		for svc := range nsvc {
			t := &a.locServices[loc*nsvc+svc]
			sum.merge(t)
			if s, ok := a.serviceStats(t, svc); ok {
				l.Services = append(l.Services, s)
			}
		}
		if a.people[loc].people == 0 {
			continue // only follow-up referrals from this locality
		}
		l.Summary = a.people[loc].summary(sum.decisions(reasons))
		sortServices(l.Services)
		res.Localities = append(res.Localities, l)
	}
	res.Summary = everyone.summary(total.decisions(reasons))
	sortServices(res.Services)
	slices.SortFunc(res.Localities, func(x, y LocalityStats) int { return cmp.Compare(x.Locality, y.Locality) })
	res.Flows = a.flowLinks()
}

func (a *analysis) serviceStats(t *tally, svc int) (ServiceStats, bool) {
	if t.referrals == 0 {
		return ServiceStats{}, false
	}
	slices.SortFunc(t.profiles, func(x, y ProfileDecisions) int {
		return cmp.Or(cmp.Compare(y.Accepted+y.Declined, x.Accepted+x.Declined), cmp.Compare(x.Profile, y.Profile))
	})
	return ServiceStats{ServiceID: a.svcs.names[svc], Tier: a.tiers.names[a.svcTier[svc]],
		Decisions: t.decisions(a.reasons.names), InconsistentProfiles: t.profiles}, true
}

func sortServices(s []ServiceStats) {
	slices.SortFunc(s, func(x, y ServiceStats) int { return cmp.Compare(x.ServiceID, y.ServiceID) })
}

var outcomes = [4]string{OutcomeAccepted, OutcomeDeclinedWith, OutcomeDeclinedNone, OutcomePending}

// flowLinks sums the three-way counts into the two columns of links a
// Sankey diagram draws.
func (a *analysis) flowLinks() []Flow {
	links := map[[2]string]int{}
	ntier := len(a.tiers.names)
	for ref, refName := range a.refTiers.names {
		for tier, tierName := range a.tiers.names {
			for o, outcome := range outcomes {
				n := a.flows[(ref*ntier+tier)*4+o]
				if n == 0 {
					continue
				}
				links[[2]string{"referrer:" + refName, "service:" + tierName}] += n
				links[[2]string{"service:" + tierName, "outcome:" + outcome}] += n
			}
		}
	}
	out := make([]Flow, 0, len(links))
	for k, n := range links {
		out = append(out, Flow{From: k[0], To: k[1], N: n})
	}
	slices.SortFunc(out, func(x, y Flow) int { return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To)) })
	return out
}
