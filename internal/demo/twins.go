package demo

import "time"

// twin is one of a few people with exactly the same presentation, referred
// to the same service, some accepted and some declined: screening by
// different people on different days, which the consistency measure is
// there to show. Talking Therapies asks for able engagement, so accepting
// variable engagement is discretion; the CMHT takes moderate risk, so
// declining it as below threshold is a judgement.
type twin struct {
	svc, locality string
	age           int
	profile       string
	accept        bool
	note, reason  string
	onward        string
}

const (
	ttTwin   = "risk=moderate,engagement=variable,diagnosis=none,complexity=single,age=29,locality=N,substance_use=none,housing=settled,duration_needed=short"
	cmhtTwin = "risk=moderate,engagement=variable,diagnosis=uncertain,complexity=multiple,age=34,locality=C,substance_use=co-occurring,housing=unstable,duration_needed=long"
)

// TwinsPerDecision is how many twins each of the two services accepts, and
// how many it declines: enough that the pairs' decisions clear the
// disclosure threshold on the journeys page (a handful would only ever
// read "not shown", which tells a commissioner nothing).
const TwinsPerDecision = 8

var twins = func() []twin {
	tt := func(accept bool) twin {
		return twin{"tt-north", "N", 29, ttTwin, accept,
			"Not accepted: attending weekly appointments is hard at present; a more flexible service is better placed. Onward route: Kingsmere Mind.",
			"engagement-support-needed", "mind"}
	}
	cmht := func(accept bool) twin {
		return twin{"cmht-city", "C", 34, cmhtTwin, accept,
			"Not accepted: the secondary care risk threshold is not met at present. Onward route: The Haven Crisis Café.",
			"risk-below-threshold", "crisis-cafe"}
	}
	var out []twin
	for range TwinsPerDecision {
		out = append(out, tt(true), cmht(true), tt(false), cmht(false))
	}
	return out
}()

// twinAt says whether person i is a twin: every 55th person from the
// hundredth, well clear of the fixed referrer's people, all within the
// first 2,000 so that one unit of scale has every twin.
func twinAt(i int) (int, bool) {
	const first, every = 100, 55
	k := (i - first) / every
	return k, i >= first && (i-first)%every == 0 && k < len(twins)
}

// twinJourney is one referral with the twin's decision, the person's birth
// date set so that the age recorded at screening is their real age.
func twinJourney(t twin) journey {
	return func(g *gen, pl *plan) {
		// Within the journeys page's default twelve months, decided
		// well before its end: pairs spread over years were mostly
		// outside the window, so the page read "none" for every service.
		start := g.recent(60, 330)
		p := &pl.person
		p.DateOfBirth = time.Date(start.Year()-t.age, start.Month(), start.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -30)
		path, note := servicePath, g.outcomeFor(t.svc)
		if !t.accept {
			path, note = declinePath, t.note
		}
		pr := g.place(g.referral(t.svc, g.from("gp", *p), g.reasonFor(t.svc), path, note), start)
		if pr == nil {
			return
		}
		pr.profile, pr.decline = t.profile, decline{code: t.reason, onward: t.onward, routed: true}
		pl.add(pr)
	}
}
