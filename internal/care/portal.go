package care

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"throughline/internal/problem"
	"throughline/internal/uktime"
)

// The portal is where a person takes part in their own care: they comment
// on and agree (or not) their plans, ask for changes in their own words,
// and rate their goals. Nothing they ask for changes their care by itself:
// each request becomes a task for a worker, who talks it through with them.

// PlanKind names the plan a comment is about.
type PlanKind string

// The plans a person can comment on.
const (
	PlanCare   PlanKind = "care-plan"
	PlanCrisis PlanKind = "crisis-plan"
)

// Label is the plan's name in words.
func (k PlanKind) Label() string {
	if k == PlanCrisis {
		return "crisis plan"
	}
	return "care plan"
}

// PersonAgreement is what the person says about a version of their plan.
type PersonAgreement string

// The answers to "Do you agree with this plan?". Saying nothing is allowed:
// a comment alone is enough.
const (
	AgreeNone     PersonAgreement = ""
	AgreeYes      PersonAgreement = "agree"
	AgreePartly   PersonAgreement = "partly"
	AgreeNotYet   PersonAgreement = "not-yet"
	MaxPortalText                 = 2000
)

// PersonAgreements lists the answers in the order the form offers them.
var PersonAgreements = []PersonAgreement{AgreeYes, AgreePartly, AgreeNotYet}

// Label is the person's answer in their words.
func (a PersonAgreement) Label() string {
	switch a {
	case AgreeYes:
		return "Yes, I agree with this plan"
	case AgreePartly:
		return "I agree with some of it"
	case AgreeNotYet:
		return "No, not yet"
	}
	return "Did not say"
}

// PlanComment is what a person said about one version of one of their
// plans.
type PlanComment struct {
	ID          int64
	PersonID    int64
	Plan        PlanKind
	PlanID      int64
	PlanVersion int
	Agreement   PersonAgreement
	Text        string
	CreatedAt   time.Time
	ReadAt      time.Time // when a worker marked it as seen; zero until then
	ReadBy      string
}

// Unread reports whether no worker has marked the comment as seen.
func (c PlanComment) Unread() bool { return c.ReadAt.IsZero() }

// Validate checks a new comment: it is about a saved plan, and says
// something (a comment, an answer, or both).
func (c PlanComment) Validate() error {
	var v problem.Validation
	if c.PersonID == 0 {
		v.Add("person", "Choose whose plan this is")
	}
	if c.Plan != PlanCare && c.Plan != PlanCrisis {
		v.Add("plan", "Choose the care plan or the crisis plan")
	}
	if c.PlanID == 0 || c.PlanVersion < 1 {
		v.Add("plan", "There is no saved plan to comment on yet")
	}
	switch c.Agreement {
	case AgreeNone, AgreeYes, AgreePartly, AgreeNotYet:
	default:
		v.Add("agreement", "Choose one of the answers")
	}
	text := strings.TrimSpace(c.Text)
	if text == "" && c.Agreement == AgreeNone {
		v.Add("comment", "Write a comment, or say whether you agree with the plan")
	}
	if utf8.RuneCountInString(text) > MaxPortalText {
		v.Add("comment", "Your comment must be 2,000 characters or fewer")
	}
	return v.Err()
}

// RequestKind is what a person asks for from the portal.
type RequestKind string

// The things a person can ask for. Each one becomes a task for a worker.
const (
	RequestRearrange RequestKind = "rearrange"
	RequestCancel    RequestKind = "cancel"
	RequestWorker    RequestKind = "worker"
	RequestGoal      RequestKind = "goal"
	RequestChange    RequestKind = "change"
)

// TaskPortalRequest is the kind of task a portal request creates.
const TaskPortalRequest = "portal-request"

// PortalRequestWorkingDays is how soon a worker answers a request.
const PortalRequestWorkingDays = 2

// AboutAppointment reports whether the request names an appointment.
func (k RequestKind) AboutAppointment() bool { return k == RequestRearrange || k == RequestCancel }

// Label is the request in the person's words, as their portal shows it.
func (k RequestKind) Label() string {
	switch k {
	case RequestRearrange:
		return "Change the time of an appointment"
	case RequestCancel:
		return "Cancel an appointment"
	case RequestWorker:
		return "A different worker"
	case RequestGoal:
		return "A new goal"
	case RequestChange:
		return "A change to my care"
	}
	return string(k)
}

// PortalRequest is something a person asked for from the portal.
type PortalRequest struct {
	ID            int64
	PersonID      int64
	Kind          RequestKind
	AppointmentID int64  // for rearrange and cancel
	Text          string // the person's own words, never edited
	TaskID        int64
	CreatedAt     time.Time
	DoneAt        time.Time // when a worker closed the task
	DoneNote      string
}

// Done reports whether a worker has dealt with the request.
func (r PortalRequest) Done() bool { return !r.DoneAt.IsZero() }

// Validate checks a new request against the appointment it names, if any:
// a goal or change needs the person's words; an appointment request needs
// one of their appointments that has not yet happened or been recorded.
func (r PortalRequest) Validate(ap *Appointment, now time.Time) error {
	var v problem.Validation
	text := strings.TrimSpace(r.Text)
	switch r.Kind {
	case RequestGoal, RequestChange:
		if text == "" {
			v.Add("text", "Write what you would like, in your own words")
		}
	case RequestWorker:
	case RequestRearrange, RequestCancel:
		switch {
		case ap == nil || ap.PersonID != r.PersonID:
			v.Add("appointment", "Choose one of your appointments")
		case ap.Outcome != OutcomeNone:
			return problem.Errorf(problem.Conflict, "This appointment has already been recorded as %s, so it cannot be changed now", strings.ToLower(ap.Outcome.Label()))
		case !ap.StartsAt.After(now):
			return problem.Errorf(problem.Conflict, "This appointment has already started, so it cannot be changed now")
		}
	default:
		v.Add("kind", "Choose what you would like to ask for")
	}
	if utf8.RuneCountInString(text) > MaxPortalText {
		v.Add("text", "What you write must be 2,000 characters or fewer")
	}
	return v.Err()
}

// TaskTitle is the worker's task: who asked for what, in their words.
func (r PortalRequest) TaskTitle(name string, ap *Appointment) string {
	var what string
	switch r.Kind {
	case RequestRearrange, RequestCancel:
		verb := "change the time of"
		if r.Kind == RequestCancel {
			verb = "cancel"
		}
		what = fmt.Sprintf("asked to %s their %s on %s", verb, strings.ToLower(ap.Kind.Label()), uktime.In(ap.StartsAt).Format("2 Jan 2006 at 15:04"))
	case RequestWorker:
		what = "asked for a different worker"
	case RequestGoal:
		what = "suggested a goal"
	case RequestChange:
		what = "suggested a change to their care"
	}
	title := name + " " + what
	if t := strings.TrimSpace(r.Text); t != "" {
		title += ": \u201c" + t + "\u201d"
	}
	return title
}

// CheckOutcomeAfterRequest refuses to record as missed an appointment the
// person asked to cancel: they told us, so it is cancelled by them.
func CheckOutcomeAfterRequest(o Outcome, askedToCancel bool) error {
	if askedToCancel && o == OutcomeDidNotAttend {
		return fieldProblem("outcome", "The person asked to cancel this appointment: record it as cancelled by the person, not as missed")
	}
	return nil
}

// OwnPreferences are what the person tells us about how to be with them,
// kept in their own words.
type OwnPreferences struct {
	PersonID           int64
	PreferredName      string
	Pronouns           string
	CommunicationNeeds string
	TraumaPreferences  string
	Version            int
}

// Validate checks the lengths of the preferences.
func (p OwnPreferences) Validate() error {
	var v problem.Validation
	if utf8.RuneCountInString(p.PreferredName) > 100 {
		v.Add("preferred_name", "Your name must be 100 characters or fewer")
	}
	if utf8.RuneCountInString(p.Pronouns) > 50 {
		v.Add("pronouns", "Your pronouns must be 50 characters or fewer")
	}
	if utf8.RuneCountInString(p.CommunicationNeeds) > MaxPortalText {
		v.Add("communication_needs", "This must be 2,000 characters or fewer")
	}
	if utf8.RuneCountInString(p.TraumaPreferences) > MaxPortalText {
		v.Add("trauma_preferences", "This must be 2,000 characters or fewer")
	}
	return v.Err()
}
