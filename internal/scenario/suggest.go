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
// directory's order. Closed is Replay's Closed for the one change.
//
// Who fell through, and with which profile, does not depend on the
// change, so the journeys are walked once, not once per suggestion (at
// scale 75 a gap cell's twelve suggestions took 5 s as twelve replays):
// each suggestion then judges only the distinct profiles that were in the
// rules gap at baseline.
func Rank(in journey.Input, services []directory.Service, misses []directory.NearMiss, p directory.Profile, asOf time.Time) ([]Suggestion, error) {
	rp := newReplay(services, services)
	cutoff := asOf.Unix()
	fell := map[string]int{}
	eachPerson(in, cutoff, func(person []*journey.Referral, episodes []int64) {
		if gap, _ := rp.fellThrough(person, episodes, cutoff); gap != nil {
			fell[gap.Profile]++
		}
	})
	type inGap struct {
		p      directory.Profile
		people int
	}
	var gaps []inGap
	for profile, people := range fell {
		if v := rp.verdict(profile); v.baseGap {
			gp, _ := completeProfile(profile)
			gaps = append(gaps, inGap{gp, people})
		}
	}
	var out []Suggestion
	for _, m := range misses {
		if m.Change == "" {
			continue
		}
		c := ChangeFor(m.Service, p, m.Dimension)
		scen, err := Scenario{Changes: []Change{c}}.Apply(services)
		if err != nil {
			return nil, err
		}
		rules := directory.NewEngine(scen)
		closed := 0
		for _, g := range gaps {
			if _, gap := rules.Accepting(g.p); !gap {
				closed += g.people
			}
		}
		out = append(out, Suggestion{Miss: m, Change: c, Closed: closed})
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int { return cmp.Compare(b.Closed, a.Closed) })
	return out, nil
}
