package openreferral

import (
	"fmt"
	"strings"

	"throughline/internal/directory"
)

// EligibilityDescription words a service's rules in plain English for
// people reading another directory: who it is for, where, and who may
// refer. Dimensions with no rule are left out.
func EligibilityDescription(s directory.Service, localities map[string]string) string {
	var parts []string
	if s.MinAge != nil || s.MaxAge != nil {
		parts = append(parts, "Ages "+lowerFirst(directory.AgeText(s.MinAge, s.MaxAge))+".")
	}
	if len(s.Localities) > 0 {
		parts = append(parts, "Lives in "+joinOr(localityNames(s.Localities, localities))+".")
	}
	for _, dim := range directory.DimensionOrder {
		vals := s.Eligibility[dim]
		if len(vals) == 0 {
			continue
		}
		plain := make([]string, len(vals))
		for i, v := range vals {
			plain[i] = strings.ReplaceAll(v, "-", " ")
		}
		parts = append(parts, words(dim)+": "+joinOr(plain)+".")
	}
	if len(parts) == 0 {
		return "Open to anyone in the region."
	}
	return strings.Join(parts, " ")
}

func applicationProcess(s directory.Service) string {
	var parts []string
	if s.SelfReferral {
		parts = append(parts, "You can refer yourself.")
	}
	if len(s.ReferralRoutes) > 0 {
		routes := make([]string, len(s.ReferralRoutes))
		for i, r := range s.ReferralRoutes {
			routes[i] = routeWords[r]
			if routes[i] == "" {
				routes[i] = r
			}
		}
		parts = append(parts, "Referrals are accepted from "+joinOr(routes)+".")
	}
	return strings.Join(parts, " ")
}

var routeWords = map[string]string{
	"gp": "a GP", "talking-therapies": "NHS Talking Therapies", "secondary": "secondary mental health services",
	"crisis": "crisis services", "ae-liaison": "A&E liaison", "voluntary": "voluntary sector services",
	"social-care": "social care", "housing": "housing services", "self": "the person themselves",
}

func waitTime(weeks int) string {
	switch weeks {
	case 0:
		return ""
	case 1:
		return "About 1 week"
	}
	return fmt.Sprintf("About %d weeks", weeks)
}

func localityNames(codes []string, names map[string]string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c
		if n := names[c]; n != "" {
			out[i] = n
		}
	}
	return out
}

func joinOr(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
