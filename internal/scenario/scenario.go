// Package scenario describes proposed changes to services' rules, not yet
// live, and replays real journeys against the directory with and without
// them: who that fell through would have had somewhere to go, and where the
// demand would land. Pure Go: no SQL, no HTTP.
package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"throughline/internal/directory"
	"throughline/internal/problem"
)

// Set is a field a change replaces: Set false leaves the service's own.
type Set[T any] struct {
	Set   bool
	Value T
}

// Change replaces some of one service's rules.
type Change struct {
	Service string
	// Eligibility replaces dimensions one by one; a nil list removes the
	// dimension's rule (any value accepted).
	Eligibility map[string][]string
	MinAge      Set[*int] // nil Value: no minimum
	MaxAge      Set[*int] // nil Value: no maximum
	Localities  Set[[]string]
	Tier        Set[string]
}

// Scenario is a set of proposed changes.
type Scenario struct{ Changes []Change }

// MaxBytes bounds a scenario file.
const MaxBytes = 1 << 20

var changeFields = []string{"service", "eligibility", "min_age", "max_age", "localities", "tier"}

// Parse reads a scenario and checks it against services: an unknown
// service, field, dimension or value is an error naming where it is.
// Every problem is reported at once.
func Parse(data []byte, services []directory.Service) (Scenario, error) {
	var sc Scenario
	if len(data) > MaxBytes {
		return sc, problem.Errorf(problem.Invalid, "scenario is larger than %d KiB", MaxBytes>>10)
	}
	var top map[string]json.RawMessage
	if err := strictDecode(data, &top); err != nil {
		return sc, problem.Errorf(problem.Invalid, `scenario: not a JSON object like {"changes":[...]}: %s`, err)
	}
	for k := range top {
		if k != "changes" {
			return sc, problem.Errorf(problem.Invalid, "scenario: unknown field %q (expected changes)", k)
		}
	}
	var raws []map[string]json.RawMessage
	if err := strictDecode(top["changes"], &raws); err != nil || raws == nil {
		return sc, problem.Errorf(problem.Invalid, `scenario: "changes" must be a list of {"service":..., ...}`)
	}
	var errs []string
	for i, raw := range raws {
		c, cerrs := parseChange(raw)
		for _, e := range cerrs {
			errs = append(errs, fmt.Sprintf("changes[%d]: %s", i, e))
		}
		if len(cerrs) == 0 {
			sc.Changes = append(sc.Changes, c)
		}
	}
	if len(errs) == 0 {
		if _, err := sc.Apply(services); err != nil {
			return Scenario{}, err
		}
		return sc, nil
	}
	return Scenario{}, problem.Errorf(problem.Invalid, "scenario: %s", strings.Join(errs, "; "))
}

func parseChange(raw map[string]json.RawMessage) (Change, []string) {
	var c Change
	var errs []string
	for k := range raw {
		if !slices.Contains(changeFields, k) {
			errs = append(errs, fmt.Sprintf("unknown field %q (fields are %s)", k, strings.Join(changeFields, ", ")))
		}
	}
	if err := strictDecode(raw["service"], &c.Service); err != nil || strings.TrimSpace(c.Service) == "" {
		errs = append(errs, `"service" must name a service by its id`)
	}
	if v, ok := raw["eligibility"]; ok {
		var elig map[string]*[]string
		if err := strictDecode(v, &elig); err != nil || elig == nil {
			errs = append(errs, `"eligibility" must be an object of dimension: [values] or null`)
		}
		c.Eligibility = map[string][]string{}
		for dim, vals := range elig {
			if _, ok := directory.Dimensions[dim]; !ok {
				errs = append(errs, fmt.Sprintf("unknown eligibility dimension %q", dim))
				continue
			}
			if vals == nil {
				c.Eligibility[dim] = nil
			} else {
				c.Eligibility[dim] = orEmpty(*vals)
			}
		}
	}
	for _, f := range []struct {
		name string
		dst  *Set[*int]
	}{{"min_age", &c.MinAge}, {"max_age", &c.MaxAge}} {
		if v, ok := raw[f.name]; ok {
			f.dst.Set = true
			if err := strictDecode(v, &f.dst.Value); err != nil {
				errs = append(errs, fmt.Sprintf("%q must be a whole number or null", f.name))
			}
		}
	}
	if v, ok := raw["localities"]; ok {
		c.Localities.Set = true
		if err := strictDecode(v, &c.Localities.Value); err != nil {
			errs = append(errs, `"localities" must be a list of locality codes or null`)
		}
	}
	if v, ok := raw["tier"]; ok {
		c.Tier.Set = true
		if err := strictDecode(v, &c.Tier.Value); err != nil || c.Tier.Value == "" {
			errs = append(errs, `"tier" must be one of `+strings.Join(directory.Tiers, ", "))
		}
	}
	slices.Sort(errs)
	return c, errs
}

// strictDecode decodes one JSON value, refusing anything after it.
func strictDecode(data []byte, v any) error {
	if len(data) == 0 {
		return fmt.Errorf("missing")
	}
	d := json.NewDecoder(bytes.NewReader(data))
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return fmt.Errorf("unexpected data after the value")
	}
	return nil
}

// Apply returns a copy of services with the changes made, in the same
// order; an unknown service or a rule the directory does not allow is an
// error. services is not modified.
func (sc Scenario) Apply(services []directory.Service) ([]directory.Service, error) {
	out := slices.Clone(services)
	index := make(map[string]int, len(out))
	for i := range out {
		index[out[i].ID] = i
	}
	var errs []string
	for n, c := range sc.Changes {
		i, ok := index[c.Service]
		if !ok {
			errs = append(errs, fmt.Sprintf("changes[%d]: unknown service %q", n, c.Service))
			continue
		}
		s := out[i]
		if len(c.Eligibility) > 0 {
			elig := make(map[string][]string, len(s.Eligibility)+len(c.Eligibility))
			for d, v := range s.Eligibility {
				elig[d] = v
			}
			for d, v := range c.Eligibility {
				if v == nil {
					delete(elig, d)
				} else {
					elig[d] = slices.Clone(v)
				}
			}
			s.Eligibility = elig
		}
		if c.MinAge.Set {
			s.MinAge = c.MinAge.Value
		}
		if c.MaxAge.Set {
			s.MaxAge = c.MaxAge.Value
		}
		if c.Localities.Set {
			s.Localities = slices.Clone(c.Localities.Value)
		}
		if c.Tier.Set {
			s.Tier = c.Tier.Value
		}
		if err := s.Validate(); err != nil {
			for _, fp := range problem.Problems(err) {
				errs = append(errs, fmt.Sprintf("changes[%d] (%s): %s", n, c.Service, fp.Message))
			}
		}
		out[i] = s
	}
	if len(errs) > 0 {
		return nil, problem.Errorf(problem.Invalid, "scenario: %s", strings.Join(errs, "; "))
	}
	return out, nil
}

// MarshalJSON writes the scenario in the form Parse reads.
func (sc Scenario) MarshalJSON() ([]byte, error) {
	changes := make([]map[string]any, 0, len(sc.Changes))
	for _, c := range sc.Changes {
		m := map[string]any{"service": c.Service}
		if len(c.Eligibility) > 0 {
			m["eligibility"] = c.Eligibility
		}
		if c.MinAge.Set {
			m["min_age"] = c.MinAge.Value
		}
		if c.MaxAge.Set {
			m["max_age"] = c.MaxAge.Value
		}
		if c.Localities.Set {
			m["localities"] = c.Localities.Value
		}
		if c.Tier.Set {
			m["tier"] = c.Tier.Value
		}
		changes = append(changes, m)
	}
	return json.Marshal(map[string]any{"changes": changes})
}

func orEmpty(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}
