package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// field is the message for one field, "" when there is none.
func (e *formErrors) field(name string) string {
	if e == nil {
		return ""
	}
	return e.Fields[name]
}

// Addresses of the ongoing-care pages, so that redirects and links are
// built one way.
func appointmentsURL(personID int64) string { return fmt.Sprintf("/people/%d/appointments", personID) }
func personURL(personID int64) string       { return fmt.Sprintf("/people/%d", personID) }
func groupURL(groupID int64) string         { return fmt.Sprintf("/groups/%d", groupID) }
func endingPlanURL(personID, episodeID int64) string {
	return fmt.Sprintf("/people/%d/endings/%d", personID, episodeID)
}

// startsAt reads the "date" and "time" controls of a booking, typed as UK
// time. A blank date is left zero so the domain gives its own message
// ("Enter the date and time ...").
func startsAt(f *form.Form) time.Time {
	if f.Text("date") == "" {
		return time.Time{}
	}
	return f.Time("date", "time", "Enter a real date and a time such as 14:30")
}

// onControls renames the domain's field problems to the names of the form
// controls that hold them (the domain says starts_at, the form's control is
// date), so the message shows beside the control and the error summary
// links to it. The order of the messages is kept; other errors pass as
// they are.
func onControls(err error, controls map[string]string) error {
	fields := problem.Fields(err)
	if len(fields) == 0 {
		return err
	}
	var v problem.Validation
	for _, part := range strings.Split(problem.Message(err), "; ") {
		for field, msg := range fields {
			if msg != part {
				continue
			}
			if c, ok := controls[field]; ok {
				field = c
			}
			v.Add(field, msg)
		}
	}
	if v.Err() == nil {
		return err
	}
	return v.Err()
}

// linkedTo keeps the error summary's links to the controls named, so a
// problem with a field the page has no control for (a tampered hidden
// version) is listed without a link to nothing.
func linkedTo(err error, controls ...string) *formErrors {
	ids := make(map[string]string, len(controls))
	for _, c := range controls {
		ids[c] = c
	}
	fe := errorsFrom(err)
	fe.pointAt(ids)
	return fe
}

// hiddenContext is a label whose visible words are short (a control in a
// table row) and whose hidden words say which row it is for screen readers.
func hiddenContext(visible, hidden string) template.HTML {
	return template.HTML(template.HTMLEscapeString(visible) + `<span class="nhsuk-u-visually-hidden">` + template.HTMLEscapeString(hidden) + `</span>`)
}

// episodeOptions offers episodes of care, worded by label.
func episodeOptions(eps []store.EpisodeRow, label func(store.EpisodeRow) string) []form.Option {
	out := make([]form.Option, len(eps))
	for i, e := range eps {
		out[i] = form.Option{Value: fmt.Sprint(e.ID), Label: label(e)}
	}
	return out
}

// staffOptions offers members of staff by name.
func staffOptions(users []auth.User) []form.Option {
	out := make([]form.Option, len(users))
	for i, u := range users {
		out[i] = form.Option{Value: fmt.Sprint(u.ID), Label: u.DisplayName}
	}
	return out
}

// outcomeOptions offers what happened at an appointment.
func outcomeOptions() []form.Option {
	out := make([]form.Option, len(care.Outcomes))
	for i, o := range care.Outcomes {
		out[i] = form.Option{Value: string(o), Label: o.Label()}
	}
	return out
}
