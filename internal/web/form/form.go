// Package form reads posted HTML forms for the web handlers: text, lines,
// whole numbers, dates, UK local times, ids and the record version. Each
// reader records a problem against its field, so that one call to Err gives
// the error summary and the messages beside each field, in the order the
// form asked for them. It knows nothing of HTTP handlers or templates.
package form

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"throughline/internal/problem"
	"throughline/internal/uktime"
)

// Form is a posted form being read.
type Form struct {
	values map[string][]string
	errs   problem.Validation
}

// Read starts reading values (r.PostForm or r.Form).
func Read(values map[string][]string) *Form { return &Form{values: values} }

// Values returns the raw values the form was read from.
func (f *Form) Values() map[string][]string { return f.values }

func (f *Form) get(name string) string {
	if vs := f.values[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Add records a problem with a field; the first problem per field wins.
func (f *Form) Add(field, message string) { f.errs.Add(field, message) }

// Err is nil when every field read well, else an Invalid error listing
// every problem.
func (f *Form) Err() error { return f.errs.Err() }

// With joins the problems found reading the form with err (from the
// domain or the store): the form's problems first. A non-field error
// (not found, conflict, internal) is returned as it is when the form itself
// read well.
func (f *Form) With(err error) error {
	if err == nil {
		return f.Err()
	}
	for field, msg := range problem.Fields(err) {
		f.errs.Add(field, msg)
	}
	if f.Err() == nil {
		return err
	}
	return problem.Merge(f.Err(), err)
}

// Text reads a text value, trimmed, with browsers' CRLF line ends made plain.
func (f *Form) Text(name string) string {
	return strings.TrimSpace(strings.ReplaceAll(f.get(name), "\r\n", "\n"))
}

// Secret reads a value exactly as typed, untrimmed: a space at either end
// of a password is part of it.
func (f *Form) Secret(name string) string { return f.get(name) }

// Required reads a text value and records message when it is blank.
func (f *Form) Required(name, message string) string {
	s := f.Text(name)
	if s == "" {
		f.Add(name, message)
	}
	return s
}

// Lines reads a one-item-a-line textarea, dropping blank lines.
func (f *Form) Lines(name string) []string {
	var out []string
	for _, l := range strings.Split(f.Text(name), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// List reads a repeated field (checkboxes, a multiple select), trimmed,
// without blanks or repeats, in the order sent.
func (f *Form) List(name string) []string {
	var out []string
	for _, v := range f.values[name] {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// Column reads a repeated field position by position (the rows of a
// table of inputs), trimmed, blanks kept, so that the i-th values of
// several columns belong together.
func (f *Form) Column(name string) []string {
	out := make([]string, len(f.values[name]))
	for i, v := range f.values[name] {
		out[i] = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
	}
	return out
}

// OptionalInt reads a whole number; blank is nil, anything else that is not
// a whole number records message.
func (f *Form) OptionalInt(name, message string) *int {
	s := strings.TrimSpace(f.get(name))
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.Add(name, message)
		return nil
	}
	return &n
}

// Whole reads a whole number without recording any problem, for a value
// whose problem is worded elsewhere (a date in three boxes, a limit the
// domain checks); ok is false when it is blank or not a whole number.
func (f *Form) Whole(name string) (n int, ok bool) {
	n, err := strconv.Atoi(strings.TrimSpace(f.get(name)))
	if err != nil {
		return 0, false
	}
	return n, true
}

// Int reads a whole number; blank is 0.
func (f *Form) Int(name, message string) int {
	if p := f.OptionalInt(name, message); p != nil {
		return *p
	}
	return 0
}

// Date reads a YYYY-MM-DD date input; blank is the zero time, anything else
// that is not a real date records message.
func (f *Form) Date(name, message string) time.Time {
	t, ok := ParseDate(f.get(name))
	if !ok {
		f.Add(name, message)
	}
	return t
}

// ParseDate reads one YYYY-MM-DD value, such as a cell in a row of
// inputs: blank is the zero time; ok is false when it is not a real date.
func ParseDate(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// Time reads a date field and an HH:MM field typed in UK local time and
// returns the instant in UTC. A blank date is the zero time; a blank clock
// is midnight. A problem is recorded against the date field.
func (f *Form) Time(dateField, clockField, message string) time.Time {
	d, c := strings.TrimSpace(f.get(dateField)), strings.TrimSpace(f.get(clockField))
	if d == "" && c == "" {
		return time.Time{}
	}
	if c == "" {
		c = "00:00"
	}
	t, ok := uktime.Parse(d, c)
	if !ok {
		f.Add(dateField, message)
	}
	return t
}

// ID reads a record id chosen from a list; blank is 0, anything but a
// positive whole number records message.
func (f *Form) ID(name, message string) int64 {
	s := strings.TrimSpace(f.get(name))
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		f.Add(name, message)
		return 0
	}
	return id
}

// IDs reads a repeated id field, ignoring blanks and repeats.
func (f *Form) IDs(name, message string) []int64 {
	var out []int64
	for _, s := range f.List(name) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			f.Add(name, message)
			continue
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// VersionField is the hidden field every edit form carries with the version
// of the record it was drawn from.
const VersionField = "version"

// Version reads the record version the form was drawn from. A missing
// field is 0 (a new record); anything that is not a whole number is
// recorded as a problem, since only a tampered form sends one.
func (f *Form) Version() int {
	s := strings.TrimSpace(f.get(VersionField))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		f.Add(VersionField, "This form could not be read. Reload the page and try again.")
		return 0
	}
	return n
}
