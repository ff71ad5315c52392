package care

import "time"

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

// Open reports whether the referral is still being worked on.
func (s ReferralStatus) Open() bool {
	return s != ReferralDeclined && s != ReferralOutcome
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
}

// Episode is a period of care with a team and a named worker.
type Episode struct {
	ID            int64
	PersonID      int64
	TeamID        int64
	NamedWorkerID int64
	Pathway       string // community-scm, therapies
	Modality      string // SCM, MBT, DIT, DBT
	Intensity     string
	StartedAt     time.Time
	EndedAt       time.Time // zero while open
	Version       int
}

// Active reports whether the episode has not ended.
func (e Episode) Active() bool { return e.EndedAt.IsZero() }
