package indicators

import (
	"time"

	"throughline/internal/care"
	"throughline/internal/measures"
)

// Period is a whole number of days, From to To inclusive.
type Period struct{ From, To time.Time }

// Contains reports whether t falls on a day of the period.
func (p Period) Contains(t time.Time) bool {
	return !t.IsZero() && !t.Before(p.From) && t.Before(p.To.AddDate(0, 0, 1))
}

// Group is what equity is reported by; empty fields were not recorded.
type Group struct {
	Ethnicity, Gender, Sexuality, AgeBand string
}

// Referral is one referral to the service with the steps that time it.
type Referral struct {
	ReceivedAt      time.Time
	Paused          time.Duration // waiting for more information stops the clock
	Decision        care.Decision
	DecidedAt       time.Time
	OnwardService   bool      // a declined referral sent to a directory service
	OnwardException bool      // a declined referral with a written exception
	OutsideCriteria bool      // sent on to a service whose criteria do not take the person
	FirstAssessment time.Time // first attended assessment appointment
	AssessedAt      time.Time // when the referral was marked assessed
	TreatmentAt     time.Time // first attended appointment in an episode, or episode start, after assessment
	Group           Group
}

// Waiting is a referral accepted and waiting for assessment now.
type Waiting struct {
	DecidedAt  time.Time
	Thresholds care.WaitThresholds
}

// FollowUp is the task a missed appointment opened.
type FollowUp struct {
	MissedAt time.Time // when the missed appointment was due to start
	DueOn    time.Time
	DoneAt   time.Time // zero while open
	// ContactAt is when the outreach recorded on completing the task was
	// made: the follow-up happened then, even if written up later.
	ContactAt time.Time
}

// FollowedUpAt is when the person was followed up: the outreach recorded
// with the task or, failing that, the task's completion.
func (f FollowUp) FollowedUpAt() time.Time {
	if !f.ContactAt.IsZero() && (f.DoneAt.IsZero() || f.ContactAt.Before(f.DoneAt)) {
		return f.ContactAt
	}
	return f.DoneAt
}

// NonEngagementEnding is an episode ended after loss of contact, with the
// outreach recorded for the person.
type NonEngagementEnding struct {
	Attempts     []care.OutreachAttempt
	LastAttended time.Time
}

// Contacts are one person's attended appointments (with staff) and
// outreach that reached them, for continuity now.
type Contacts struct {
	Appointments, Reached []care.Contact
}

// Episode is an active episode's co-production facts.
type Episode struct {
	Goals, OwnWordsGoals int    // active goals, and those in the person's words
	Agreement            string // the care plan's agreement; "" when there is no plan
	AgencySocialAction   bool   // a social-needs action owned by another agency
	CrisisPlan           bool   // the person has a crisis plan
}

// Facts are what the store reads for one scope and period.
type Facts struct {
	Period    Period
	Now       time.Time
	Referrals []Referral // received in the period
	Declines  []Referral // declined in the period
	Waiting   []Waiting  // waiting for assessment now
	FollowUps []FollowUp // for appointments missed in the period
	Endings   []NonEngagementEnding
	People    []Contacts // people with an active episode
	Episodes  []Episode  // active episodes
	Liaison   map[string]int
	Pairs     []measures.Pair
}

// SocialDomains are the life domains counted as social needs.
var SocialDomains = []string{"housing", "money", "work-education", "relationships", "social"}
