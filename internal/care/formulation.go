package care

import (
	"strings"
	"time"

	"throughline/internal/problem"
)

// Formulation is a holistic psychological narrative of a person's
// strengths, difficulties and needs, written with them. Every save keeps
// the version before it.
type Formulation struct {
	ID          int64
	PersonID    int64
	ReferralID  int64
	Happened    string // what has happened
	Strengths   string
	Difficult   string // difficulties
	Patterns    string // patterns in relating to self and others
	Needs       string
	Helps       string // what helps
	SavedAt     time.Time
	SavedBy     int64
	SavedByName string
	Version     int
}

// FormulationSection names one part of a formulation.
type FormulationSection struct {
	Field, Title, Prompt string
}

// FormulationSections are the parts in the order they are written and shown.
var FormulationSections = []FormulationSection{
	{"happened", "What has happened", "The person's story as they tell it: events, losses, what life has been like"},
	{"strengths", "Strengths", "What the person is good at, cares about, and who and what is on their side"},
	{"difficulties", "Difficulties", "What is hard now, in the person's words where possible"},
	{"patterns", "Patterns in relating to self and others", "How the person tends to see and treat themselves, and what happens in relationships"},
	{"needs", "Needs", "What the person needs: emotional, practical and social"},
	{"helps", "What helps", "What has helped before, and what the person would like to try"},
}

// Section returns the text of the section named by field.
func (f Formulation) Section(field string) string {
	switch field {
	case "happened":
		return f.Happened
	case "strengths":
		return f.Strengths
	case "difficulties":
		return f.Difficult
	case "patterns":
		return f.Patterns
	case "needs":
		return f.Needs
	case "helps":
		return f.Helps
	}
	return ""
}

// SetSection sets the text of the section named by field.
func (f *Formulation) SetSection(field, text string) {
	switch field {
	case "happened":
		f.Happened = text
	case "strengths":
		f.Strengths = text
	case "difficulties":
		f.Difficult = text
	case "patterns":
		f.Patterns = text
	case "needs":
		f.Needs = text
	case "helps":
		f.Helps = text
	}
}

// SameText reports whether two versions say the same thing.
func (f Formulation) SameText(g Formulation) bool {
	for _, s := range FormulationSections {
		if f.Section(s.Field) != g.Section(s.Field) {
			return false
		}
	}
	return true
}

// Validate checks a formulation before it is saved.
func (f Formulation) Validate() error {
	var v problem.Validation
	if f.PersonID == 0 {
		v.Add("person", "A formulation belongs to a person")
	}
	fields := map[string]string{}
	empty := true
	for _, s := range FormulationSections {
		fields[s.Field] = f.Section(s.Field)
		empty = empty && strings.TrimSpace(fields[s.Field]) == ""
	}
	if empty {
		v.Add("happened", "Write at least one section before saving")
	}
	checkLengths(&v, fields)
	return v.Err()
}

// FormulationComment is something the person wants said about their
// formulation, in their own words. Staff may write it down for them; it is
// then marked as written on their behalf.
type FormulationComment struct {
	ID            int64
	FormulationID int64
	PersonID      int64
	Text          string
	OnBehalf      bool // written down by staff, as the person said it
	AuthorID      int64
	AuthorName    string
	CreatedAt     time.Time
}

// Validate checks a comment.
func (c FormulationComment) Validate() error {
	var v problem.Validation
	if strings.TrimSpace(c.Text) == "" {
		v.Add("comment", "Write the comment before adding it")
	}
	checkLengths(&v, map[string]string{"comment": c.Text})
	return v.Err()
}
