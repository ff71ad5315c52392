package directory

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Changes describes, field by field, how after differs from before, in
// words a team manager reads in the change history.
func Changes(before, after Service) []string {
	var out []string
	str := func(name, a, b string) {
		if a != b {
			out = append(out, fmt.Sprintf("%s: %s → %s", name, orDash(a), orDash(b)))
		}
	}
	list := func(name string, a, b []string) {
		if !slices.Equal(a, b) {
			out = append(out, fmt.Sprintf("%s: %s → %s", name, orDash(strings.Join(a, ", ")), orDash(strings.Join(b, ", "))))
		}
	}
	num := func(name string, a, b int) {
		if a != b {
			out = append(out, fmt.Sprintf("%s: %d → %d", name, a, b))
		}
	}
	age := func(p *int) string {
		if p == nil {
			return ""
		}
		return fmt.Sprint(*p)
	}
	str("name", before.Name, after.Name)
	str("organisation", before.Organization, after.Organization)
	str("description", before.Description, after.Description)
	str("tier", before.Tier, after.Tier)
	list("localities", before.Localities, after.Localities)
	str("minimum age", age(before.MinAge), age(after.MinAge))
	str("maximum age", age(before.MaxAge), age(after.MaxAge))
	if before.SelfReferral != after.SelfReferral {
		out = append(out, fmt.Sprintf("self-referral: %v → %v", before.SelfReferral, after.SelfReferral))
	}
	list("referral routes", before.ReferralRoutes, after.ReferralRoutes)
	dims := map[string]bool{}
	for d := range before.Eligibility {
		dims[d] = true
	}
	for d := range after.Eligibility {
		dims[d] = true
	}
	keys := make([]string, 0, len(dims))
	for d := range dims {
		keys = append(keys, d)
	}
	sort.Strings(keys)
	for _, d := range keys {
		a, b := before.Eligibility[d], after.Eligibility[d]
		if !slices.Equal(a, b) {
			out = append(out, fmt.Sprintf("eligibility %s: %s → %s", strings.ReplaceAll(d, "_", " "), anyIfEmpty(a), anyIfEmpty(b)))
		}
	}
	list("purpose rules", before.Purpose, after.Purpose)
	list("offer", before.Offer, after.Offer)
	num("typical duration (weeks)", before.TypicalDurationWeeks, after.TypicalDurationWeeks)
	num("wait (weeks)", before.WaitWeeks, after.WaitWeeks)
	num("capacity", before.Capacity, after.Capacity)
	if before.Contact != after.Contact {
		out = append(out, "contact details changed")
	}
	list("good practice", before.GoodPractice, after.GoodPractice)
	list("known barriers", before.Barriers, after.Barriers)
	return out
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func anyIfEmpty(v []string) string {
	if len(v) == 0 {
		return "any"
	}
	return strings.Join(v, ", ")
}
