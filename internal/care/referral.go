package care

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"throughline/internal/directory"
	"throughline/internal/problem"
)

// ReferralStatus is a stage of the referral lifecycle in DESIGN.md.
type ReferralStatus string

// The referral lifecycle.
const (
	ReferralReceived       ReferralStatus = "received"
	ReferralScreening      ReferralStatus = "screening"
	ReferralAccepted       ReferralStatus = "accepted-for-assessment"
	ReferralDeclined       ReferralStatus = "declined"
	ReferralMoreInfo       ReferralStatus = "more-info-requested"
	ReferralWaiting        ReferralStatus = "waiting"
	ReferralAssessBooked   ReferralStatus = "assessment-booked"
	ReferralAssessed       ReferralStatus = "assessed"
	ReferralTeamDiscussion ReferralStatus = "team-discussion"
	ReferralOutcome        ReferralStatus = "outcome"
)

// ReferralStatuses lists every status in pathway order.
var ReferralStatuses = []ReferralStatus{
	ReferralReceived, ReferralScreening, ReferralAccepted, ReferralDeclined, ReferralMoreInfo,
	ReferralWaiting, ReferralAssessBooked, ReferralAssessed, ReferralTeamDiscussion, ReferralOutcome,
}

// ClosedStatuses end a referral: once closed it no longer gives the team
// it was made to a relationship with the person.
var ClosedStatuses = []ReferralStatus{ReferralDeclined, ReferralOutcome}

// Open reports whether the referral is still being worked on.
func (s ReferralStatus) Open() bool {
	return !slices.Contains(ClosedStatuses, s)
}

// Label is the plain-language name of the status shown to people.
func (s ReferralStatus) Label() string {
	switch s {
	case ReferralReceived:
		return "Received"
	case ReferralScreening:
		return "Being screened"
	case ReferralAccepted:
		return "Accepted for assessment"
	case ReferralDeclined:
		return "Not accepted (onward route given)"
	case ReferralMoreInfo:
		return "More information requested"
	case ReferralWaiting:
		return "Waiting for assessment"
	case ReferralAssessBooked:
		return "Assessment booked"
	case ReferralAssessed:
		return "Assessed"
	case ReferralTeamDiscussion:
		return "Team discussion"
	case ReferralOutcome:
		return "Outcome decided"
	}
	return string(s)
}

// Referral is a request for a service for a person.
type Referral struct {
	ID             int64
	PersonID       int64
	ServiceID      string // directory service id
	ReferrerUserID int64  // 0 when entered by admin on someone's behalf or self-referral
	ReferrerName   string
	ReferrerOrg    string
	Reason         string
	Status         ReferralStatus
	ReceivedAt     time.Time
	Version        int

	// The screening decision and what was known when it was made, kept as
	// data rather than only as timeline notes so that journeys across
	// services can be analysed.
	Decision        Decision
	DecidedAt       time.Time // zero until decided
	DeclineReason   string    // a DeclineReasons code, when declined
	OnwardServiceID string    // the directory service the person was routed to
	OnwardException string    // why no directory service fits, when there is none
	Profile         string    // the person's presentation at screening, as "risk=high,engagement=chaotic,..."
	ReferrerTier    string    // directory tier of the referring organisation, or "self"
	// TreatmentStartedAt is when the service took the person on, for
	// services that do not open episodes of care here; zero otherwise.
	TreatmentStartedAt time.Time
}

// HasOnwardRoute reports whether a decline names somewhere to go next.
func (r Referral) HasOnwardRoute() bool {
	return r.OnwardServiceID != "" || strings.TrimSpace(r.OnwardException) != ""
}

// ValidateDecision checks the screening decision fields fit together: a
// decision may be left empty (not yet decided); a decline needs a reason
// code. A route is not required here, because referrals record other
// services' decisions too, and a decline without a route is exactly what
// the gap analysis has to be able to count; ValidateDecline is the rule for
// declines made here.
func (r Referral) ValidateDecision() error {
	var v problem.Validation
	switch r.Decision {
	case DecisionPending:
		if r.DeclineReason != "" || r.OnwardServiceID != "" || r.OnwardException != "" {
			v.Add("decision", "Record the decision before a decline reason or onward route")
		}
	case DecisionAccepted:
		if r.DeclineReason != "" {
			v.Add("decline_reason", "An accepted referral has no decline reason")
		}
	case DecisionDeclined:
		if !ValidDeclineReason(r.DeclineReason) {
			v.Add("decline_reason", "Choose the reason the referral was not accepted")
		}
		if !r.TreatmentStartedAt.IsZero() {
			v.Add("treatment_started_at", "A declined referral has no treatment start")
		}
	default:
		v.Add("decision", "Decision must be accepted or declined")
	}
	if len(r.OnwardException) > 1000 || len(r.Profile) > 500 || len(r.ReferrerTier) > 50 {
		v.Add("onward", "Onward exception, profile or referrer tier is too long")
	}
	return v.Err()
}

// ValidateDecline is DESIGN.md's rule for a decline made through
// Throughline: it must carry a reason code and an onward route, a
// directory service or a documented exception, so nobody is declined into
// nowhere.
func (r Referral) ValidateDecline() error {
	if r.Decision != DecisionDeclined {
		return problem.Errorf(problem.Invalid, "Only a declined referral needs an onward route")
	}
	var v problem.Validation
	if !ValidDeclineReason(r.DeclineReason) {
		v.Add("decline_reason", "Choose the reason the referral was not accepted")
	}
	if !r.HasOnwardRoute() {
		v.Add("onward", "Give an onward route: a service in the directory, or why there is none")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return r.ValidateDecision()
}

// Decision is the outcome of screening a referral.
type Decision string

// Screening decisions; pending is the empty value so undecided referrals
// need nothing recorded.
const (
	DecisionPending  Decision = ""
	DecisionAccepted Decision = "accepted"
	DecisionDeclined Decision = "declined"
)

// DeclineReason is a coded reason for not accepting a referral. Labels
// describe the fit between a person's needs and what a service offers,
// never a judgement of the person.
type DeclineReason struct {
	Code  string
	Label string
}

// DeclineReasons are the reason codes a decline may carry.
var DeclineReasons = []DeclineReason{
	{"risk-above-threshold", "Current risk is more than the service can safely hold"},
	{"risk-below-threshold", "Current risk is below the level the service works with"},
	{"needs-longer-term-support", "Needs longer-term support than the service offers"},
	{"needs-specialist-service", "A specialist service is better placed to help"},
	{"outside-locality", "Lives outside the area the service covers"},
	{"outside-age-range", "Outside the age range the service covers"},
	{"substance-use-primary", "Drug or alcohol use is the main need at present"},
	{"engagement-support-needed", "Needs more flexible ways of attending than the service offers"},
	{"more-suitable-service", "Another service is a better fit for what the person wants"},
	{"not-meeting-criteria-other", "Another reason, described in the notes"},
}

// ValidDeclineReason reports whether code is one of DeclineReasons.
func ValidDeclineReason(code string) bool {
	for _, r := range DeclineReasons {
		if r.Code == code {
			return true
		}
	}
	return false
}

// DeclineReasonLabel is the plain-language label of a reason code; older
// declines recorded only as notes have no code.
func DeclineReasonLabel(code string) string {
	for _, r := range DeclineReasons {
		if r.Code == code {
			return r.Label
		}
	}
	if code == "" {
		return "No reason code recorded"
	}
	return code
}

// ReferralTarget is the service a new referral is made to, and whether a
// team in this system receives that service's referrals: a referral nobody
// here receives would wait at "Received" for ever.
type ReferralTarget struct {
	Service      directory.Service
	ReceivedHere bool
}

// CheckReferral checks what a new referral of p says against the service it
// is made to, beyond the person's, intake's and preferences' own checks:
// nothing typed holds a control character, someone here receives the
// service's referrals, a self-referral goes only where the service takes
// them, and a known date of birth fits the service's age range. Every
// problem is reported at once, against the field to change.
func CheckReferral(p Person, in Intake, prefs Preferences, to ReferralTarget, now time.Time) error {
	var v problem.Validation
	svc := to.Service
	if !to.ReceivedHere {
		v.Add("service_id", svc.Name+" does not receive referrals through Throughline. "+ContactRoute(svc.Contact))
	} else if in.ReferrerTier == "self" && !svc.SelfReferral {
		v.Add("service_id", svc.Name+" does not take self-referrals; a GP or other professional can refer you")
	}
	if age := p.AgeOn(now); age >= 0 && !p.DateOfBirth.After(now) {
		if msg := ageProblem(svc, age); msg != "" {
			v.Add("date_of_birth", msg)
		}
	}
	checkText(&v, []textField{
		{"service_id", in.ServiceID, false}, {"reason", in.Reason, true}, {"tried", in.Tried, true}, {"risks", in.Risks, true},
		{"referrer_name", in.ReferrerName, false}, {"referrer_org", in.ReferrerOrg, false},
		{"referrer_contact", in.ReferrerContact, false}, {"referrer_tier", in.ReferrerTier, false},
		{"worker_gender", prefs.WorkerGender, false}, {"interpreter_language", prefs.InterpreterLanguage, false},
	})
	return v.Err()
}

// ageProblem says why age is outside the service's published age range, or
// "" when it fits.
func ageProblem(svc directory.Service, age int) string {
	under := svc.MinAge != nil && age < *svc.MinAge
	over := svc.MaxAge != nil && age > *svc.MaxAge
	if !under && !over {
		return ""
	}
	var rng string
	switch {
	case svc.MinAge != nil && svc.MaxAge != nil:
		rng = fmt.Sprintf("aged %d to %d", *svc.MinAge, *svc.MaxAge)
	case svc.MinAge != nil:
		rng = fmt.Sprintf("aged %d and over", *svc.MinAge)
	default:
		rng = fmt.Sprintf("aged %d and under", *svc.MaxAge)
	}
	return fmt.Sprintf("%s is for people %s, and this date of birth makes the person %d. Check the date of birth, or choose another service", svc.Name, rng, age)
}

// ContactRoute says how to reach a service directly, for services whose
// referrals are not received through Throughline.
func ContactRoute(c directory.Contact) string {
	var ways []string
	if c.Phone != "" {
		ways = append(ways, "phone "+c.Phone)
	}
	if c.Email != "" {
		ways = append(ways, "email "+c.Email)
	}
	if c.URL != "" {
		ways = append(ways, "visit "+c.URL)
	}
	if c.Address != "" {
		ways = append(ways, "go to "+c.Address)
	}
	if len(ways) == 0 {
		return "Contact the service directly."
	}
	return "Contact them directly: " + strings.Join(ways, ", or ") + "."
}
