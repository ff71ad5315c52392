package care

import (
	"strings"
	"time"

	"throughline/internal/problem"
)

// Carer is a carer, relative or friend the person chooses to involve, with
// what the person consents to share with them.
type Carer struct {
	ID             int64
	PersonID       int64
	Name           string
	Relationship   string
	Contact        string
	Share          CarerShare
	ConsentOn      time.Time // when the person gave consent
	Until          time.Time // zero: until the person withdraws it
	WithdrawnAt    time.Time
	WithdrawReason string
	Version        int
}

// CarerShare is what may be shared with a carer.
type CarerShare struct {
	Appointments, CarePlan, CrisisPlan, Medication bool
}

// Labels lists what is shared, in words.
func (s CarerShare) Labels() []string {
	var out []string
	for _, x := range []struct {
		on    bool
		label string
	}{{s.Appointments, "appointments"}, {s.CarePlan, "care plan"}, {s.CrisisPlan, "crisis plan"}, {s.Medication, "medication"}} {
		if x.on {
			out = append(out, x.label)
		}
	}
	return out
}

// ConsentActive reports whether consent to share still stands on now.
func (c Carer) ConsentActive(now time.Time) bool {
	if !c.WithdrawnAt.IsZero() {
		return false
	}
	return c.Until.IsZero() || !dateOf(now).After(dateOf(c.Until))
}

// Validate checks a new carer.
func (c Carer) Validate(now time.Time) error {
	var v problem.Validation
	switch {
	case strings.TrimSpace(c.Name) == "":
		v.Add("carer_name", "Enter the carer's name")
	case len(c.Name) > 200:
		v.Add("carer_name", "The name must be 200 characters or fewer")
	}
	switch {
	case strings.TrimSpace(c.Relationship) == "":
		v.Add("relationship", "Say how they are related to or know the person")
	case len(c.Relationship) > 100:
		v.Add("relationship", "The relationship must be 100 characters or fewer")
	}
	if len(c.Contact) > 500 {
		v.Add("contact", "Contact details must be 500 characters or fewer")
	}
	switch {
	case c.ConsentOn.IsZero():
		v.Add("consent_on", "Enter the date the person gave consent")
	case dateOf(c.ConsentOn).After(dateOf(now)):
		v.Add("consent_on", "The consent date is in the future")
	}
	if !c.Until.IsZero() && !c.ConsentOn.IsZero() && c.Until.Before(c.ConsentOn) {
		v.Add("until", "The end date is before the consent date")
	}
	return v.Err()
}

// ValidateWithdraw checks consent can be withdrawn with a reason.
func (c Carer) ValidateWithdraw(reason string) error {
	if !c.WithdrawnAt.IsZero() {
		return problem.Errorf(problem.Conflict, "Consent was already withdrawn on %s", c.WithdrawnAt.Format("2 January 2006"))
	}
	if len(reason) > MaxReasonLength {
		var v problem.Validation
		v.Add("withdraw_reason", "The note must be 5,000 characters or fewer")
		return v.Err()
	}
	return nil
}
