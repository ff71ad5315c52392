package care

import (
	"strings"
	"time"

	"throughline/internal/problem"
	"throughline/internal/uktime"
)

// Meeting is a team discussion (MDT): staff who attend and an agenda of
// cases, each ending with a decision.
type Meeting struct {
	ID        int64
	ServiceID string
	At        time.Time
	Attendees []int64
	Notes     string
	Version   int
}

// Validate checks a meeting before it is saved.
func (m Meeting) Validate(now time.Time) error {
	var v problem.Validation
	if m.ServiceID == "" {
		v.Add("service", "Choose the service whose team is meeting")
	}
	switch {
	case m.At.IsZero():
		v.Add("at", "Enter the date and time of the meeting")
	case m.At.Before(now.AddDate(-1, 0, 0)):
		v.Add("at", "The date is more than a year ago; check the year")
	case m.At.After(now.AddDate(1, 0, 0)):
		v.Add("at", "The date is more than a year ahead; check the year")
	}
	if len(m.Attendees) == 0 {
		v.Add("attendees", "Choose who is attending")
	}
	checkLengths(&v, map[string]string{"notes": m.Notes})
	return v.Err()
}

// TeamDecision is what the team decides for a case (DESIGN.md).
type TeamDecision string

// Team decisions.
const (
	DecideCommunity   TeamDecision = "community-team"
	DecideTherapies   TeamDecision = "therapies-team"
	DecideSignpost    TeamDecision = "signpost"
	DecideSufficient  TeamDecision = "assessment-sufficient"
	DecideFurtherAsmt TeamDecision = "further-assessment"
)

// TeamDecisions lists the decisions in the order forms offer them.
var TeamDecisions = []TeamDecision{DecideCommunity, DecideTherapies, DecideSignpost, DecideSufficient, DecideFurtherAsmt}

// Label is the plain-language name of the decision.
func (d TeamDecision) Label() string {
	switch d {
	case DecideCommunity:
		return "Support from the Community Team (structured clinical management)"
	case DecideTherapies:
		return "Therapy with the Therapies Team"
	case DecideSignpost:
		return "Support from another service (signposting)"
	case DecideSufficient:
		return "The assessment itself was enough for now"
	case DecideFurtherAsmt:
		return "More assessment before deciding"
	}
	return string(d)
}

// Therapies Team modalities.
var TherapyModalities = []Choice{
	{"MBT", "Mentalization-based treatment (MBT)"},
	{"DIT", "Dynamic interpersonal therapy (DIT)"},
	{"DBT", "Dialectical behaviour therapy (DBT)"},
}

// OpensEpisode reports whether the decision starts an episode of care.
func (d TeamDecision) OpensEpisode() bool { return d == DecideCommunity || d == DecideTherapies }

// Team is the keyword of the team an episode opens with: "community" or
// "therapies"; empty when no episode opens.
func (d TeamDecision) Team() string {
	switch d {
	case DecideCommunity:
		return "community"
	case DecideTherapies:
		return "therapies"
	}
	return ""
}

// Pathway is the episode pathway the decision opens.
func (d TeamDecision) Pathway() string {
	switch d {
	case DecideCommunity:
		return "community-scm"
	case DecideTherapies:
		return "therapies"
	}
	return ""
}

// NextStatus is where the referral goes once the decision is recorded.
func (d TeamDecision) NextStatus() ReferralStatus {
	if d == DecideFurtherAsmt {
		return ReferralAssessBooked
	}
	return ReferralOutcome
}

// CaseDecision is the team's decision on one referral at a meeting.
type CaseDecision struct {
	Decision        TeamDecision
	Modality        string // SCM for the Community Team; MBT, DIT or DBT for therapies
	Rationale       string
	SignpostService string // directory service id, for signpost
	NamedWorkerID   int64  // for community-team and therapies-team
	OnwardNote      string // what further support was arranged, how to come back
	EpisodeID       int64  // the episode opened, once decided
	DecidedAt       time.Time
	DecidedBy       int64
	DecidedByName   string
	SignpostName    string
	NamedWorkerName string
}

// Validate checks a decision on a referral with the given status. It sets
// the Community Team's modality to SCM.
func (c *CaseDecision) Validate(status ReferralStatus) error {
	if status != ReferralTeamDiscussion {
		return problem.Errorf(problem.Conflict, "A decision can only be made on a case on the team's agenda (this referral is %q)", status.Label())
	}
	var v problem.Validation
	known := false
	for _, d := range TeamDecisions {
		known = known || c.Decision == d
	}
	if !known {
		v.Add("decision", "Choose what the team decided")
	}
	if strings.TrimSpace(c.Rationale) == "" {
		v.Add("rationale", "Give the team's reasons for the decision")
	}
	switch c.Decision {
	case DecideCommunity:
		if c.Modality != "" && c.Modality != "SCM" {
			v.Add("modality", "The Community Team offers structured clinical management (SCM)")
		}
		c.Modality = "SCM"
	case DecideTherapies:
		if c.Modality == "" {
			v.Add("modality", "Choose the therapy: MBT, DIT or DBT")
		} else if !validChoice(TherapyModalities, c.Modality) {
			v.Add("modality", "The therapy must be MBT, DIT or DBT")
		}
	default:
		if c.Modality != "" {
			v.Add("modality", "Only a therapies decision has a therapy to choose")
		}
	}
	if c.Decision.OpensEpisode() && c.NamedWorkerID == 0 {
		v.Add("named_worker", "Choose the person's named worker")
	}
	if c.Decision == DecideSignpost && c.SignpostService == "" {
		v.Add("signpost_service", "Choose the service the person is signposted to")
	}
	if c.Decision != DecideSignpost && c.SignpostService != "" {
		v.Add("signpost_service", "Only a signposting decision names another service")
	}
	if c.Decision == DecideSufficient && strings.TrimSpace(c.OnwardNote) == "" {
		v.Add("onward_note", "Say what further support was arranged and how the person can come back")
	}
	checkLengths(&v, map[string]string{"rationale": c.Rationale, "onward_note": c.OnwardNote})
	return v.Err()
}

// CheckDecidedAfterMeeting refuses a decision recorded before the team
// met: the letters say "our team met on ..." and the decision is the
// team's only once the meeting has happened. A meeting planned for later
// keeps its agenda until then.
func CheckDecidedAfterMeeting(meetingAt, decidedAt time.Time) error {
	if meetingAt.IsZero() || !decidedAt.Before(meetingAt) {
		return nil
	}
	var v problem.Validation
	v.Add("decision", "The team meets on "+uktime.In(meetingAt).Format("2 January 2006 at 15:04")+
		": record its decision after the meeting")
	return v.Err()
}

// CheckAddToAgenda says whether a referral can be put on a meeting's agenda.
func CheckAddToAgenda(status ReferralStatus) error {
	if status != ReferralAssessed {
		return problem.Errorf(problem.Conflict, "Only an assessed referral can go on the team's agenda (this one is %q)", status.Label())
	}
	return nil
}
