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
func Rank(in journey.Input, services []directory.Service, misses []directory.NearMiss, p directory.Profile, asOf time.Time) ([]Suggestion, error) {
	return RankFellThrough(FellThrough(in, services, asOf), services, misses, p)
}

// FellThrough counts the people in in who fell through by asOf (as Replay
// finds them) by the recorded profile of the decline that left them; those
// with no complete profile are left out. It does not depend on any change
// to the rules, so it is counted once for every suggestion (at scale 75 a
// gap cell's twelve suggestions took 5 s as twelve replays), and a page
// can keep it as a stored aggregate.
func FellThrough(in journey.Input, services []directory.Service, asOf time.Time) map[string]int {
	rp := newReplay(services, services)
	cutoff := asOf.Unix()
	fell := map[string]int{}
	eachPerson(in, cutoff, func(person []*journey.Referral, episodes []int64) {
		if gap, _ := rp.fellThrough(person, episodes, cutoff); gap != nil {
			fell[gap.Profile]++
		}
	})
	return fell
}

// InRulesGap keeps the profiles of fell that no non-crisis service in
// services accepts: the only ones a change to one rule can close, and far
// fewer than all, so a store of the counts for one directory keeps these.
func InRulesGap(fell map[string]int, services []directory.Service) map[string]int {
	rp := newReplay(services, services)
	out := map[string]int{}
	for profile, people := range fell {
		if rp.verdict(profile).baseGap {
			out[profile] = people
		}
	}
	return out
}

// RankFellThrough is Rank from FellThrough's counts: each suggestion
// judges only the distinct profiles that are in the rules gap under
// services.
func RankFellThrough(fell map[string]int, services []directory.Service, misses []directory.NearMiss, p directory.Profile) ([]Suggestion, error) {
	type inGap struct {
		p      directory.Profile
		people int
	}
	var gaps []inGap
	for profile, people := range InRulesGap(fell, services) {
		gp, _ := completeProfile(profile)
		gaps = append(gaps, inGap{gp, people})
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
