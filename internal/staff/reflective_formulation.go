package staff

import (
	"fmt"
	"strings"
	"time"

	"throughline/internal/problem"
)

// TeamFormulation is the team's shared understanding of what is happening
// between a person and services: not a diagnosis of the person, but of the
// relationship, so that everyone responds in the same, thought-through way.
// It is part of the person's record and is shown to them only when the
// team chooses to share it.
type TeamFormulation struct {
	ID       int64
	PersonID int64
	Version  int // the version this was read at, or saved as

	Happening string // what is happening
	Patterns  string // patterns between the person and services
	Helps     string // what helps
	WillTry   string // what the team will try
	Present   string // who was there
	AgreedOn  time.Time
	Shared    bool // shown to the person in their portal

	SavedAt     time.Time
	SavedBy     int64
	SavedByName string
}

// MaxTeamFormulationText bounds each part of a team formulation.
const MaxTeamFormulationText = 20000

// Validate checks a team formulation before a version is saved; now is
// the current time, since a formulation is agreed before it is written up.
func (f *TeamFormulation) Validate(now time.Time) error {
	var v problem.Validation
	for _, p := range []struct {
		text  *string
		field string
		empty string
	}{
		{&f.Happening, "happening", "Say what is happening between the person and services"},
		{&f.Patterns, "patterns", "Describe the patterns between the person and services"},
		{&f.Helps, "helps", "Say what helps"},
		{&f.WillTry, "will_try", "Say what the team will try"},
		{&f.Present, "present", "Say who was there"},
	} {
		*p.text = strings.TrimSpace(*p.text)
		switch {
		case *p.text == "":
			v.Add(p.field, p.empty)
		case len(*p.text) > MaxTeamFormulationText:
			v.Add(p.field, fmt.Sprintf("This can be up to %d characters", MaxTeamFormulationText))
		}
	}
	if f.AgreedOn.IsZero() {
		v.Add("agreed_on", "Enter the date the team met")
	} else if f.AgreedOn.After(Today(now)) {
		v.Add("agreed_on", "The date cannot be in the future")
	}
	return v.Err()
}

// SameAs reports whether two versions say the same thing, so saving an
// unchanged form records no new version.
func (f TeamFormulation) SameAs(o TeamFormulation) bool {
	return f.Happening == o.Happening && f.Patterns == o.Patterns && f.Helps == o.Helps && f.WillTry == o.WillTry &&
		f.Present == o.Present && f.AgreedOn.Equal(o.AgreedOn) && f.Shared == o.Shared
}
