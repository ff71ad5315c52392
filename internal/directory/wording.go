package directory

import (
	"fmt"
	"strings"
)

// Words for rules that set no threshold. The directory, screening and the
// gap map all word a service's rules through RuleText, so a rule reads the
// same wherever a person meets it.
const (
	AnyAge      = "Any age"
	AnyValue    = "Any"
	WholeRegion = "Whole region"
)

// AgeText words a service's age rule: "Any age", "18 and over", "Up to 25"
// or "16 to 25".
func AgeText(minAge, maxAge *int) string {
	switch {
	case minAge == nil && maxAge == nil:
		return AnyAge
	case maxAge == nil:
		return fmt.Sprintf("%d and over", *minAge)
	case minAge == nil:
		return fmt.Sprintf("Up to %d", *maxAge)
	}
	return fmt.Sprintf("%d to %d", *minAge, *maxAge)
}

// RuleText words the service's rule on one profile dimension: the age
// range, the localities served (as codes; the page may name them), or the
// allowed values.
func RuleText(s *Service, dim string) string {
	switch dim {
	case "age":
		return AgeText(s.MinAge, s.MaxAge)
	case "locality":
		if len(s.Localities) == 0 {
			return WholeRegion
		}
		return strings.Join(s.Localities, ", ")
	}
	if allowed := s.Eligibility[dim]; len(allowed) > 0 {
		return strings.Join(allowed, ", ")
	}
	return AnyValue
}
