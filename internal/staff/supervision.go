// Package staff holds the rules of staff support: supervision and how
// often it is expected, training and its renewal. Staff asked for
// supervision that actually happens and training they can find and are
// supported to attend; these rules are what the pages and the principles
// report measure that by. It is pure Go; the store persists what it defines.
package staff

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/uktime"
)

// SupervisionType is the kind of supervision a session was.
type SupervisionType string

// Supervision types.
const (
	Clinical   SupervisionType = "clinical"
	Managerial SupervisionType = "managerial"
	Caseload   SupervisionType = "caseload"
	GroupTeam  SupervisionType = "group"
)

// SupervisionTypes lists every type, in the order forms offer them.
var SupervisionTypes = []SupervisionType{Clinical, Managerial, Caseload, GroupTeam}

// Label is the type as people say it.
func (t SupervisionType) Label() string {
	switch t {
	case Clinical:
		return "Clinical supervision"
	case Managerial:
		return "Managerial supervision"
	case Caseload:
		return "Caseload supervision"
	case GroupTeam:
		return "Group or team supervision"
	}
	return string(t)
}

// noun is the type inside a sentence ("Last clinical supervision ...").
func (t SupervisionType) noun() string { return strings.ToLower(t.Label()) }

// Session is one supervision session. Notes belong to the parties only:
// the supervisor and the supervisees.
type Session struct {
	ID            int64
	TeamID        int64
	SupervisorID  int64
	SuperviseeIDs []int64
	Type          SupervisionType
	HeldOn        time.Time // the UK calendar date
	Minutes       int
	PeopleIDs     []int64 // people on the caseload who were discussed
	Notes         string
}

// MaxNotes bounds the notes of one session.
const MaxNotes = 20000

// Validate checks a session before it is saved. now is the current time:
// a session cannot be recorded before it happens.
func (s *Session) Validate(now time.Time) error {
	var v problem.Validation
	s.Notes = strings.TrimSpace(s.Notes)
	if !slices.Contains(SupervisionTypes, s.Type) {
		v.Add("type", "Choose the type of supervision")
	}
	if s.TeamID == 0 {
		v.Add("team", "Choose the team")
	}
	if s.SupervisorID == 0 {
		v.Add("supervisor", "Choose the supervisor")
	}
	s.SuperviseeIDs = dedupe(s.SuperviseeIDs)
	s.PeopleIDs = dedupe(s.PeopleIDs)
	switch {
	case len(s.SuperviseeIDs) == 0:
		v.Add("supervisees", "Choose who was supervised")
	case slices.Contains(s.SuperviseeIDs, s.SupervisorID):
		v.Add("supervisees", "The supervisor cannot also be a supervisee")
	case s.Type != GroupTeam && len(s.SuperviseeIDs) > 1:
		v.Add("supervisees", "Choose one supervisee, or record it as group or team supervision")
	}
	if s.HeldOn.IsZero() {
		v.Add("held_on", "Enter the date of the session")
	} else if s.HeldOn.After(Today(now)) {
		v.Add("held_on", "The date cannot be in the future")
	}
	if s.Minutes < 5 || s.Minutes > 480 {
		v.Add("minutes", "Enter the length in minutes, from 5 to 480")
	}
	if len(s.Notes) > MaxNotes {
		v.Add("notes", fmt.Sprintf("Notes can be up to %d characters", MaxNotes))
	}
	return v.Err()
}

// Party reports whether the user took part: only parties read the notes.
func (s Session) Party(userID int64) bool {
	return userID != 0 && (s.SupervisorID == userID || slices.Contains(s.SuperviseeIDs, userID))
}

func dedupe(ids []int64) []int64 {
	var out []int64
	for _, id := range ids {
		if id != 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Frequency is how often a team expects a type of supervision for a role.
type Frequency string

// Frequencies a team manager can choose.
const (
	Weekly      Frequency = "weekly"
	Fortnightly Frequency = "fortnightly"
	Monthly     Frequency = "monthly"
	SixWeekly   Frequency = "six-weekly"
	Quarterly   Frequency = "quarterly"
)

// Frequencies lists every frequency, most often first.
var Frequencies = []Frequency{Weekly, Fortnightly, Monthly, SixWeekly, Quarterly}

// Label is the frequency as written after "expected".
func (f Frequency) Label() string {
	switch f {
	case SixWeekly:
		return "every six weeks"
	case Quarterly:
		return "every three months"
	}
	return string(f)
}

// due is when the next session falls due after one on last.
func (f Frequency) due(last time.Time) time.Time {
	switch f {
	case Weekly:
		return last.AddDate(0, 0, 7)
	case Fortnightly:
		return last.AddDate(0, 0, 14)
	case Monthly:
		return last.AddDate(0, 1, 0)
	case SixWeekly:
		return last.AddDate(0, 0, 42)
	case Quarterly:
		return last.AddDate(0, 3, 0)
	}
	return last
}

// Expectation is a team's expected frequency of one type of supervision
// for everyone in one role.
type Expectation struct {
	TeamID    int64
	Role      auth.Role
	Type      SupervisionType
	Frequency Frequency
}

// SupervisedRoles are the roles a team sets expectations for.
var SupervisedRoles = []auth.Role{auth.Clinician, auth.PeerWorker, auth.Admin, auth.TeamManager}

// Validate checks an expectation before it is saved.
func (e Expectation) Validate() error {
	var v problem.Validation
	if e.TeamID == 0 {
		v.Add("team", "Choose the team")
	}
	if !slices.Contains(SupervisedRoles, e.Role) {
		v.Add("role", "Choose the role")
	}
	if !slices.Contains(SupervisionTypes, e.Type) {
		v.Add("type", "Choose the type of supervision")
	}
	if !slices.Contains(Frequencies, e.Frequency) {
		v.Add("frequency", "Choose how often")
	}
	return v.Err()
}

// Standing is where one person is against one expectation.
type Standing struct {
	Type      SupervisionType
	Frequency Frequency
	Last      time.Time // zero when none recorded
	Overdue   bool
	Words     string // e.g. "Last clinical supervision 7 weeks ago; expected monthly"
}

// Stand works out a person's standing: overdue once the day after the
// due date has begun (UK calendar days, so a monthly session on 3 March
// is due on 3 April and overdue from 4 April), or when none is recorded.
func Stand(e Expectation, last, today time.Time) Standing {
	s := Standing{Type: e.Type, Frequency: e.Frequency, Last: last}
	exp := "expected " + e.Frequency.Label()
	if last.IsZero() {
		s.Overdue = true
		s.Words = "No " + e.Type.noun() + " recorded; " + exp
		return s
	}
	s.Overdue = day(today).After(day(e.Frequency.due(last)))
	s.Words = "Last " + e.Type.noun() + " " + Ago(last, today) + "; " + exp
	return s
}

// Today is now's UK calendar date, as the dates forms send are: a session
// at 00:30 BST is recorded on that day, not the UTC day before.
func Today(now time.Time) time.Time { return day(uktime.In(now)) }

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// Ago says how long before today a date was, in words people use.
func Ago(then, today time.Time) string {
	days := int(day(today).Sub(day(then)).Hours() / 24)
	switch {
	case days <= 0:
		return "today"
	case days == 1:
		return "yesterday"
	case days < 14:
		return fmt.Sprintf("%d days ago", days)
	case days < 63:
		return fmt.Sprintf("%d weeks ago", days/7)
	case days < 730:
		return fmt.Sprintf("%d months ago", days*12/365)
	}
	return fmt.Sprintf("%d years ago", days/365)
}
