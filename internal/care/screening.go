package care

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"throughline/internal/problem"
)

// ReferralDetail is a referral with what the referrer told us and the
// screening clock. The clock stops while more information is awaited, so
// that a wait measures time the service held the referral, not time spent
// waiting for someone else to answer.
type ReferralDetail struct {
	Referral
	Tried           string // what has been tried so far
	Risks           string // risks known to the referrer
	Consent         bool   // the person agreed to being referred
	ReferrerContact string // phone or email for the referrer
	EnteredBy       int64  // the admin who typed it in on someone's behalf, or 0
	MoreInfoReason  string // the latest question asked of the referrer
	PausedAt        time.Time
	Paused          time.Duration // total time paused before PausedAt
}

// Reference is the number people quote about a referral.
func (r Referral) Reference() string { return fmt.Sprintf("TL-%06d", r.ID) }

// PausedUntil is the time paused up to now, including a pause still running.
func (d ReferralDetail) PausedUntil(now time.Time) time.Duration {
	p := d.Paused
	if !d.PausedAt.IsZero() && now.After(d.PausedAt) {
		p += now.Sub(d.PausedAt)
	}
	return p
}

// WaitFromReferral is how long the service has held the referral: from
// receipt to now, less the time paused for more information.
func (d ReferralDetail) WaitFromReferral(now time.Time) time.Duration {
	return max(0, now.Sub(d.ReceivedAt)-d.PausedUntil(now))
}

// WaitFromAcceptance is the wait since the referral was accepted, or zero
// before acceptance.
func (d ReferralDetail) WaitFromAcceptance(now time.Time) time.Duration {
	if d.Decision != DecisionAccepted || d.DecidedAt.IsZero() {
		return 0
	}
	return max(0, now.Sub(d.DecidedAt))
}

// Intake is what a referral form asks beyond the person.
type Intake struct {
	ServiceID       string
	Reason          string
	Tried           string
	Risks           string
	Consent         bool
	ReferrerName    string
	ReferrerOrg     string
	ReferrerContact string
	ReferrerTier    string // directory tier of the referrer, or "self"
}

// Validate checks the intake; every problem is reported at once.
func (in *Intake) Validate() error {
	var v problem.Validation
	in.Reason = strings.TrimSpace(in.Reason)
	in.ReferrerName = strings.TrimSpace(in.ReferrerName)
	if in.ServiceID == "" {
		v.Add("service_id", "Choose the service you are referring to")
	}
	if in.Reason == "" {
		v.Add("reason", "Say why you are making this referral")
	}
	for _, f := range []struct{ name, label, val string }{
		{"reason", "the reason for referral", in.Reason}, {"tried", "what has been tried", in.Tried}, {"risks", "the risks known", in.Risks},
	} {
		if utf8.RuneCountInString(f.val) > MaxNoteLength {
			v.Add(f.name, "Keep "+f.label+" to 20,000 characters or fewer")
		}
	}
	if !in.Consent {
		v.Add("consent", "Confirm the person has agreed to this referral")
	}
	if in.ReferrerName == "" {
		v.Add("referrer_name", "Enter who is making the referral")
	}
	for name, val := range map[string]string{"referrer_name": in.ReferrerName, "referrer_org": in.ReferrerOrg, "referrer_contact": in.ReferrerContact} {
		if utf8.RuneCountInString(val) > 200 {
			v.Add(name, "Keep "+strings.ReplaceAll(name, "_", " ")+" under 200 characters")
		}
	}
	return v.Err()
}

// FindDuplicate returns an open referral among existing to the same
// service, so a second referral for the same need is not made unseen.
func FindDuplicate(existing []Referral, serviceID string) (Referral, bool) {
	for _, r := range existing {
		if r.ServiceID == serviceID && r.Status.Open() {
			return r, true
		}
	}
	return Referral{}, false
}

// DuplicateError says a person already has an open referral to a service.
type DuplicateError struct {
	Existing Referral
}

func (e *DuplicateError) Error() string { return e.problem().Error() }

// Unwrap lets problem.Code and problem.Message see a Conflict.
func (e *DuplicateError) Unwrap() error { return e.problem() }

func (e *DuplicateError) problem() *problem.Error {
	return &problem.Error{Code: problem.Conflict,
		Message: fmt.Sprintf("This person already has an open referral to this service (%s, %s). Add to that referral instead of making a second one.",
			e.Existing.Reference(), e.Existing.Status.Label())}
}

// Step is one status a screening action moves a referral through, for
// the timeline.
type Step struct {
	Status ReferralStatus
	Note   string
}

// resume ends a running pause at now.
func (d *ReferralDetail) resume(now time.Time) {
	if !d.PausedAt.IsZero() {
		d.Paused = d.PausedUntil(now)
		d.PausedAt = time.Time{}
	}
}

// Accept accepts the referral for assessment and puts the person on the
// waiting list.
func (d *ReferralDetail) Accept(profile, note string, now time.Time) ([]Step, error) {
	if err := CheckMove(d.Status, ReferralAccepted); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(note) > MaxNoteLength {
		return nil, fieldProblem("note", "Keep the note to 20,000 characters or fewer")
	}
	d.resume(now)
	d.Decision, d.DecidedAt, d.Profile = DecisionAccepted, now, profile
	d.DeclineReason, d.OnwardServiceID, d.OnwardException = "", "", ""
	d.Status = ReferralWaiting
	return []Step{{ReferralAccepted, note}, {ReferralWaiting, "Added to the waiting list for assessment"}}, nil
}

// RequestMoreInfo asks the referrer for more and pauses the clock.
func (d *ReferralDetail) RequestMoreInfo(reason string, now time.Time) ([]Step, error) {
	if err := CheckMove(d.Status, ReferralMoreInfo); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return nil, fieldProblem("reason", "Say what information is needed, so the referrer can answer it")
	case utf8.RuneCountInString(reason) > MaxNoteLength:
		return nil, fieldProblem("reason", "Keep the request to 20,000 characters or fewer")
	}
	d.Status, d.MoreInfoReason, d.PausedAt = ReferralMoreInfo, reason, now
	return []Step{{ReferralMoreInfo, reason}}, nil
}

// InformationReceived records the answer and resumes screening.
func (d *ReferralDetail) InformationReceived(note string, now time.Time) ([]Step, error) {
	if d.Status != ReferralMoreInfo {
		return nil, problem.Errorf(problem.Conflict, "No information has been requested on this referral (it is %q)", d.Status.Label())
	}
	note = strings.TrimSpace(note)
	switch {
	case note == "":
		return nil, fieldProblem("information", "Record what information was received")
	case utf8.RuneCountInString(note) > MaxNoteLength:
		return nil, fieldProblem("information", "Keep the information to 20,000 characters or fewer")
	}
	d.resume(now)
	d.Status = ReferralScreening
	return []Step{{ReferralScreening, "Information received: " + note}}, nil
}

// Decline declines the referral, only with a reason code and an onward
// route (ValidateDecline). onwardName is the onward service's name for the
// timeline note.
func (d *ReferralDetail) Decline(reason, onwardService, onwardName, exception, profile string, now time.Time) ([]Step, error) {
	if err := CheckMove(d.Status, ReferralDeclined); err != nil {
		return nil, err
	}
	if onwardService != "" && onwardService == d.ServiceID {
		return nil, fieldProblem("onward", "The onward route must be a different service from this one")
	}
	next := d.Referral
	next.Decision, next.DecidedAt, next.DeclineReason = DecisionDeclined, now, reason
	next.OnwardServiceID, next.OnwardException, next.Profile = onwardService, strings.TrimSpace(exception), profile
	if err := next.ValidateDecline(); err != nil {
		return nil, err
	}
	d.resume(now)
	d.Referral = next
	d.Status = ReferralDeclined
	note := "Not accepted: " + DeclineReasonLabel(reason)
	if onwardService != "" {
		// The timeline is read by people: the service's name, not its id
		// (the id stays in onward_service_id).
		if onwardName == "" {
			onwardName = onwardService
		}
		note += ". Onward route: " + onwardName
	} else {
		note += ". No service fits; documented: " + next.OnwardException
	}
	return []Step{{ReferralDeclined, note}}, nil
}

func fieldProblem(field, msg string) error {
	return &problem.Error{Code: problem.Invalid, Message: msg, Fields: map[string]string{field: msg}}
}

// DeclineLabel is the decline reason in plain words.
func (d ReferralDetail) DeclineLabel() string { return DeclineReasonLabel(d.DeclineReason) }
