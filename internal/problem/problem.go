// Package problem defines the application error used across Throughline:
// a machine-readable code and a message that is safe to show to a person.
// Transport layers map codes to HTTP status in one place.
package problem

import (
	"errors"
	"fmt"
	"strings"
)

// Codes for Error. They describe what went wrong from the caller's side.
const (
	Invalid      = "invalid"      // the input was wrong; the message says how
	NotFound     = "not_found"    // no such record
	Conflict     = "conflict"     // stale version or duplicate
	Forbidden    = "forbidden"    // authenticated but not allowed
	Unauthorized = "unauthorized" // not signed in or bad credentials
	TooMany      = "too_many"     // throttled
	Internal     = "internal"     // our fault; details are logged, not shown
)

// Error is an error whose message can be shown to the person using the system.
type Error struct {
	Code    string
	Message string
	// Fields maps a form field name to a message, for validation errors.
	Fields map[string]string
	// Order lists the fields in the order their problems were found, so a
	// summary can list them without splitting Message (a message may
	// itself contain "; ").
	Order []string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf builds an Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Code returns the code of the first Error in err's chain, Internal for any
// other non-nil error, and "" for nil.
func Code(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Message returns the person-safe message of err. Errors that are not an
// *Error get a generic message so that internals never leak.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. The problem has been logged; please try again."
}

// Fields returns the per-field messages of err, if any.
func Fields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// FieldProblem is one field's problem.
type FieldProblem struct{ Field, Message string }

// Problems lists err's problems in the order they were found: each field's
// problem, and for an error built by hand without Order, any part of its
// message that no field carries (with Field ""). A non-field error is one
// problem with Field "".
func Problems(err error) []FieldProblem {
	if err == nil {
		return nil
	}
	fields := Fields(err)
	var e *Error
	if errors.As(err, &e) && len(e.Order) > 0 {
		out := make([]FieldProblem, 0, len(e.Order))
		for _, f := range e.Order {
			if m, ok := fields[f]; ok {
				out = append(out, FieldProblem{f, m})
			}
		}
		return out
	}
	if len(fields) == 0 {
		return []FieldProblem{{"", Message(err)}}
	}
	var out []FieldProblem
	for _, part := range strings.Split(Message(err), "; ") {
		field := ""
		for f, m := range fields {
			if m == part && (field == "" || f < field) {
				field = f
			}
		}
		out = append(out, FieldProblem{field, part})
	}
	return out
}

// Validation collects per-field problems and turns them into one Invalid error.
type Validation struct {
	fields map[string]string
	order  []string
}

// Add records a problem with a field; the first problem per field wins.
func (v *Validation) Add(field, message string) {
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, ok := v.fields[field]; ok {
		return
	}
	v.fields[field] = message
	v.order = append(v.order, field)
}

// Err returns nil when nothing was added, otherwise an Invalid *Error whose
// message lists every problem in the order they were found.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	msg := ""
	for i, f := range v.order {
		if i > 0 {
			msg += "; "
		}
		msg += v.fields[f]
	}
	return &Error{Code: Invalid, Message: msg, Fields: v.fields, Order: v.order}
}

// Merge joins the field problems of several errors (from different parts
// of one form, say) into one Invalid error, in the order each error's
// message lists them; the first message for a field wins. A field whose
// message is not part of its error's message (a summary written for the
// page) adds nothing, nor does an error without fields; Merge returns nil
// when nothing was added.
func Merge(errs ...error) error {
	var v Validation
	for _, err := range errs {
		if len(Fields(err)) == 0 {
			continue
		}
		for _, p := range Problems(err) {
			if p.Field != "" {
				v.Add(p.Field, p.Message)
			}
		}
	}
	return v.Err()
}
