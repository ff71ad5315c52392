package demo

import (
	"slices"
	"time"

	"throughline/internal/care"
	"throughline/internal/directory"
)

// decide records on each referral what screening recorded: the person's
// presentation as a profile and, once decided, the decision, when, the
// reason code, the onward route and when treatment started. Profiles agree
// with the directory's rules: an accepted referral meets the service's
// rules (presentations change, so the profile is adjusted to the nearest
// one that does), and a decline whose reason is a rule fails that rule.
// Only the twins break this, on purpose.
func (g *gen) decide(pl *plan) {
	g.oldEnough(pl)
	base := g.presentation(pl.kind)
	for _, pr := range pl.referrals {
		g.decideReferral(pl.person, pr, base)
	}
}

// oldEnough moves a birth date back, if need be, so that the person was
// old enough for each service when referred: journeys are placed in time
// by today's age, and a referral three years ago may predate a birthday.
func (g *gen) oldEnough(pl *plan) {
	p := &pl.person
	for _, pr := range pl.referrals {
		if minAge := g.services[pr.ref.ServiceID].MinAge; minAge != nil {
			if latest := pr.ref.ReceivedAt.AddDate(-*minAge, 0, -1); p.DateOfBirth.After(latest) {
				p.DateOfBirth = time.Date(latest.Year(), latest.Month(), latest.Day(), 0, 0, 0, 0, time.UTC)
			}
		}
	}
}

func (g *gen) decideReferral(person care.Person, pr *plannedReferral, base directory.Profile) {
	r := &pr.ref
	decided := slices.IndexFunc(pr.steps, func(s step) bool {
		return s.status == care.ReferralAccepted || s.status == care.ReferralDeclined
	})
	if len(pr.steps) == 0 {
		return // not screened yet
	}
	svc := g.services[r.ServiceID]
	p := base
	p.Age, p.Locality = person.AgeOn(r.ReceivedAt), person.Locality
	switch {
	case decided < 0:
	case pr.steps[decided].status == care.ReferralAccepted:
		r.Decision, r.DecidedAt = care.DecisionAccepted, pr.steps[decided].at
		p = fit(svc, p)
		if r.ServiceID != cen { // the CEN service records episodes instead
			if i := slices.IndexFunc(pr.steps, func(s step) bool { return s.status == care.ReferralOutcome }); i >= 0 {
				r.TreatmentStartedAt = pr.steps[i].at
			}
		}
	default:
		r.Decision, r.DecidedAt = care.DecisionDeclined, pr.steps[decided].at
		r.DeclineReason = pr.decline.code
		if r.DeclineReason == "" {
			r.DeclineReason = "not-meeting-criteria-other"
		}
		p = failOn(svc, p, r.DeclineReason)
		if pr.decline.routed {
			r.OnwardServiceID = pr.decline.onward
		}
	}
	r.Profile = p.String()
	if pr.profile != "" {
		r.Profile = pr.profile
	}
}

// presentation draws a person's usual presentation; age and locality are
// filled per referral. "gap" is the deliberate gap: moderate or high risk,
// chaotic engagement, no or an uncertain diagnosis.
func (g *gen) presentation(kind string) directory.Profile {
	pick := func(dim string, weights ...int) string { return directory.Dimensions[dim][g.weighted(weights...)] }
	var p directory.Profile
	switch kind {
	case "gap":
		p.Risk, p.Engagement, p.Diagnosis = pick("risk", 0, 6, 4, 0), "chaotic", pick("diagnosis", 1, 1, 0)
		p.Complexity, p.SubstanceUse, p.Housing, p.DurationNeeded = pick("complexity", 0, 5, 5), pick("substance_use", 6, 4, 0),
			pick("housing", 5, 3, 2), "long"
	case "cen":
		p.Risk, p.Engagement, p.Diagnosis = pick("risk", 1, 5, 3, 1), pick("engagement", 4, 6, 0), pick("diagnosis", 0, 3, 7)
		p.Complexity, p.SubstanceUse, p.Housing, p.DurationNeeded = pick("complexity", 0, 4, 6), pick("substance_use", 7, 3, 0),
			pick("housing", 7, 2, 1), "long"
	default:
		p.Risk, p.Engagement, p.Diagnosis = pick("risk", 5, 4, 1, 0), pick("engagement", 6, 3, 1), pick("diagnosis", 6, 3, 1)
		p.Complexity, p.SubstanceUse, p.Housing, p.DurationNeeded = pick("complexity", 5, 4, 1), pick("substance_use", 8, 1, 1),
			pick("housing", 8, 1, 1), pick("duration_needed", 6, 4)
	}
	return p
}

// fit moves every dimension on which s refuses p to the nearest value s
// allows.
func fit(s *directory.Service, p directory.Profile) directory.Profile {
	ok, failed, err := directory.Accepts(s, p)
	if err != nil || ok {
		return p
	}
	for _, dim := range failed {
		allowed := s.Eligibility[dim]
		if len(allowed) == 0 {
			continue // age and locality are the person's own
		}
		vals := directory.Dimensions[dim]
		cur := slices.Index(vals, p.Get(dim))
		best := allowed[0]
		for _, a := range allowed {
			if d, bd := abs(slices.Index(vals, a)-cur), abs(slices.Index(vals, best)-cur); d < bd {
				best = a
			}
		}
		p.Set(dim, best)
	}
	return p
}

func abs(n int) int { return max(n, -n) }

// ruleOf is the eligibility rule a decline reason names, and the value a
// presentation declined for it has: risk "above" or "below" what the
// service takes. Reasons that are judgements rather than rules have none.
var ruleOf = map[string]struct{ dim, value string }{
	"risk-above-threshold":      {"risk", "above"},
	"risk-below-threshold":      {"risk", "below"},
	"needs-longer-term-support": {"duration_needed", "long"},
	"substance-use-primary":     {"substance_use", "primary"},
	"engagement-support-needed": {"engagement", "chaotic"},
}

// failOn gives p the value its decline reason names.
func failOn(s *directory.Service, p directory.Profile, reason string) directory.Profile {
	rule, ok := ruleOf[reason]
	if !ok {
		return p
	}
	vals, allowed := directory.Dimensions[rule.dim], s.Eligibility[rule.dim]
	lo, hi := len(vals), -1
	for _, a := range allowed {
		lo, hi = min(lo, slices.Index(vals, a)), max(hi, slices.Index(vals, a))
	}
	switch {
	case rule.value == "above" && len(allowed) == 0:
		p.Risk = "high"
	case rule.value == "above" && hi+1 < len(vals):
		p.Risk = vals[hi+1] // the nearest risk above what the service takes
	case rule.value == "below" && len(allowed) == 0:
		p.Risk = "low"
	case rule.value == "below" && lo > 0:
		p.Risk = vals[lo-1]
	case rule.value != "above" && rule.value != "below":
		p.Set(rule.dim, rule.value)
	}
	return p
}

// canDecline reports whether s's rules leave room for a decline for
// reason: a service that takes every level of risk cannot find someone's
// risk below its threshold. Reasons that are judgements always fit.
func canDecline(s *directory.Service, reason string) bool {
	rule, ok := ruleOf[reason]
	allowed := s.Eligibility[rule.dim]
	if !ok || len(allowed) == 0 {
		return true
	}
	vals := directory.Dimensions[rule.dim]
	switch rule.value {
	case "above":
		return !slices.Contains(allowed, vals[len(vals)-1])
	case "below":
		return !slices.Contains(allowed, vals[0])
	}
	return !slices.Contains(allowed, rule.value)
}
