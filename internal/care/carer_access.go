package care

import (
	"strings"
	"time"

	"throughline/internal/problem"
)

// CarerConcern is something a carer or relative wants the person's team to
// know. It reaches the named worker as a task; the team reads it on the
// person's carers page.
type CarerConcern struct {
	ID        int64
	CarerID   int64
	CarerName string
	PersonID  int64
	Text      string
	TaskID    int64
	CreatedAt time.Time
}

// TaskCarerConcern is the kind of task a carer's concern opens.
const TaskCarerConcern = "carer-concern"

// CarerConcernTitle is the task's wording for the named worker.
func CarerConcernTitle(c Carer) string {
	return "Read a concern from " + c.Name + " (" + c.Relationship + ") on the carers page and get back to them"
}

// Validate checks a concern before it is sent.
func (c CarerConcern) Validate() error {
	var v problem.Validation
	switch {
	case strings.TrimSpace(c.Text) == "":
		v.Add("concern", "Write what you would like the team to know")
	case len(c.Text) > MaxReasonLength:
		v.Add("concern", "Your message must be 5,000 characters or fewer")
	}
	return v.Err()
}

// Any reports whether anything at all is shared.
func (s CarerShare) Any() bool {
	return s.Appointments || s.CarePlan || s.CrisisPlan || s.Medication
}

// CarerAccessEnded is what a carer is told when the person's consent no
// longer stands: plain and without blame.
const CarerAccessEnded = "Nothing is shared with you at the moment. The person may have changed what they share, or the date they chose has passed. You can still talk to the team about your own worries."

// ValidateShareChange checks a change the person makes to what they share
// and until when.
func (c Carer) ValidateShareChange(now time.Time) error {
	if !c.WithdrawnAt.IsZero() {
		return problem.Errorf(problem.Conflict, "You stopped sharing with %s on %s. Ask your team to add them again if you want to share again.", c.Name, c.WithdrawnAt.Format("2 January 2006"))
	}
	var v problem.Validation
	if !c.Until.IsZero() && dateOf(c.Until).Before(dateOf(now)) {
		v.Add("until", "The date has already passed. Choose today or a later date")
	}
	return v.Err()
}

// DomainLabel is the need's life domain in plain words, for pages that
// show the plan outside the team's own screens (a carer's view).
func (n Need) DomainLabel() string { return LifeDomainLabel(n.Domain) }

// Codes lists what is shared as the codes forms use.
func (s CarerShare) Codes() []string {
	var out []string
	for _, x := range []struct {
		on   bool
		code string
	}{{s.Appointments, "appointments"}, {s.CarePlan, "care-plan"}, {s.CrisisPlan, "crisis-plan"}, {s.Medication, "medication"}} {
		if x.on {
			out = append(out, x.code)
		}
	}
	return out
}
