package staff

import (
	"strings"

	"throughline/internal/problem"
)

// Consultation is a question from staff in another service (a CMHT, NHS
// Talking Therapies, a voluntary service) to the specialist team about
// someone they work with, and the team's advice. It never links to a
// record: the asker describes the person as much or as little as they
// choose, so a consultation can be anonymous.
type Consultation struct {
	ID            int64
	FromServiceID string // the asker's service, from the directory
	TeamID        int64  // the specialist team asked
	About         string // how the asker describes the person, e.g. "woman in her 30s"
	Identified    bool   // the asker has named the person in About
	Question      string
	Advice        string
}

// Validate checks a question before it is saved.
func (c *Consultation) Validate() error {
	var v problem.Validation
	c.About, c.Question = strings.TrimSpace(c.About), strings.TrimSpace(c.Question)
	if c.FromServiceID == "" {
		v.Add("from_service", "Choose your service")
	}
	if c.TeamID == 0 {
		v.Add("team", "Choose the team to ask")
	}
	if c.About == "" || len(c.About) > 300 {
		v.Add("about", "Describe the person in a few words (up to 300 characters); you need not name them")
	}
	if c.Question == "" || len(c.Question) > 5000 {
		v.Add("question", "Enter your question (up to 5,000 characters)")
	}
	return v.Err()
}

// ValidateAdvice checks advice before it is saved.
func ValidateAdvice(advice string) error {
	var v problem.Validation
	if a := strings.TrimSpace(advice); a == "" || len(a) > 10000 {
		v.Add("advice", "Enter the advice given (up to 10,000 characters)")
	}
	return v.Err()
}
