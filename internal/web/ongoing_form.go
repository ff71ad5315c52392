package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"throughline/internal/problem"
)

// readDate reads a YYYY-MM-DD field; blank is zero, nonsense an error.
func readDate(v url.Values, field string, errs *problem.Validation, msg string) time.Time {
	s := strings.TrimSpace(v.Get(field))
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		errs.Add(field, msg)
	}
	return t
}

// formDateTime reads a date field and a HH:MM time field as one UTC time.
func formDateTime(v url.Values, dateField, timeField string, errs *problem.Validation) time.Time {
	d, t := strings.TrimSpace(v.Get(dateField)), strings.TrimSpace(v.Get(timeField))
	if d == "" {
		return time.Time{}
	}
	if t == "" {
		t = "00:00"
	}
	at, err := time.Parse("2006-01-02 15:04", d+" "+t)
	if err != nil {
		errs.Add(dateField, "Enter a real date and a time such as 14:30")
	}
	return at
}

// formInt reads a whole number; blank is 0.
func formWhole(v url.Values, field string, errs *problem.Validation, msg string) int {
	s := strings.TrimSpace(v.Get(field))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		errs.Add(field, msg)
	}
	return n
}

// formIDs reads repeated id fields, ignoring blanks.
func formIDs(v url.Values, field string, errs *problem.Validation) []int64 {
	var out []int64
	for _, s := range v[field] {
		if strings.TrimSpace(s) == "" {
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			errs.Add(field, "Choose from the list")
			continue
		}
		out = append(out, id)
	}
	return out
}

// subID reads a second id from the path, such as {aid}.
func subID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, problem.Errorf(problem.NotFound, "That address does not name a record. Check the link and try again.")
	}
	return id, nil
}

// combine merges a form's own problems with the store's, form first.
func combine(form *problem.Validation, err error) error {
	if err == nil {
		return form.Err()
	}
	for f, m := range problem.Fields(err) {
		form.Add(f, m)
	}
	if form.Err() == nil {
		return err
	}
	return form.Err()
}

// field is the message for one field, "" when there is none.
func (e *formErrors) field(name string) string {
	if e == nil {
		return ""
	}
	return e.Fields[name]
}
