package language

import (
	"errors"
	"strings"

	"throughline/internal/problem"
)

// Entry is one lexicon entry: the term staff see, the phrase forms that
// match it, why it harms, one or more alternatives, and where the guidance
// comes from.
type Entry struct {
	ID       int64
	Term     string
	Variants []string // further phrase forms, matched as whole words
	// Except lists phrases that contain a form but mean something else
	// ("was refused" is a service refusing the person), so they are not
	// flagged.
	Except       []string
	Why          string
	Alternatives []string
	Source       string
	Retired      bool
	Version      int
}

// Forms is the term and its variants: every phrase that matches the entry.
func (e Entry) Forms() []string {
	return append([]string{e.Term}, e.Variants...)
}

// Limits keep an entry readable on the page and in the live check.
const (
	MaxTermLen = 80
	MaxTextLen = 1000
	MaxForms   = 20
)

// Validate checks an entry a manager has written: each problem is named
// against its field so the form can show it beside the box.
func (e Entry) Validate() error {
	var v problem.Validation
	switch {
	case strings.TrimSpace(e.Term) == "":
		v.Add("term", "Enter the term")
	case len(e.Term) > MaxTermLen:
		v.Add("term", "The term must be 80 characters or fewer")
	case len(words(e.Term)) == 0:
		v.Add("term", "The term must contain a word")
	}
	if len(e.Variants) > MaxForms || len(e.Except) > MaxForms {
		v.Add("variants", "Enter 20 phrases or fewer")
	}
	for _, x := range append(append([]string{}, e.Variants...), e.Except...) {
		if len(words(x)) == 0 || len(x) > MaxTermLen {
			v.Add("variants", "Each phrase must contain a word and be 80 characters or fewer")
		}
	}
	if strings.TrimSpace(e.Why) == "" {
		v.Add("why", "Enter why the phrase can harm")
	} else if len(e.Why) > MaxTextLen {
		v.Add("why", "Why it harms must be 1000 characters or fewer")
	}
	if len(e.Alternatives) == 0 {
		v.Add("alternatives", "Enter at least one alternative")
	}
	for _, a := range e.Alternatives {
		if len(a) > MaxTextLen {
			v.Add("alternatives", "Each alternative must be 1000 characters or fewer")
		}
	}
	if strings.TrimSpace(e.Source) == "" {
		v.Add("source", "Enter the source of the guidance")
	} else if len(e.Source) > MaxTextLen {
		v.Add("source", "The source must be 1000 characters or fewer")
	}
	return v.Err()
}

// ErrInvalidText is returned for text the checker cannot read as UTF-8.
var ErrInvalidText = errors.New("the text is not valid UTF-8")
