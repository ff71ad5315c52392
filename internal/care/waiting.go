package care

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"throughline/internal/problem"
)

// WaitThresholds say when a wait from acceptance needs attention. They are
// set per service by its team managers.
type WaitThresholds struct {
	ServiceID  string
	AmberWeeks int
	RedWeeks   int
	Version    int
}

// DefaultWaitThresholds are used until a team manager sets others.
func DefaultWaitThresholds(serviceID string) WaitThresholds {
	return WaitThresholds{ServiceID: serviceID, AmberWeeks: 6, RedWeeks: 12}
}

// Validate checks the thresholds make sense.
func (w WaitThresholds) Validate() error {
	var v problem.Validation
	if w.AmberWeeks < 1 || w.AmberWeeks > 104 {
		v.Add("amber_weeks", "Amber must be a whole number of weeks from 1 to 104")
	}
	if w.RedWeeks < 1 || w.RedWeeks > 156 {
		v.Add("red_weeks", "Red must be a whole number of weeks from 1 to 156")
	} else if w.RedWeeks <= w.AmberWeeks {
		v.Add("red_weeks", "Red must be later than amber")
	}
	return v.Err()
}

// RAG is a wait's rating; Label says it in words so colour is never the
// only signal.
type RAG string

// Ratings.
const (
	RAGGreen RAG = "green"
	RAGAmber RAG = "amber"
	RAGRed   RAG = "red"
)

// Label is the rating in words.
func (r RAG) Label() string {
	switch r {
	case RAGRed:
		return "Over the limit"
	case RAGAmber:
		return "Nearing the limit"
	}
	return "Within the limit"
}

// Rate rates a wait from acceptance.
func (w WaitThresholds) Rate(wait time.Duration) RAG {
	weeks := wait.Hours() / (24 * 7)
	switch {
	case weeks >= float64(w.RedWeeks):
		return RAGRed
	case weeks >= float64(w.AmberWeeks):
		return RAGAmber
	}
	return RAGGreen
}

// CheckInMethods are the ways of keeping in touch while someone waits.
var CheckInMethods = []string{"phone", "text", "email", "letter", "video", "in-person"}

// CheckIn is contact with a person while they wait.
type CheckIn struct {
	ID               int64
	ReferralID       int64
	On               time.Time // the day of contact
	Method           string
	Note             string
	CrisisSignposted bool // crisis plan and crisis contacts were given or checked
	RecordedBy       int64
	RecordedByName   string
	CreatedAt        time.Time
}

// Validate checks a check-in before it is saved.
func (c *CheckIn) Validate(r Referral, now time.Time) error {
	var v problem.Validation
	c.Note = strings.TrimSpace(c.Note)
	switch {
	case c.On.IsZero():
		v.Add("on", "Enter the date of contact")
	case c.On.After(now):
		v.Add("on", "The date of contact cannot be in the future")
	case c.On.Before(r.ReceivedAt.Truncate(24 * time.Hour)):
		v.Add("on", "The date of contact cannot be before the referral was received")
	}
	if !slices.Contains(CheckInMethods, c.Method) {
		v.Add("method", "Choose how you were in touch")
	}
	if utf8.RuneCountInString(c.Note) > MaxNoteLength {
		v.Add("note", "Keep the note to 20,000 characters or fewer")
	}
	if !r.Status.Open() {
		v.Add("referral", "This referral has ended, so check-ins are no longer recorded on it")
	}
	return v.Err()
}

// Preferences are what the person has told us about how they want to be
// worked with, shown before anything is booked.
type Preferences struct {
	PersonID            int64
	WorkerGender        string // "", "woman", "man", "non-binary", "no-preference"
	InterpreterLanguage string // empty when none is needed
	Version             int
}

// WorkerGenders are the choices offered for the gender of worker.
var WorkerGenders = []string{"", "no-preference", "woman", "man", "non-binary"}

// Validate checks preferences.
func (p Preferences) Validate() error {
	var v problem.Validation
	if !slices.Contains(WorkerGenders, p.WorkerGender) {
		v.Add("worker_gender", "Choose a preference for the gender of worker")
	}
	if utf8.RuneCountInString(p.InterpreterLanguage) > 100 {
		v.Add("interpreter_language", "Keep the interpreter language under 100 characters")
	}
	return v.Err()
}
