package care

import (
	"strings"
	"time"

	"throughline/internal/problem"
)

// AppointmentKind says what an appointment is for.
type AppointmentKind string

// Appointment kinds from DESIGN.md.
const (
	KindAssessment AppointmentKind = "assessment"
	KindIndividual AppointmentKind = "individual"
	KindGroup      AppointmentKind = "group"
	KindReview     AppointmentKind = "review"
	KindLiaison    AppointmentKind = "liaison"
)

// AppointmentKinds lists every kind in the order forms offer them.
var AppointmentKinds = []AppointmentKind{KindAssessment, KindIndividual, KindGroup, KindReview, KindLiaison}

// Label is the plain-language name of the kind.
func (k AppointmentKind) Label() string {
	switch k {
	case KindAssessment:
		return "Assessment"
	case KindIndividual:
		return "Individual session"
	case KindGroup:
		return "Group session"
	case KindReview:
		return "Review"
	case KindLiaison:
		return "Liaison meeting"
	}
	return string(k)
}

// Outcome is what happened at an appointment; empty until recorded.
type Outcome string

// Appointment outcomes. A did-not-attend is never a reason to discharge:
// it opens a follow-up task instead.
const (
	OutcomeNone              Outcome = ""
	OutcomeAttended          Outcome = "attended"
	OutcomeDidNotAttend      Outcome = "did-not-attend"
	OutcomeCancelledByPerson Outcome = "cancelled-by-person"
	OutcomeCancelledByTeam   Outcome = "cancelled-by-service"
)

// Outcomes lists the outcomes that can be recorded.
var Outcomes = []Outcome{OutcomeAttended, OutcomeDidNotAttend, OutcomeCancelledByPerson, OutcomeCancelledByTeam}

// Label is the plain-language name of the outcome.
func (o Outcome) Label() string {
	switch o {
	case OutcomeNone:
		return "Not yet recorded"
	case OutcomeAttended:
		return "Attended"
	case OutcomeDidNotAttend:
		return "Did not attend"
	case OutcomeCancelledByPerson:
		return "Cancelled by the person"
	case OutcomeCancelledByTeam:
		return "Cancelled by the service"
	}
	return string(o)
}

// Valid reports whether o is a recordable outcome.
func (o Outcome) Valid() bool {
	for _, x := range Outcomes {
		if o == x {
			return true
		}
	}
	return false
}

// Appointment is a booked contact with a person: an assessment, session,
// review or liaison meeting, with one or more staff.
type Appointment struct {
	ID          int64
	PersonID    int64
	ReferralID  int64 // set for assessment appointments
	EpisodeID   int64 // set for appointments within an episode of care
	Kind        AppointmentKind
	StartsAt    time.Time
	Minutes     int
	Location    string
	Notes       string
	StaffIDs    []int64
	Outcome     Outcome
	OutcomeNote string
	OutcomeAt   time.Time
	Version     int
}

// MaxNoteLength bounds free text so that a pasted document gets a clear
// message instead of filling the database.
const MaxNoteLength = 20000

// Validate checks a new appointment. Booking in the past is allowed (staff
// record contacts after the event), but not more than a year back.
func (a Appointment) Validate(now time.Time) error {
	var v problem.Validation
	if a.PersonID == 0 {
		v.Add("person", "Choose the person the appointment is with")
	}
	known := false
	for _, k := range AppointmentKinds {
		known = known || a.Kind == k
	}
	if !known {
		v.Add("kind", "Choose what the appointment is for")
	}
	switch {
	case a.StartsAt.IsZero():
		v.Add("starts_at", "Enter the date and time of the appointment")
	case a.StartsAt.Before(now.AddDate(-1, 0, 0)):
		v.Add("starts_at", "The date is more than a year ago; check the year")
	case a.StartsAt.After(now.AddDate(2, 0, 0)):
		v.Add("starts_at", "The date is more than two years ahead; check the year")
	}
	if a.Minutes < 5 || a.Minutes > 480 {
		v.Add("minutes", "Length must be between 5 and 480 minutes")
	}
	if len(a.StaffIDs) == 0 {
		v.Add("staff", "Choose at least one member of staff")
	}
	if len(a.Location) > 200 {
		v.Add("location", "Location must be 200 characters or fewer")
	}
	if len(a.Notes) > MaxNoteLength {
		v.Add("notes", "Notes must be 20,000 characters or fewer")
	}
	if a.Kind == KindAssessment && a.ReferralID == 0 {
		v.Add("referral", "An assessment appointment belongs to a referral")
	}
	return v.Err()
}

// ValidateOutcome checks an outcome can be recorded now: attendance and
// non-attendance only once the appointment has started; cancellations at
// any time.
func (a Appointment) ValidateOutcome(o Outcome, note string, now time.Time) error {
	var v problem.Validation
	switch {
	case !o.Valid():
		v.Add("outcome", "Choose what happened")
	case (o == OutcomeAttended || o == OutcomeDidNotAttend) && a.StartsAt.After(now):
		v.Add("outcome", "Attendance can be recorded once the appointment has started")
	}
	if len(note) > MaxNoteLength {
		v.Add("outcome_note", "The note must be 20,000 characters or fewer")
	}
	return v.Err()
}

// Task is something a worker needs to do for a person, such as following
// up a missed appointment.
type Task struct {
	ID            int64
	PersonID      int64
	AssigneeID    int64
	Kind          string
	Title         string
	DueOn         time.Time // a date, midnight UTC
	AppointmentID int64
	CreatedAt     time.Time
	DoneAt        time.Time
	DoneNote      string
	Version       int
}

// TaskFollowUp is the kind of task a did-not-attend creates.
const TaskFollowUp = "dna-follow-up"

// FollowUpTitle is the task's wording: curious and caring, never a warning.
const FollowUpTitle = "Get in touch: what got in the way, and how can we help?"

// FollowUpWorkingDays is how soon a missed appointment is followed up.
const FollowUpWorkingDays = 2

// Done reports whether the task has been completed.
func (t Task) Done() bool { return !t.DoneAt.IsZero() }

// Overdue reports whether the task is open past its due date.
func (t Task) Overdue(now time.Time) bool {
	return !t.Done() && dateOf(now).After(t.DueOn)
}

// ValidateDone checks a completion note: following up means saying what
// happened.
func (t Task) ValidateDone(note string) error {
	var v problem.Validation
	if t.Done() {
		return problem.Errorf(problem.Conflict, "This task is already done")
	}
	if strings.TrimSpace(note) == "" {
		v.Add("done_note", "Say what you did and what you heard back")
	}
	if len(note) > MaxNoteLength {
		v.Add("done_note", "The note must be 20,000 characters or fewer")
	}
	return v.Err()
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// AddWorkingDays returns the date n working days after t: weekends and
// bank holidays in England and Wales are skipped.
func AddWorkingDays(t time.Time, n int) time.Time {
	d := dateOf(t)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// IsWorkingDay reports whether d is a weekday that is not a bank holiday.
func IsWorkingDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := bankHolidays[dateOf(d).Format(time.DateOnly)]
	return !holiday
}

// bankHolidays in England and Wales, as published on GOV.UK
// (https://www.gov.uk/bank-holidays); extend each year.
var bankHolidays = map[string]struct{}{
	"2025-01-01": {}, "2025-04-18": {}, "2025-04-21": {}, "2025-05-05": {}, "2025-05-26": {}, "2025-08-25": {}, "2025-12-25": {}, "2025-12-26": {},
	"2026-01-01": {}, "2026-04-03": {}, "2026-04-06": {}, "2026-05-04": {}, "2026-05-25": {}, "2026-08-31": {}, "2026-12-25": {}, "2026-12-28": {},
	"2027-01-01": {}, "2027-03-26": {}, "2027-03-29": {}, "2027-05-03": {}, "2027-05-31": {}, "2027-08-30": {}, "2027-12-27": {}, "2027-12-28": {},
}

// Goal is something the person wants, in their own words.
type Goal struct {
	ID        int64
	PersonID  int64
	EpisodeID int64
	Text      string
	OwnWords  bool // written as the person said it, not paraphrased by staff
	Status    string
	CreatedAt time.Time
	Version   int
	Ratings   []GoalRating
	// StatusChangedAt and StatusChangedBy say when and by whom the goal
	// was last marked achieved, set aside or reopened (zero if never).
	StatusChangedAt time.Time
	StatusChangedBy string
}

// Goal statuses.
const (
	GoalActive   = "active"
	GoalAchieved = "achieved"
	GoalSetAside = "set-aside"
)

// GoalRating is how close the person feels to a goal, 0 (not at all) to
// 10 (reached it), at a point in time.
type GoalRating struct {
	ID     int64
	GoalID int64
	At     time.Time
	Rating int
	Source string // care-plan, or gbo when recorded as a Goal Based Outcome
	Note   string
}

// Validate checks a new goal.
func (g Goal) Validate() error {
	var v problem.Validation
	if g.PersonID == 0 {
		v.Add("person", "Choose the person the goal belongs to")
	}
	switch n := len(strings.TrimSpace(g.Text)); {
	case n == 0:
		v.Add("text", "Write the goal, in the person's own words where possible")
	case n > 1000:
		v.Add("text", "A goal must be 1,000 characters or fewer")
	}
	switch g.Status {
	case "", GoalActive, GoalAchieved, GoalSetAside:
	default:
		v.Add("status", "Status must be active, achieved or set aside")
	}
	return v.Err()
}

// Validate checks a rating.
func (r GoalRating) Validate() error {
	var v problem.Validation
	if r.Rating < 0 || r.Rating > 10 {
		v.Add("rating", "Rate the goal from 0 to 10")
	}
	if len(r.Note) > 2000 {
		v.Add("note", "The note must be 2,000 characters or fewer")
	}
	return v.Err()
}
