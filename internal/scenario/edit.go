package scenario

import (
	"fmt"
	"slices"
	"strings"

	"throughline/internal/directory"
)

// Diff is the change that turns before's rules (eligibility, ages,
// localities, tier) into after's; other fields are not part of a
// scenario. An empty change (Empty true) means the rules are the same.
func Diff(before, after directory.Service) Change {
	c := Change{Service: before.ID}
	for _, dim := range directory.DimensionOrder {
		if _, ok := directory.Dimensions[dim]; !ok {
			continue
		}
		a, b := before.Eligibility[dim], after.Eligibility[dim]
		if sameSet(a, b) {
			continue
		}
		if c.Eligibility == nil {
			c.Eligibility = map[string][]string{}
		}
		if len(b) == 0 {
			c.Eligibility[dim] = nil
		} else {
			c.Eligibility[dim] = slices.Clone(b)
		}
	}
	if !sameAge(before.MinAge, after.MinAge) {
		c.MinAge = Set[*int]{Set: true, Value: after.MinAge}
	}
	if !sameAge(before.MaxAge, after.MaxAge) {
		c.MaxAge = Set[*int]{Set: true, Value: after.MaxAge}
	}
	if !sameSet(before.Localities, after.Localities) {
		c.Localities = Set[[]string]{Set: true, Value: slices.Clone(after.Localities)}
	}
	if before.Tier != after.Tier {
		c.Tier = Set[string]{Set: true, Value: after.Tier}
	}
	return c
}

// Empty reports whether c changes nothing.
func (c Change) Empty() bool {
	return len(c.Eligibility) == 0 && !c.MinAge.Set && !c.MaxAge.Set && !c.Localities.Set && !c.Tier.Set
}

// With returns the scenario with c as its only change to c.Service,
// replacing any earlier one; an empty c removes the service's change.
// Other services' changes keep their order.
func (sc Scenario) With(c Change) Scenario {
	out := Scenario{}
	placed := false
	for _, old := range sc.Changes {
		if old.Service != c.Service {
			out.Changes = append(out.Changes, old)
			continue
		}
		if !placed && !c.Empty() {
			out.Changes = append(out.Changes, c)
		}
		placed = true
	}
	if !placed && !c.Empty() {
		out.Changes = append(out.Changes, c)
	}
	return out
}

// Change returns the scenario's change to service id, if it has one.
func (sc Scenario) Change(id string) (Change, bool) {
	for _, c := range sc.Changes {
		if c.Service == id {
			return c, true
		}
	}
	return Change{}, false
}

// Describe words a change as a person reads it, one rule a line, against
// the service as it is now: "Engagement: able, variable → able, variable,
// chaotic".
func Describe(c Change, now directory.Service) []string {
	after, err := Scenario{Changes: []Change{c}}.Apply([]directory.Service{now})
	if err != nil {
		return []string{"This change no longer fits the service: " + err.Error()}
	}
	var out []string
	for _, dim := range directory.DimensionOrder {
		if _, ok := directory.Dimensions[dim]; !ok {
			continue
		}
		if _, ok := c.Eligibility[dim]; ok {
			out = append(out, fmt.Sprintf("%s: %s → %s", dimWord(dim), directory.RuleText(&now, dim), directory.RuleText(&after[0], dim)))
		}
	}
	if c.MinAge.Set || c.MaxAge.Set {
		out = append(out, fmt.Sprintf("Age: %s → %s", directory.RuleText(&now, "age"), directory.RuleText(&after[0], "age")))
	}
	if c.Localities.Set {
		out = append(out, fmt.Sprintf("Localities: %s → %s", directory.RuleText(&now, "locality"), directory.RuleText(&after[0], "locality")))
	}
	if c.Tier.Set {
		out = append(out, fmt.Sprintf("Tier: %s → %s", now.Tier, after[0].Tier))
	}
	return out
}

func dimWord(dim string) string {
	w := strings.ReplaceAll(dim, "_", " ")
	return strings.ToUpper(w[:1]) + w[1:]
}

func sameSet(a, b []string) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(v string) bool { return !slices.Contains(b, v) })
}

func sameAge(a, b *int) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
