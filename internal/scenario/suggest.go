package scenario

import (
	"cmp"
	"slices"
	"time"

	"throughline/internal/directory"
	"throughline/internal/journey"
)

// Suggestion is one threshold relaxation that would close a gap for a
// profile, with how many real people who fell through it would have
// closed.
type Suggestion struct {
	Miss   directory.NearMiss
	Change Change
	Closed int
}

// ChangeFor is the scenario change that relaxes s's rule on dim just
// enough to accept p.
func ChangeFor(s *directory.Service, p directory.Profile, dim string) Change {
	c := Change{Service: s.ID}
	switch dim {
	case "age":
		age := p.Age
		if s.MinAge != nil && p.Age < *s.MinAge {
			c.MinAge = Set[*int]{Set: true, Value: &age}
		} else {
			c.MaxAge = Set[*int]{Set: true, Value: &age}
		}
	case "locality":
		c.Localities = Set[[]string]{Set: true, Value: append(slices.Clone(s.Localities), p.Locality)}
	default:
		c.Eligibility = map[string][]string{dim: append(slices.Clone(s.Eligibility[dim]), p.Get(dim))}
	}
	return c
}

// Rank turns a profile's one-change near misses (which already leave out
// purpose rules) into suggestions, ranked by how many people in in who
// fell through each would have closed, most first; ties keep the
// directory's order.
func Rank(in journey.Input, services []directory.Service, misses []directory.NearMiss, p directory.Profile, asOf time.Time) ([]Suggestion, error) {
	var out []Suggestion
	for _, m := range misses {
		if m.Change == "" {
			continue
		}
		c := ChangeFor(m.Service, p, m.Dimension)
		res, err := Replay(in, services, Scenario{Changes: []Change{c}}, asOf)
		if err != nil {
			return nil, err
		}
		out = append(out, Suggestion{Miss: m, Change: c, Closed: res.Closed})
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int { return cmp.Compare(b.Closed, a.Closed) })
	return out, nil
}
