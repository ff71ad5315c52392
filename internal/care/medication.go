package care

import (
	"strings"
	"time"

	"throughline/internal/problem"
)

// Medication is a medicine on a person's list. The Community Team
// prescribes, so only its episodes keep a list.
type Medication struct {
	ID         int64
	PersonID   int64
	EpisodeID  int64
	Name       string
	Dose       string
	Frequency  string
	Prescriber string
	StartedOn  time.Time
	StoppedOn  time.Time // zero while taken
	StopReason string
	ReviewOn   time.Time
	Version    int
}

// Current reports whether the medicine has not been stopped.
func (m Medication) Current() bool { return m.StoppedOn.IsZero() }

// ReviewOverdue reports whether a current medicine's review date has passed.
func (m Medication) ReviewOverdue(now time.Time) bool {
	return m.Current() && !m.ReviewOn.IsZero() && dateOf(now).After(dateOf(m.ReviewOn))
}

// ValidateMedicationEpisode checks medicines are kept for a Community Team
// episode that is still open.
func ValidateMedicationEpisode(e Episode) error {
	if e.Pathway != PathwayCommunity {
		return problem.Errorf(problem.Invalid, "Medication is kept by the Community Team; this episode is with the %s", PathwayLabel(e.Pathway))
	}
	return e.CheckActive(ChangeMedication)
}

// Validate checks a new medicine.
func (m Medication) Validate(now time.Time) error {
	var v problem.Validation
	for _, f := range []struct{ name, label, text string }{
		{"name", "the medicine's name", m.Name}, {"dose", "the dose", m.Dose},
		{"frequency", "how often it is taken", m.Frequency}, {"prescriber", "the prescriber", m.Prescriber},
	} {
		switch {
		case strings.TrimSpace(f.text) == "":
			v.Add(f.name, "Enter "+f.label)
		case len(f.text) > 200:
			v.Add(f.name, "Keep "+f.label+" to 200 characters or fewer")
		}
	}
	switch {
	case m.StartedOn.IsZero():
		v.Add("started_on", "Enter the date the medicine was started")
	case m.StartedOn.After(dateOf(now).AddDate(0, 0, 31)):
		v.Add("started_on", "The start date is more than a month ahead; check the year")
	}
	switch {
	case m.ReviewOn.IsZero():
		v.Add("review_on", "Enter when the medicine should be reviewed")
	case !m.StartedOn.IsZero() && m.ReviewOn.Before(m.StartedOn):
		v.Add("review_on", "The review date is before the start date")
	}
	return v.Err()
}

// ValidateStop checks a medicine can be stopped on a date with a reason.
func (m Medication) ValidateStop(on time.Time, reason string) error {
	if !m.Current() {
		return problem.Errorf(problem.Conflict, "This medicine was already stopped on %s", m.StoppedOn.Format("2 January 2006"))
	}
	var v problem.Validation
	switch {
	case on.IsZero():
		v.Add("stopped_on", "Enter the date the medicine was stopped")
	case on.Before(m.StartedOn):
		v.Add("stopped_on", "The stop date is before the start date")
	}
	checkReason(&v, "stop_reason", reason, "Say why the medicine was stopped")
	return v.Err()
}
