package care

import (
	"strings"
	"time"

	"throughline/internal/problem"
)

// OutreachMethod is how a worker tried to get back in touch with someone.
type OutreachMethod string

// Outreach methods, in the order forms offer them.
const (
	OutreachPhone     OutreachMethod = "phone"
	OutreachText      OutreachMethod = "text"
	OutreachLetter    OutreachMethod = "letter"
	OutreachVisit     OutreachMethod = "visit"
	OutreachViaCarer  OutreachMethod = "via-carer"
	OutreachViaAgency OutreachMethod = "via-other-agency"
)

// OutreachMethods lists every method.
var OutreachMethods = []OutreachMethod{OutreachPhone, OutreachText, OutreachLetter, OutreachVisit, OutreachViaCarer, OutreachViaAgency}

// Label is the plain-language name of the method.
func (m OutreachMethod) Label() string {
	switch m {
	case OutreachPhone:
		return "Phone call"
	case OutreachText:
		return "Text message"
	case OutreachLetter:
		return "Letter"
	case OutreachVisit:
		return "Visit"
	case OutreachViaCarer:
		return "Through a carer or relative"
	case OutreachViaAgency:
		return "Through another agency"
	}
	return string(m)
}

// OutreachOutcome is what came of an attempt.
type OutreachOutcome string

// Outreach outcomes.
const (
	OutreachReached     OutreachOutcome = "reached"
	OutreachNoAnswer    OutreachOutcome = "no-answer"
	OutreachMessageLeft OutreachOutcome = "message-left"
)

// OutreachOutcomes lists every outcome.
var OutreachOutcomes = []OutreachOutcome{OutreachReached, OutreachNoAnswer, OutreachMessageLeft}

// Label is the plain-language name of the outcome.
func (o OutreachOutcome) Label() string {
	switch o {
	case OutreachReached:
		return "Spoke with the person"
	case OutreachNoAnswer:
		return "No answer"
	case OutreachMessageLeft:
		return "Left a message"
	}
	return string(o)
}

// OutreachAttempt is one recorded try at getting back in touch, usually
// after a missed appointment.
type OutreachAttempt struct {
	ID         int64
	PersonID   int64
	EpisodeID  int64
	TaskID     int64 // the follow-up task it completed, if any
	At         time.Time
	Method     OutreachMethod
	Outcome    OutreachOutcome
	Note       string
	RecordedBy int64
}

// Validate checks an attempt before it is recorded.
func (o OutreachAttempt) Validate(now time.Time) error {
	var v problem.Validation
	if o.PersonID == 0 {
		v.Add("person", "Choose the person you tried to reach")
	}
	switch {
	case o.At.IsZero():
		v.Add("at", "Enter the date you tried to get in touch")
	case o.At.After(now.Add(time.Hour)):
		v.Add("at", "The date of an attempt cannot be in the future")
	case o.At.Before(now.AddDate(-1, 0, 0)):
		v.Add("at", "The date is more than a year ago; check the year")
	}
	known := false
	for _, m := range OutreachMethods {
		known = known || o.Method == m
	}
	if !known {
		v.Add("method", "Choose how you tried to get in touch")
	}
	known = false
	for _, x := range OutreachOutcomes {
		known = known || o.Outcome == x
	}
	if !known {
		v.Add("outcome", "Choose what happened")
	}
	switch n := len(strings.TrimSpace(o.Note)); {
	case n == 0:
		v.Add("note", "Say what you did and what you heard back")
	case n > MaxNoteLength:
		v.Add("note", "The note must be 20,000 characters or fewer")
	}
	return v.Err()
}
