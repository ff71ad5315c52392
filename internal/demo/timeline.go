package demo

import (
	"time"

	"throughline/internal/care"
)

// Lifecycle paths. Each lists the steps after "received".
var (
	cenPath      = []care.ReferralStatus{care.ReferralScreening, care.ReferralAccepted, care.ReferralWaiting, care.ReferralAssessBooked, care.ReferralAssessed, care.ReferralTeamDiscussion, care.ReferralOutcome}
	servicePath  = []care.ReferralStatus{care.ReferralScreening, care.ReferralAccepted, care.ReferralWaiting, care.ReferralAssessBooked, care.ReferralAssessed, care.ReferralOutcome}
	crisisPath   = []care.ReferralStatus{care.ReferralScreening, care.ReferralAccepted, care.ReferralAssessed, care.ReferralOutcome}
	declinePath  = []care.ReferralStatus{care.ReferralScreening, care.ReferralDeclined}
	moreInfoPath = []care.ReferralStatus{care.ReferralScreening, care.ReferralMoreInfo}
)

// step is one timeline event after the referral was received.
type step struct {
	status  care.ReferralStatus
	gapDays int // working days are found when placed
	minute  int // minutes after 08:00 UTC on its day
	at      time.Time
	user    int64
	note    string
}

// plannedReferral is a referral and its history, placed in time by startAt
// or endAt.
type plannedReferral struct {
	ref    care.Referral
	minute int
	steps  []step
	// decline is what a decline step records: reason code and onward route.
	decline decline
	// profile, when set, is the presentation recorded at screening as is.
	profile string
}

// source is who made a referral; tier is the referring organisation's
// directory tier, or "self".
type source struct {
	user      int64
	name, org string
	tier      string
}

// stepGap is how many days a step usually follows the one before it.
// Crisis services respond the same day or the next.
func (g *gen) stepGap(svc string, s care.ReferralStatus) int {
	if g.services[svc].Tier == "crisis" {
		return g.weighted(3, 1)
	}
	waitWeeks := g.services[svc].WaitWeeks
	switch s {
	case care.ReferralScreening:
		return g.between(1, 7)
	case care.ReferralAccepted, care.ReferralDeclined:
		return g.between(2, 14)
	case care.ReferralMoreInfo:
		return g.between(2, 10)
	case care.ReferralWaiting:
		return g.between(0, 3)
	case care.ReferralAssessBooked:
		w := max(waitWeeks, 2) * 7
		return g.between(w/2, w*3/2)
	case care.ReferralAssessed:
		return g.between(7, 35)
	case care.ReferralTeamDiscussion:
		return g.between(3, 14)
	case care.ReferralOutcome:
		return g.between(0, 7)
	}
	return 0
}

// referral plans a referral to svc following path; final is the note on the
// last step when it is an outcome or a decline.
func (g *gen) referral(svc string, src source, reason string, path []care.ReferralStatus, final string) *plannedReferral {
	pr := &plannedReferral{ref: care.Referral{ServiceID: svc, ReferrerUserID: src.user, Reason: reason, Status: care.ReferralReceived,
		ReferrerTier: src.tier}, minute: g.workMinute()}
	if src.user == 0 {
		pr.ref.ReferrerName, pr.ref.ReferrerOrg = src.name, src.org
	}
	for i, s := range path {
		st := step{status: s, gapDays: g.stepGap(svc, s), minute: g.workMinute(),
			user: g.stepUser(svc, s), note: g.stepNote(svc, s)}
		if i == len(path)-1 && final != "" {
			st.note = final
		}
		pr.steps = append(pr.steps, st)
		pr.ref.Status = s
	}
	return pr
}

// workMinute is a time of the working day, as minutes after 08:00 UTC.
func (g *gen) workMinute() int { return g.between(0, 540) }

// workday is the day itself, or the Monday after a weekend.
func workday(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, 2)
	case time.Sunday:
		return d.AddDate(0, 0, 1)
	}
	return d
}

// atWork is a time on day's working day.
func atWork(day time.Time, minute int) time.Time {
	return workday(day).Add(8*time.Hour + time.Duration(minute)*time.Minute)
}

// startAt places the referral so it was received on t's working day.
func (pr *plannedReferral) startAt(t time.Time) *plannedReferral {
	pr.ref.ReceivedAt = atWork(t, pr.minute)
	prev := pr.ref.ReceivedAt
	for i := range pr.steps {
		at := atWork(prev.AddDate(0, 0, pr.steps[i].gapDays), pr.steps[i].minute)
		if !at.After(prev) {
			at = prev.Add(20 * time.Minute)
		}
		pr.steps[i].at, prev = at, at
	}
	for i, s := range pr.steps {
		if s.status == care.ReferralAssessBooked && i+1 < len(pr.steps) {
			pr.steps[i].note = "Assessment appointment offered for " + pr.steps[i+1].at.Format("Monday 2 January 2006")
		}
	}
	return pr
}

// endAt places the referral so its last step happened shortly before t.
// It moves by whole weeks so that every step stays on a working day.
func (pr *plannedReferral) endAt(t time.Time) *plannedReferral {
	total := 0
	for _, s := range pr.steps {
		total += s.gapDays
	}
	pr.startAt(t.AddDate(0, 0, -total))
	for pr.end().After(t) {
		pr.startAt(pr.ref.ReceivedAt.AddDate(0, 0, -7))
	}
	return pr
}

// end is when the referral's last step happened.
func (pr *plannedReferral) end() time.Time {
	if len(pr.steps) == 0 {
		return pr.ref.ReceivedAt
	}
	return pr.steps[len(pr.steps)-1].at
}

// stepUser is who recorded a step: CEN managers screen and decide, admins
// book, clinicians assess; other services' own staff when they have a team.
func (g *gen) stepUser(svc string, s care.ReferralStatus) int64 {
	team := ""
	for _, d := range teamDefs {
		if d.service == svc {
			team = d.key
			break
		}
	}
	if team == "" {
		return 0
	}
	if team == "therapies" && g.chance(0.5) {
		team = "community" // both CEN teams share intake
	}
	pool := g.staff.members[team]
	switch s {
	case care.ReferralScreening, care.ReferralAccepted, care.ReferralDeclined, care.ReferralMoreInfo, care.ReferralTeamDiscussion, care.ReferralOutcome:
		if m := g.staff.managers[team]; len(m) > 0 {
			pool = m
		}
	case care.ReferralWaiting, care.ReferralAssessBooked:
		if a := g.staff.admins[team]; len(a) > 0 {
			pool = a
		}
	case care.ReferralAssessed:
		if c := g.staff.clinics[team]; len(c) > 0 {
			pool = c
		}
	}
	if len(pool) == 0 {
		return 0
	}
	return g.pickID(pool)
}

func (g *gen) stepNote(svc string, s care.ReferralStatus) string {
	switch s {
	case care.ReferralWaiting:
		return "Added to the assessment waiting list; welcome letter and crisis contacts sent"
	case care.ReferralMoreInfo:
		return g.pick([]string{
			"Asked the referrer what has been tried so far and what the person hopes for",
			"Asked the referrer for a recent summary of risk and current support",
			"Asked the GP for a medication list and any previous assessments",
		})
	case care.ReferralAssessed:
		if svc == cen {
			return g.pick([]string{
				"Assessment completed over two appointments; formulation drafted together",
				"Assessment completed; the person's comments added to the formulation",
				"Assessment completed with a peer worker present at the person's request",
			})
		}
		return "Assessment completed"
	case care.ReferralTeamDiscussion:
		return "Discussed at the weekly team discussion"
	case care.ReferralOutcome:
		return "Outcome agreed with the person"
	}
	return ""
}

// trim drops steps that would happen after limit, leaving the referral at
// the stage it had reached by then.
func (pr *plannedReferral) trim(limit time.Time) *plannedReferral {
	n := 0
	for n < len(pr.steps) && !pr.steps[n].at.After(limit) {
		n++
	}
	pr.steps = pr.steps[:n]
	pr.ref.Status = care.ReferralReceived
	if n > 0 {
		pr.ref.Status = pr.steps[n-1].status
	}
	return pr
}
