package journey_test

import (
	"time"

	"throughline/internal/care"
	"throughline/internal/journey"
)

// t0 is day 0 of every test journey; times are whole days after it unless
// a test needs seconds.
var t0 = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)

func day(n int) time.Time { return t0.AddDate(0, 0, n) }

// tiers is the test directory.
var tiers = map[string]string{
	"tt-north": "talking-therapies", "cmht-north": "secondary", "cen-specialist": "specialist-cen", "mind": "voluntary",
	"crisis-team": "crisis", "crisis-cafe": "crisis", "ae-liaison": "crisis",
}

type option func(*journey.Referral)

// referral is person's referral to svc received on day, in locality N from
// a GP unless options say otherwise; it is pending until decided.
func referral(person int64, svc string, received int, opts ...option) journey.Referral {
	r := journey.Referral{PersonID: person, Locality: "N", ServiceID: svc, ServiceTier: tiers[svc], ReferrerTier: "primary",
		ReceivedAt: day(received)}
	for _, o := range opts {
		o(&r)
	}
	return r
}

// accepted on day decided; treatment starts on day treated (-1: not yet).
func accepted(decided, treated int) option {
	return func(r *journey.Referral) {
		r.Decision, r.DecidedAt = care.DecisionAccepted, day(decided)
		if treated >= 0 {
			r.TreatmentStartedAt = day(treated)
		}
	}
}

// declined on day decided for reason, with or without an onward route.
func declined(decided int, reason string, onward bool) option {
	return func(r *journey.Referral) {
		r.Decision, r.DecidedAt, r.DeclineReason, r.OnwardRoute = care.DecisionDeclined, day(decided), reason, onward
	}
}

func at(t time.Time) option      { return func(r *journey.Referral) { r.DecidedAt = t } }
func from(tier string) option    { return func(r *journey.Referral) { r.ReferrerTier = tier } }
func profile(p string) option    { return func(r *journey.Referral) { r.Profile = p } }
func livingIn(loc string) option { return func(r *journey.Referral) { r.Locality = loc } }
func undatedDecision() option    { return func(r *journey.Referral) { r.DecidedAt = time.Time{} } }
func episode(person int64, d int) journey.EpisodeStart {
	return journey.EpisodeStart{PersonID: person, StartedAt: day(d)}
}

// Profiles used in consistency tests: p1 is also written in another order.
const (
	p1      = "risk=high,engagement=chaotic,diagnosis=uncertain,complexity=multiple,age=30,locality=N,substance_use=none,housing=settled,duration_needed=long"
	p1Again = "engagement=chaotic,risk=high,diagnosis=uncertain,complexity=multiple,locality=N,age=30,housing=settled,substance_use=none,duration_needed=long"
	p2      = "risk=low,engagement=able,diagnosis=none,complexity=single,age=41,locality=N,substance_use=none,housing=settled,duration_needed=short"
	pBad    = "risk=extreme"
)
