package fhir

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Param is a search parameter a resource type supports.
type Param struct {
	Name          string
	Type          string // token, date, reference, string
	Documentation string
}

// Common search parameters.
var (
	ParamID          = Param{"_id", "token", "The logical id of the resource."}
	ParamLastUpdated = Param{"_lastUpdated", "date", "When the resource last changed (eq, lt, le, gt, ge prefixes)."}
	ParamPatient     = Param{"patient", "reference", "The person (Patient/id or id). Required unless searching Patient."}
	ParamSubject     = Param{"subject", "reference", "The person (Patient/id or id), as patient."}
	ParamDate        = Param{"date", "date", "The resource's clinical date (eq, lt, le, gt, ge prefixes)."}
	ParamStatus      = Param{"status", "token", "The resource's status code."}
	ParamCode        = Param{"code", "token", "A code, as code or system|code."}
)

// DefaultCount is a page's size when _count is not given.
const DefaultCount = 50

// Search is a parsed search request.
type Search struct {
	Values  url.Values // the search parameters, without control parameters
	Count   int
	Offset  int
	Include []string
}

// SearchError is a bad search request (400 with an OperationOutcome).
type SearchError struct{ Message string }

func (e *SearchError) Error() string { return e.Message }

func badSearch(format string, args ...any) error {
	return &SearchError{Message: fmt.Sprintf(format, args...)}
}

// ParseSearch reads a search's query, refusing any parameter the type
// does not support rather than ignoring it (a client that thinks it
// filtered must not get everyone), and bounding _count by maxCount.
func ParseSearch(q url.Values, params []Param, includes []string, maxCount int) (Search, error) {
	s := Search{Values: url.Values{}, Count: DefaultCount}
	for name, vals := range q {
		switch {
		case name == "_count":
			n, err := strconv.Atoi(vals[0])
			if err != nil || n < 0 || len(vals) > 1 {
				return s, badSearch("_count must be one whole number from 0 to %d", maxCount)
			}
			s.Count = min(n, maxCount)
		case name == "_offset":
			n, err := strconv.Atoi(vals[0])
			if err != nil || n < 0 || len(vals) > 1 {
				return s, badSearch("_offset must be one whole number, 0 or more")
			}
			s.Offset = n
		case name == "_include":
			for _, v := range vals {
				if !slices.Contains(includes, v) {
					return s, badSearch("_include=%s is not supported here; supported: %s", v, listOrNone(includes))
				}
				s.Include = append(s.Include, v)
			}
		case name == "_format":
			for _, v := range vals {
				if v != "json" && v != "application/fhir+json" && v != "application/json" {
					return s, badSearch("Only JSON is served (_format=json)")
				}
			}
		default:
			base, _, _ := strings.Cut(name, ":")
			if !slices.ContainsFunc(params, func(p Param) bool { return p.Name == base }) || base != name {
				return s, badSearch("Search parameter %q is not supported for this resource type", name)
			}
			for _, v := range vals {
				if strings.TrimSpace(v) == "" {
					return s, badSearch("Search parameter %q has no value", name)
				}
			}
			s.Values[name] = vals
		}
	}
	return s, nil
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// DateRange is a date search value as a half-open range of instants,
// with the comparison prefix.
type DateRange struct {
	Prefix   string // eq, ne, lt, le, gt, ge
	From, To time.Time
}

// ParseDate reads a FHIR date search value: an optional prefix and a
// year, month, day or instant, as the range of time it covers.
func ParseDate(v string, loc *time.Location) (DateRange, error) {
	d := DateRange{Prefix: "eq"}
	if len(v) >= 2 && strings.Contains("eq ne lt le gt ge sa eb", v[:2]) && v[0] >= 'a' {
		d.Prefix, v = v[:2], v[2:]
		if d.Prefix == "sa" || d.Prefix == "eb" {
			return d, badSearch("Date prefix %q is not supported; use eq, ne, lt, le, gt or ge", d.Prefix)
		}
	}
	layouts := []struct {
		layout string
		step   func(time.Time) time.Time
	}{
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
	}
	for _, l := range layouts {
		if len(v) != len(l.layout) {
			continue
		}
		t, err := time.ParseInLocation(l.layout, v, loc)
		if err != nil {
			break
		}
		d.From, d.To = t, l.step(t)
		return d, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		d.From, d.To = t, t.Add(time.Second)
		return d, nil
	}
	return d, badSearch("%q is not a FHIR date: use YYYY, YYYY-MM, YYYY-MM-DD or a full date and time with zone", v)
}

// Matches reports whether an instant t falls in the searched range.
func (d DateRange) Matches(t time.Time) bool {
	if t.IsZero() {
		return false
	}
	switch d.Prefix {
	case "ne":
		return t.Before(d.From) || !t.Before(d.To)
	case "lt":
		return t.Before(d.From)
	case "le":
		return t.Before(d.To)
	case "gt":
		return !t.Before(d.To)
	case "ge":
		return !t.Before(d.From)
	}
	return !t.Before(d.From) && t.Before(d.To)
}

// PatientParam reads a patient or subject reference ("123" or
// "Patient/123") as a person id.
func PatientParam(v string) (int64, error) {
	v = strings.TrimPrefix(v, "Patient/")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, badSearch("patient must name a Patient, as Patient/123 or 123")
	}
	return id, nil
}
