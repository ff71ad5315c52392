package directory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"throughline/internal/problem"
)

// DimensionOrder lists every profile dimension in the order DESIGN.md gives
// them; failed rules are always reported in this order.
var DimensionOrder = []string{"risk", "engagement", "diagnosis", "complexity", "age", "locality", "substance_use", "housing", "duration_needed"}

// categorical are the dimensions with a fixed vocabulary, in DimensionOrder.
var categorical = []string{"risk", "engagement", "diagnosis", "complexity", "substance_use", "housing", "duration_needed"}

// AnyLocality in a profile matches every service's locality rule.
const AnyLocality = "any"

// Profile is a person's presentation on the dimensions services use as
// thresholds. It holds no identifying information.
type Profile struct {
	Risk           string
	Engagement     string
	Diagnosis      string
	Complexity     string
	Age            int
	Locality       string
	SubstanceUse   string
	Housing        string
	DurationNeeded string
}

// DefaultProfile fills every dimension except the grid's default axes
// (risk and engagement), as DESIGN.md specifies.
func DefaultProfile() Profile {
	return Profile{Diagnosis: "uncertain", Complexity: "multiple", Age: 30, Locality: AnyLocality,
		SubstanceUse: "none", Housing: "settled", DurationNeeded: "long"}
}

func (p *Profile) field(dim string) *string {
	switch dim {
	case "risk":
		return &p.Risk
	case "engagement":
		return &p.Engagement
	case "diagnosis":
		return &p.Diagnosis
	case "complexity":
		return &p.Complexity
	case "locality":
		return &p.Locality
	case "substance_use":
		return &p.SubstanceUse
	case "housing":
		return &p.Housing
	case "duration_needed":
		return &p.DurationNeeded
	}
	return nil
}

// Get returns the profile's value on dim as text.
func (p Profile) Get(dim string) string {
	if dim == "age" {
		return strconv.Itoa(p.Age)
	}
	if f := p.field(dim); f != nil {
		return *f
	}
	return ""
}

// Set changes one dimension, checking the value against the vocabulary.
func (p *Profile) Set(dim, value string) error {
	value = strings.TrimSpace(value)
	switch dim {
	case "age":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 || n > 130 {
			return problem.Errorf(problem.Invalid, "age must be a whole number from 0 to 130, not %q", value)
		}
		p.Age = n
		return nil
	case "locality":
		if value == "" || len(value) > 50 || strings.ContainsAny(value, ",= ") {
			return problem.Errorf(problem.Invalid, "locality must be an area code or %q", AnyLocality)
		}
		p.Locality = value
		return nil
	}
	allowed, ok := Dimensions[dim]
	if !ok {
		return problem.Errorf(problem.Invalid, "unknown dimension %q; dimensions are %s", dim, strings.Join(DimensionOrder, ", "))
	}
	if !slices.Contains(allowed, value) {
		return problem.Errorf(problem.Invalid, "%s must be one of %s, not %q", dim, strings.Join(allowed, ", "), value)
	}
	*p.field(dim) = value
	return nil
}

// ParseProfile applies "dim=value,dim=value" to base. Every problem is
// reported at once.
func ParseProfile(s string, base Profile) (Profile, error) {
	p := base
	var errs []string
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		dim, val, ok := strings.Cut(part, "=")
		dim = strings.TrimSpace(dim)
		if !ok {
			errs = append(errs, fmt.Sprintf("%q is not dimension=value", part))
			continue
		}
		if seen[dim] {
			errs = append(errs, fmt.Sprintf("%s is given twice", dim))
			continue
		}
		seen[dim] = true
		if err := p.Set(dim, val); err != nil {
			errs = append(errs, problem.Message(err))
		}
	}
	if len(errs) > 0 {
		return base, problem.Errorf(problem.Invalid, "profile: %s", strings.Join(errs, "; "))
	}
	return p, nil
}

// Missing lists the dimensions that have no value yet.
func (p Profile) Missing() []string {
	var out []string
	for _, d := range DimensionOrder {
		if d != "age" && p.Get(d) == "" {
			out = append(out, d)
		}
	}
	return out
}

// String is the profile in the form ParseProfile reads.
func (p Profile) String() string {
	parts := make([]string, 0, len(DimensionOrder))
	for _, d := range DimensionOrder {
		parts = append(parts, d+"="+p.Get(d))
	}
	return strings.Join(parts, ",")
}

// GridValues are the values a grid axis takes on dim. Age uses ages where
// services' thresholds commonly fall; locality uses the areas services name.
func GridValues(dim string, services []Service) ([]string, error) {
	switch dim {
	case "age":
		return []string{"16", "17", "18", "25", "40", "64", "65", "80"}, nil
	case "locality":
		set := map[string]bool{}
		for _, s := range services {
			for _, l := range s.Localities {
				set[l] = true
			}
		}
		out := make([]string, 0, len(set))
		for l := range set {
			out = append(out, l)
		}
		slices.Sort(out)
		return out, nil
	}
	v, ok := Dimensions[dim]
	if !ok {
		return nil, problem.Errorf(problem.Invalid, "unknown dimension %q; dimensions are %s", dim, strings.Join(DimensionOrder, ", "))
	}
	return v, nil
}
