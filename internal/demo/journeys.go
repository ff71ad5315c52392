package demo

import (
	"time"

	"throughline/internal/care"
)

// plan is one person and everything that happened to them.
type plan struct {
	person      care.Person
	referrals   []*plannedReferral
	episodes    []care.Episode
	serviceUser bool
	// kind is the person's presentation, which decide draws: "cen" for the
	// specialist service's people, "gap" for those bounced, else general.
	kind string
}

// add appends referrals, skipping any that could not be placed.
func (pl *plan) add(prs ...*plannedReferral) {
	for _, pr := range prs {
		if pr != nil {
			pl.referrals = append(pl.referrals, pr)
		}
	}
}

// journey fills a plan's referrals and episodes.
type journey func(g *gen, pl *plan)

// stage is an in-progress point of a CEN referral and how many days it may
// have sat there before today.
type stage struct {
	path           []care.ReferralStatus
	idleLo, idleHi int
	weight         int
}

var cenStages = []stage{
	{nil, 0, 5, 8},
	{cenPath[:1], 0, 6, 10},
	{moreInfoPath, 1, 20, 8},
	{cenPath[:2], 0, 3, 6},
	{cenPath[:3], 5, 100, 30}, // the waiting list is where most people are
	{cenPath[:4], 1, 30, 14},
	{cenPath[:5], 1, 10, 8},
	{cenPath[:6], 0, 7, 8},
}

// referrerJourneys are the first people, all in Kingsmere North and referred
// by the fixed "referrer" GP, so that account sees every stage. The first is
// the demo service user.
var referrerJourneys = []journey{
	cenActive("community"),
	cenStage(0), cenStage(1), cenStage(2), cenStage(3), cenStage(4), cenStage(5), cenStage(6), cenStage(7),
	cenDeclined, cenEnded, cenActive(""), cenSignposted, bounced, other,
	cenActive("community"), cenStage(4), cenActive("therapies"), cenDeclined, cenEnded,
	cenStage(1), cenStage(5), other, bounced, cenActive(""), cenStage(4), cenSignposted, cenStage(2), cenActive("community"), other,
}

// plan generates person i.
func (g *gen) plan(i int) plan {
	var j journey
	loc, youth := "", false
	g.forceGP = i < len(referrerJourneys)
	if g.forceGP {
		loc, j = "N", referrerJourneys[i]
	} else {
		youth = g.chance(0.02)
		j = []journey{cenActive(""), cenEnded, randomStage, cenDeclined, cenSignposted, bounced, other}[g.weighted(23, 12, 14, 5, 4, 10, 32)]
	}
	if k, ok := twinAt(i); ok {
		loc, j, youth = twins[k].locality, twinJourney(twins[k]), false
	}
	pl := plan{person: g.person(loc, youth), serviceUser: i == 0}
	if youth {
		j = other // the CEN service starts at 18; younger people use youth and voluntary services
	}
	j(g, &pl)
	g.decide(&pl)
	g.forceGP = false
	return pl
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// recent is a time in the working day between lo and hi days before today
// (a week earlier if that would be after now).
func (g *gen) recent(lo, hi int) time.Time {
	t := atWork(g.now.AddDate(0, 0, -g.between(lo, hi)), g.workMinute())
	for t.After(g.now) {
		t = t.AddDate(0, 0, -7)
	}
	return t
}

// place puts a referral received at start in time, as far as it has got by
// now, or returns nil if it would not have been received yet.
func (g *gen) place(pr *plannedReferral, start time.Time) *plannedReferral {
	if pr.startAt(start).ref.ReceivedAt.After(g.now) {
		return nil
	}
	return pr.trim(g.now)
}

func cenActive(team string) journey {
	return func(g *gen, pl *plan) {
		pl.kind = "cen"
		start := g.recent(7, 700)
		team, modality, note := g.decision(team)
		ref := g.referral(cen, g.cenSource(pl.person), g.reasonFor(cen), cenPath, note).endAt(start.Add(-days(g.between(7, 28))))
		g.prior(pl, ref.ref.ReceivedAt)
		pl.add(ref)
		pl.episodes = append(pl.episodes, g.episode(team, modality, start, g.load[team].assign()))
	}
}

func cenEnded(g *gen, pl *plan) {
	pl.kind = "cen"
	end := g.recent(7, 300)
	start := end.Add(-days(g.between(90, 400)))
	team, modality, note := g.decision("")
	ref := g.referral(cen, g.cenSource(pl.person), g.reasonFor(cen), cenPath, note).endAt(start.Add(-days(g.between(7, 28))))
	g.prior(pl, ref.ref.ReceivedAt)
	pl.add(ref)
	ep := g.episode(team, modality, start, g.pickID(g.staff.pool[team]))
	ep.EndedAt = end
	pl.episodes = append(pl.episodes, ep)
	if since := int(g.now.Sub(end) / days(1)); since > 3 && g.chance(0.15) {
		back := g.referral(cen, g.from("gp", pl.person), "Asking to come back after a planned ending; things have become harder again",
			cenPath[:g.between(0, 1)], "")
		if back = g.place(back, g.recent(0, min(30, since-1))); back != nil && back.ref.ReceivedAt.After(end) {
			pl.add(back)
		}
	}
}

func cenStage(i int) journey {
	return func(g *gen, pl *plan) {
		pl.kind = "cen"
		st := cenStages[i]
		ref := g.referral(cen, g.cenSource(pl.person), g.reasonFor(cen), st.path, "").endAt(g.recent(st.idleLo, st.idleHi))
		if ref.ref.Status == care.ReferralAssessBooked {
			ref.steps[len(ref.steps)-1].note = "Assessment appointment offered for " + nextWorkday(g.now.AddDate(0, 0, g.between(2, 28))).Format("Monday 2 January 2006")
		}
		g.prior(pl, ref.ref.ReceivedAt)
		pl.add(ref)
	}
}

func randomStage(g *gen, pl *plan) {
	ws := make([]int, len(cenStages))
	for i, s := range cenStages {
		ws[i] = s.weight
	}
	cenStage(g.weighted(ws...))(g, pl)
}

func cenDeclined(g *gen, pl *plan) {
	pl.kind = "cen"
	note, d := g.declineNote(cen, pl.person.Locality)
	ref := g.referral(cen, g.cenSource(pl.person), g.reasonFor(cen), declinePath, note).endAt(g.recent(3, 900))
	ref.decline = d
	g.prior(pl, ref.ref.ReceivedAt)
	pl.add(ref)
	if g.chance(0.5) {
		g.serviceReferral(pl, d.onward, ref.end().Add(days(g.between(3, 21))))
	}
}

func cenSignposted(g *gen, pl *plan) {
	pl.kind = "cen"
	note := "Team discussion decision: assessment sufficient; formulation shared with the person and their GP"
	if g.chance(0.5) {
		note = "Team discussion decision: signposted to " + g.name(g.pick([]string{"womens-centre", "peer-support", "recovery-college", "trauma-service", "local-area-coordination"}))
	}
	ref := g.referral(cen, g.cenSource(pl.person), g.reasonFor(cen), cenPath, note).endAt(g.recent(5, 800))
	g.prior(pl, ref.ref.ReceivedAt)
	pl.add(ref)
}

// bounced is the journey the gap map exists for: a person with moderate or
// high risk, chaotic engagement and no settled diagnosis, declined by
// Talking Therapies as too complex, by the CMHT as unable to offer the
// flexible contact they need, then seen only by crisis services; some are
// later referred to the CEN service.
func bounced(g *gen, pl *plan) {
	pl.kind = "gap"
	loc := pl.person.Locality
	tt := g.referral(localTT(loc), g.from("gp", pl.person), g.reasonFor(localTT(loc)), declinePath,
		"Not accepted: needs are more complex than a 12-week talking therapy can offer. Onward route: "+g.name(localCMHT(loc))+".").
		startAt(g.recent(150, 1000))
	tt.decline = decline{code: "needs-longer-term-support", onward: localCMHT(loc), routed: true}
	onward := g.pick([]string{"crisis-cafe", "mind", "peer-support"})
	cm := g.referral(localCMHT(loc), g.from("gp", pl.person), g.reasonFor(localCMHT(loc)), declinePath,
		"Not accepted: the team cannot offer the flexible contact needed to engage at present. Onward route: "+g.name(onward)+".").
		startAt(tt.end().Add(days(g.between(7, 40))))
	cm.decline = decline{code: "engagement-support-needed", onward: onward, routed: g.routed(localCMHT(loc))}
	if !cm.decline.routed {
		cm.steps[len(cm.steps)-1].note = "Not accepted: the team cannot offer the flexible contact needed to engage at present. No onward route was given."
	}
	pl.add(tt, cm)
	next := cm.end().Add(days(g.between(10, 120)))
	if next.After(g.now.AddDate(0, 0, -1)) {
		return
	}
	crisis, src := "crisis-team", g.from("ae", pl.person)
	if g.chance(0.4) {
		crisis, src = "crisis-cafe", g.from("self", pl.person)
	} else {
		// They came to A&E first; the liaison team assessed them there.
		ae := g.place(g.referral("ae-liaison", source{name: "Emergency Department", org: "Kingsmere General Hospital", tier: "crisis"},
			g.reasonFor("ae-liaison"), crisisPath, "Assessed; referred to the crisis team for home treatment"), next)
		if ae == nil {
			return
		}
		pl.add(ae)
		next = ae.end()
	}
	cr := g.place(g.referral(crisis, src, g.reasonFor(crisis), crisisPath, g.outcomeFor(crisis)), next)
	if cr == nil {
		return
	}
	pl.add(cr)
	next = cr.end().Add(days(g.between(14, 60)))
	if g.chance(0.35) && next.Before(g.now.AddDate(0, 0, -1)) {
		pl.add(g.place(g.referral(cen, g.cenSource(pl.person), g.reasonFor(cen), cenPath[:g.between(0, 6)], ""), next))
	}
}

// other is a journey through non-CEN services only.
func other(g *gen, pl *plan) {
	pl.kind = "general"
	svc := g.otherService(pl.person)
	first := g.serviceReferral(pl, svc, g.recent(1, 1080))
	if first == nil {
		return
	}
	// Most people declined with somewhere to go next do go there.
	if on := first.decline.onward; first.ref.Status == care.ReferralDeclined && first.decline.routed && on != cen && g.chance(0.6) {
		g.serviceReferral(pl, on, first.end().Add(days(g.between(3, 30))))
		return
	}
	if g.chance(0.35) {
		if next := g.otherService(pl.person); next != svc {
			g.serviceReferral(pl, next, first.end().Add(days(g.between(7, 200))))
		}
	}
}
