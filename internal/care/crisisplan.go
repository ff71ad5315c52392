package care

import (
	"strings"
	"time"

	"throughline/internal/problem"
	"throughline/internal/uktime"
)

// CrisisContact is a person or service to contact in a crisis, with when
// they can be reached.
type CrisisContact struct {
	Name  string
	Role  string // role or service, e.g. "Named worker", "Samaritans"
	Phone string
	Hours string // when available, e.g. "24 hours, every day"
}

// CrisisShare is someone the crisis plan is shared with and whether the
// person has consented to that.
type CrisisShare struct {
	Recipient string
	Consented bool
	On        time.Time // the date consent was given or declined
}

// CrisisPlan is the person's plan for when things get very hard, one per
// person, versioned like the care plan.
type CrisisPlan struct {
	ID           int64
	PersonID     int64
	WarningSigns string
	ICanDo       string
	OthersCanDo  string
	Helps        string
	DoesNotHelp  string
	Contacts     []CrisisContact
	Shares       []CrisisShare
	Version      int // 0 before the first save
	UpdatedAt    time.Time
	UpdatedBy    string
}

const maxCrisisText = 5000

// Validate checks a crisis plan before it is saved.
func (c CrisisPlan) Validate(now time.Time) error {
	var v problem.Validation
	if c.PersonID == 0 {
		v.Add("person", "A crisis plan belongs to a person")
	}
	for _, f := range []struct{ name, label, text string }{
		{"warning_signs", "Warning signs", c.WarningSigns}, {"i_can_do", "What I can do", c.ICanDo},
		{"others_can_do", "What others can do", c.OthersCanDo}, {"helps", "What helps", c.Helps},
		{"does_not_help", "What does not help", c.DoesNotHelp},
	} {
		if len(f.text) > maxCrisisText {
			v.Add(f.name, f.label+" must be 5,000 characters or fewer")
		}
	}
	if strings.TrimSpace(c.WarningSigns) == "" {
		v.Add("warning_signs", "Write the warning signs, in the person's words where possible")
	}
	if len(c.Contacts) == 0 {
		v.Add("contacts", "Add at least one contact, such as a 24-hour crisis line")
	}
	if len(c.Contacts) > 20 {
		v.Add("contacts", "At most 20 contacts")
	}
	for _, ct := range c.Contacts {
		if strings.TrimSpace(ct.Name) == "" || strings.TrimSpace(ct.Phone) == "" || strings.TrimSpace(ct.Hours) == "" {
			v.Add("contacts", "Each contact needs a name, a phone number and when they can be reached")
		}
		if len(ct.Name) > 200 || len(ct.Role) > 200 || len(ct.Phone) > 50 || len(ct.Hours) > 200 {
			v.Add("contacts", "A contact's name, role and hours must be 200 characters or fewer, the phone 50")
		}
	}
	if len(c.Shares) > 20 {
		v.Add("shares", "At most 20 people to share with")
	}
	for _, s := range c.Shares {
		switch {
		case strings.TrimSpace(s.Recipient) == "":
			v.Add("shares", "Name who the plan is shared with")
		case len(s.Recipient) > 200:
			v.Add("shares", "A recipient must be 200 characters or fewer")
		case s.On.IsZero():
			v.Add("shares", "Enter the date consent was recorded for "+s.Recipient)
		case dateOf(s.On).After(ukDate(now)):
			v.Add("shares", "The consent date for "+s.Recipient+" is in the future")
		}
	}
	return v.Err()
}

// DateUndatedShares gives each share with no date the UK date of now,
// when the consent is being recorded.
func (c *CrisisPlan) DateUndatedShares(now time.Time) {
	today := ukDate(now)
	for i := range c.Shares {
		if c.Shares[i].On.IsZero() {
			c.Shares[i].On = today
		}
	}
}

// ukDate is the UK calendar date of t, as a date is typed in a form: the
// UTC midnight of that day. Just after midnight in summer, UTC is still on
// the day before.
func ukDate(t time.Time) time.Time {
	y, m, d := uktime.In(t).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// SharedWith lists the recipients the person has consented to.
func (c CrisisPlan) SharedWith() []string {
	var out []string
	for _, s := range c.Shares {
		if s.Consented {
			out = append(out, s.Recipient)
		}
	}
	return out
}
