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

// ReferralRoutes are the kinds of referrer a service may accept.
var ReferralRoutes = []string{"gp", "talking-therapies", "secondary", "crisis", "ae-liaison", "voluntary", "social-care", "housing", "self"}

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
	ID           string
	Name         string
	Organization string
	Description  string
	Tier         string
	Localities   []string // empty: the whole region
	MinAge       *int
	MaxAge       *int
	SelfReferral bool
	// ReferralRoutes are who may refer: gp, talking-therapies, secondary,
	// crisis, ae-liaison, voluntary, social-care, housing, self.
	ReferralRoutes []string
	// Eligibility is the allowed values per dimension; an absent dimension
	// means any value.
	Eligibility map[string][]string
	// Purpose lists the rules (dimensions of DimensionOrder) that say who
	// the service exists for, such as a housing service's housing rule or
	// a youth service's ages; every other rule is a threshold. Only
	// thresholds are suggested for relaxing.
	Purpose              []string
	Offer                []string
	TypicalDurationWeeks int
	WaitWeeks            int
	Capacity             int // people the service can hold at once; 0 unknown
	Contact              Contact
	GoodPractice         []string
	Barriers             []string
	Version              int
}

// Contact is how people and referrers reach a service.
type Contact struct {
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	URL     string `json:"url,omitempty"`
	Address string `json:"address,omitempty"`
	Hours   string `json:"hours,omitempty"`
}

// Crisis reports whether the service is a crisis service, which does not
// count as a place to be held when deciding whether a profile is in the gap.
func (s *Service) Crisis() bool { return s.Tier == "crisis" }

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
	for _, d := range s.Purpose {
		if !slices.Contains(DimensionOrder, d) {
			v.Add("purpose", "Purpose rule "+d+" is not one of "+strings.Join(DimensionOrder, ", "))
		}
	}
	if s.WaitWeeks < 0 || s.TypicalDurationWeeks < 0 {
		v.Add("wait_weeks", "Weeks cannot be negative")
	}
	if s.Capacity < 0 {
		v.Add("capacity", "Capacity cannot be negative")
	}
	for _, a := range []*int{s.MinAge, s.MaxAge} {
		if a != nil && (*a < 0 || *a > 130) {
			v.Add("min_age", "Ages must be between 0 and 130")
		}
	}
	for _, r := range s.ReferralRoutes {
		if !slices.Contains(ReferralRoutes, r) {
			v.Add("referral_routes", "Referral route "+r+" is not one of "+strings.Join(ReferralRoutes, ", "))
		}
	}
	for _, l := range s.Localities {
		if strings.TrimSpace(l) == "" {
			v.Add("localities", "Locality codes cannot be blank")
		}
	}
	if len(s.Name) > 200 || len(s.Organization) > 200 || len(s.Description) > 4000 {
		v.Add("name", "Name and organisation must be under 200 characters, description under 4000")
	}
	return v.Err()
}

// IsPurpose reports whether the service's rule on dim says who it exists
// for rather than being a threshold.
func (s *Service) IsPurpose(dim string) bool { return slices.Contains(s.Purpose, dim) }
