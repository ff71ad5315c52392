// Package directory describes the services in a local area and the
// thresholds they use, as data the gap engine can compute over. Pure Go.
package directory

import (
	"slices"
	"strings"

	"throughline/internal/problem"
)

// Tiers a service can belong to (DESIGN.md).
var Tiers = []string{
	"primary", "talking-therapies", "secondary", "specialist-cen", "voluntary",
	"trauma", "crisis", "social-care", "housing", "substance-use",
}

// Dimensions of a person's presentation that services use as thresholds,
// with their allowed values. Age and locality are handled separately.
var Dimensions = map[string][]string{
	"risk":            {"low", "moderate", "high", "very-high"},
	"engagement":      {"able", "variable", "chaotic"},
	"diagnosis":       {"none", "uncertain", "cen"},
	"complexity":      {"single", "multiple", "complex-trauma"},
	"substance_use":   {"none", "co-occurring", "primary"},
	"housing":         {"settled", "unstable", "homeless"},
	"duration_needed": {"short", "long"},
}

// Locality is an area of the region served by some services.
type Locality struct {
	Code string
	Name string
}

// Service is a team or organisation in the directory.
type Service struct {
	ID                   string
	Name                 string
	Organization         string
	Tier                 string
	Localities           []string
	MinAge               *int
	MaxAge               *int
	SelfReferral         bool
	Eligibility          map[string][]string
	Offer                []string
	TypicalDurationWeeks int
	WaitWeeks            int
	Version              int
}

// Validate checks the service against the directory's vocabulary.
func (s *Service) Validate() error {
	var v problem.Validation
	s.ID = strings.TrimSpace(s.ID)
	s.Name = strings.TrimSpace(s.Name)
	if s.ID == "" {
		v.Add("id", "Enter a service id")
	} else if strings.ContainsAny(s.ID, " /?#") {
		v.Add("id", "Service id may not contain spaces or / ? #")
	}
	if s.Name == "" {
		v.Add("name", "Enter a service name")
	}
	if !slices.Contains(Tiers, s.Tier) {
		v.Add("tier", "Tier must be one of "+strings.Join(Tiers, ", "))
	}
	if s.MinAge != nil && s.MaxAge != nil && *s.MinAge > *s.MaxAge {
		v.Add("max_age", "Maximum age is below minimum age")
	}
	for dim, vals := range s.Eligibility {
		allowed, ok := Dimensions[dim]
		if !ok {
			v.Add("eligibility."+dim, "Unknown eligibility dimension "+dim)
			continue
		}
		for _, val := range vals {
			if !slices.Contains(allowed, val) {
				v.Add("eligibility."+dim, "Eligibility "+dim+" has unknown value "+val)
			}
		}
	}
	if s.WaitWeeks < 0 || s.TypicalDurationWeeks < 0 {
		v.Add("wait_weeks", "Weeks cannot be negative")
	}
	return v.Err()
}
