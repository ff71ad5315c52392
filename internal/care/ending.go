package care

import (
	"fmt"
	"strings"
	"time"

	"throughline/internal/problem"
)

// EndingKind says whether an episode ended as planned with the person or
// not.
type EndingKind string

// Ending kinds.
const (
	EndingPlanned   EndingKind = "planned"
	EndingUnplanned EndingKind = "unplanned"
)

// EndingReason is why an unplanned ending happened, in words that do not
// blame the person.
type EndingReason struct{ Code, Label string }

// Unplanned ending reasons.
const (
	ReasonPersonChose    = "person-chose-to-stop"
	ReasonMovedAway      = "moved-away"
	ReasonNonEngagement  = "non-engagement"
	ReasonAnotherService = "needs-another-service"
	ReasonDied           = "died"
	ReasonOther          = "other"
)

// EndingReasons lists unplanned ending reasons in the order forms offer them.
var EndingReasons = []EndingReason{
	{ReasonPersonChose, "The person chose to stop coming"},
	{ReasonMovedAway, "The person moved away"},
	{ReasonNonEngagement, "We lost contact despite outreach (MDT decision)"},
	{ReasonAnotherService, "The person needs a different service"},
	{ReasonDied, "The person has died"},
	{ReasonOther, "Another reason"},
}

// EndingReasonLabel is the label of a reason code.
func EndingReasonLabel(code string) string {
	for _, r := range EndingReasons {
		if r.Code == code {
			return r.Label
		}
	}
	return code
}

// MDTDecision is the team discussion that agreed an ending for
// non-engagement. It is recorded on the ending as structured fields; the
// MDT module will link its meeting record later.
type MDTDecision struct {
	On        time.Time // date of the team discussion
	Present   string    // who was there
	Rationale string
}

// Ending closes an episode of care. A planned ending carries an ending
// plan written with the person; an unplanned one carries a reason.
type Ending struct {
	ID        int64
	EpisodeID int64
	PersonID  int64
	Kind      EndingKind
	Reason    string // unplanned only
	EndedOn   time.Time
	Note      string

	// The ending plan (planned endings).
	FurtherSupport     string // what further support is arranged
	DirectoryServiceID string // optional: a directory service it is with
	HowToComeBack      string
	KeepFromWork       string // what the person wants to keep from the work
	CopyToPerson       bool   // the person has been given a copy

	MDT        MDTDecision // non-engagement only
	RecordedBy int64
	CreatedAt  time.Time
	Version    int
}

// Validate checks an ending's fields for an episode that started at
// started. Outreach and MDT rules for non-engagement are checked by
// CheckNonEngagement, which needs the record.
func (e Ending) Validate(started, now time.Time) error {
	var v problem.Validation
	switch e.Kind {
	case EndingPlanned:
		if strings.TrimSpace(e.FurtherSupport) == "" {
			v.Add("further_support", "Say what further support is arranged, or that the person does not want any")
		}
		if strings.TrimSpace(e.HowToComeBack) == "" {
			v.Add("how_to_come_back", "Say how the person can come back if they need to")
		}
	case EndingUnplanned:
		known := false
		for _, r := range EndingReasons {
			known = known || e.Reason == r.Code
		}
		if !known {
			v.Add("reason", "Choose why care is ending")
		}
		if e.Reason == ReasonOther && strings.TrimSpace(e.Note) == "" {
			v.Add("note", "Say what the other reason is")
		}
	default:
		v.Add("kind", "Choose whether this is a planned or an unplanned ending")
	}
	switch {
	case e.EndedOn.IsZero():
		v.Add("ended_on", "Enter the date care ended")
	case e.EndedOn.After(now):
		v.Add("ended_on", "The ending date cannot be in the future")
	case dateOf(e.EndedOn).Before(dateOf(started)):
		v.Add("ended_on", "The ending date is before the episode started")
	}
	for field, s := range map[string]string{"further_support": e.FurtherSupport, "how_to_come_back": e.HowToComeBack,
		"keep_from_work": e.KeepFromWork, "note": e.Note, "mdt_present": e.MDT.Present, "mdt_rationale": e.MDT.Rationale} {
		if len(s) > MaxNoteLength {
			v.Add(field, "This must be 20,000 characters or fewer")
		}
	}
	return v.Err()
}

// Discharge for non-engagement needs real effort to reach the person
// first. Three attempts is the smallest number that shows persistence
// over more than a single week, and two different methods make sure the
// team did not rely on one channel the person may not be able to use
// (a phone cut off, post not reaching a hostel). Only attempts after the
// last attended appointment count: they are about this loss of contact.
const (
	NonEngagementMinAttempts = 3
	NonEngagementMinMethods  = 2
)

// CheckNonEngagement refuses an ending for non-engagement unless enough
// outreach was recorded since the last attended appointment (zero when
// there was none) and an MDT decision is recorded. Other endings pass.
func (e Ending) CheckNonEngagement(attempts []OutreachAttempt, lastAttended time.Time) error {
	if e.Kind != EndingUnplanned || e.Reason != ReasonNonEngagement {
		return nil
	}
	var v problem.Validation
	n, methods := 0, map[OutreachMethod]bool{}
	for _, a := range attempts {
		if a.At.After(lastAttended) {
			n++
			methods[a.Method] = true
		}
	}
	if n < NonEngagementMinAttempts || len(methods) < NonEngagementMinMethods {
		v.Add("reason", fmt.Sprintf("Ending for loss of contact needs at least %d outreach attempts by at least %d different methods since the last attended appointment; %d recorded by %d method(s)",
			NonEngagementMinAttempts, NonEngagementMinMethods, n, len(methods)))
	}
	if e.MDT.On.IsZero() {
		v.Add("mdt_on", "Enter the date of the team discussion that agreed this ending")
	} else if e.MDT.On.After(e.EndedOn.Add(24 * time.Hour)) {
		v.Add("mdt_on", "The team discussion must come before the ending")
	}
	if strings.TrimSpace(e.MDT.Present) == "" {
		v.Add("mdt_present", "Say who was at the team discussion")
	}
	if strings.TrimSpace(e.MDT.Rationale) == "" {
		v.Add("mdt_rationale", "Record the team's reasons for ending care")
	}
	return v.Err()
}

// DefaultReaccessMonths is how long after an ending a person can come
// back without a new referral, unless a team manager sets another period.
const DefaultReaccessMonths = 6

// MaxReaccessMonths bounds the setting to something a team can honour.
const MaxReaccessMonths = 36

// ReaccessUntil is the last day re-access is open after an ending.
func ReaccessUntil(endedOn time.Time, months int) time.Time {
	return dateOf(endedOn).AddDate(0, months, 0)
}

// CheckReaccess allows coming back without a new referral within months
// of the ending, and otherwise says what to do instead.
func CheckReaccess(endedOn, now time.Time, months int) error {
	if endedOn.IsZero() {
		return problem.Errorf(problem.Conflict, "This episode has not ended, so there is nothing to come back to")
	}
	if until := ReaccessUntil(endedOn, months); dateOf(now).After(until) {
		return problem.Errorf(problem.Conflict, "Care ended on %s, more than %d months ago (re-access was open until %s). A new referral is needed: the person's GP or any referrer can refer again, or the person can self-refer where the service accepts it.",
			endedOn.Format("2 Jan 2006"), months, until.Format("2 Jan 2006"))
	}
	return nil
}

// ReasonLabel is the plain-language reason, or the kind for planned endings.
func (e Ending) ReasonLabel() string {
	if e.Kind == EndingPlanned {
		return "Planned ending"
	}
	return EndingReasonLabel(e.Reason)
}
