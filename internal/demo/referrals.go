package demo

import "time"

// prior sometimes adds what happened before a CEN referral.
func (g *gen) prior(pl *plan, before time.Time) {
	if g.forceGP {
		return // keeps the fixed referrer's list to about 30
	}
	p := pl.person
	var pr *plannedReferral
	switch g.weighted(60, 16, 12, 12) {
	case 1:
		tt := localTT(p.Locality)
		note := "Not accepted: longer-term relational support is needed rather than a short course. Onward route: " + g.name(cen) + "."
		d := decline{code: "needs-longer-term-support", onward: cen, routed: true}
		if g.chance(0.4) {
			note, d = g.declineNote(tt, p.Locality)
		}
		src := g.from("self", p)
		if g.chance(0.5) {
			src = g.from("gp", p)
		}
		pr = g.referral(tt, src, g.reasonFor(tt), declinePath, note).endAt(before.Add(-days(g.between(7, 60))))
		pr.decline = d
	case 2:
		pr = g.referral("crisis-cafe", g.from("self", p), g.reasonFor("crisis-cafe"), crisisPath, g.outcomeFor("crisis-cafe")).
			endAt(before.Add(-days(g.between(7, 200))))
	case 3:
		pr = g.referral("ae-liaison", source{name: "Emergency Department", org: "Kingsmere General Hospital", tier: "crisis"}, g.reasonFor("ae-liaison"),
			crisisPath, g.outcomeFor("ae-liaison")).endAt(before.Add(-days(g.between(7, 200))))
	}
	if pr != nil && pr.ref.ReceivedAt.After(g.now.AddDate(-3, 0, 0)) {
		pl.add(pr) // histories go back about three years
	}
}

// serviceReferral adds a referral to a non-CEN service received at start,
// accepted or declined, and only as far as it has got by today.
func (g *gen) serviceReferral(pl *plan, svc string, start time.Time) *plannedReferral {
	if start.After(g.now.AddDate(0, 0, -1)) {
		return nil
	}
	s := g.services[svc]
	if s.MaxAge != nil && pl.person.AgeOn(start) > *s.MaxAge {
		return nil // an onward route they are too old for
	}
	src := g.from("gp", pl.person)
	switch {
	case s.SelfReferral && g.chance(0.5):
		src = g.from("self", pl.person)
	case svc == "crisis-team":
		src = g.from("ae", pl.person)
	}
	path, note, d := servicePath, g.outcomeFor(svc), decline{}
	if s.Tier == "crisis" {
		path = crisisPath
	} else if g.chance(0.25) {
		path = declinePath
		note, d = g.declineNote(svc, pl.person.Locality)
	}
	pr := g.place(g.referral(svc, src, g.reasonFor(svc), path, note), start)
	if pr != nil {
		pr.decline = d
	}
	pl.add(pr)
	return pr
}
