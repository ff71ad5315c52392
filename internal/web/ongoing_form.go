package web

import (
	"fmt"
	"html/template"
	"slices"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
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

// onlyOffered adds msg to field unless every id is one of the staff the
// page offered: a posted id the page never showed (another team's, a
// carer's account, one no longer in use) is refused, not booked.
func onlyOffered(f *form.Form, field string, ids []int64, offered []auth.User, msg string) {
	for _, id := range ids {
		if !slices.ContainsFunc(offered, func(u auth.User) bool { return u.ID == id }) {
			f.Add(field, msg)
			return
		}
	}
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
