package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/web/form"
)

type contactPrefsData struct {
	Person   care.Person
	Prefs    care.ContactPrefs
	History  []care.ContactPrefs
	Self     bool // the person themselves, so the page says "you"
	CanEdit  bool
	Channels []form.Option
	Times    []form.Option
	// The form's questions, asked of the person or about them.
	ChannelsLegend, TimesLegend string
}

func contactPrefsURL(id int64) string {
	return "/people/" + strconv.FormatInt(id, 10) + "/contact-preferences"
}

func (s *Server) renderContactPrefs(w http.ResponseWriter, r *http.Request, personID int64, status int, values url.Values, err error) error {
	ctx := r.Context()
	u := currentUser(r)
	d := contactPrefsData{Self: u != nil && u.Role == auth.ServiceUser, CanEdit: u != nil && slices.Contains(contactPrefsWriters.Roles, u.Role),
		Channels: form.Options("sms", "Text message", "email", "Email")}
	d.ChannelsLegend, d.TimesLegend = "How the person would like reminders", "When messages may be sent"
	if d.Self {
		d.ChannelsLegend, d.TimesLegend = "How would you like reminders?", "When can we send messages?"
	}
	for _, t := range care.ContactTimesOptions {
		d.Times = append(d.Times, form.Option{Value: string(t), Label: t.Label()})
	}
	var lerr error
	if d.Person, lerr = s.guardedPerson(r, personID); lerr != nil {
		return lerr
	}
	if d.Prefs, lerr = s.db.ContactPrefs(ctx, actor(r), personID); lerr != nil {
		return lerr
	}
	if d.History, lerr = s.db.ContactPrefsHistory(ctx, actor(r), personID); lerr != nil {
		return lerr
	}
	if values == nil {
		values = url.Values{"mobile": {d.Prefs.Mobile}, "email": {d.Prefs.Email}, "times": {string(d.Prefs.Times)},
			form.VersionField: {strconv.Itoa(d.Prefs.Version)}}
		for _, c := range care.Channels {
			if d.Prefs.Wants(c) {
				values.Add("channels", string(c))
			}
		}
	}
	title := "Contact and reminders"
	s.render(w, r, status, "contact_prefs", view{Title: title, D: d, Form: values, Errors: errorsFrom(err)})
	return nil
}

func (s *Server) handleContactPrefs(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderContactPrefs(w, r, id, http.StatusOK, nil, nil)
}

func (s *Server) handleContactPrefsSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	channels := f.List("channels")
	for _, c := range channels {
		if c != string(care.ChannelText) && c != string(care.ChannelEmail) {
			f.Add("channels", "Choose text message, email, or neither")
		}
	}
	p := care.ContactPrefs{PersonID: id, Mobile: f.Text("mobile"), Email: f.Text("email"), Times: care.ContactTimes(f.Text("times")),
		Text: slices.Contains(channels, string(care.ChannelText)), EmailOK: slices.Contains(channels, string(care.ChannelEmail)), Version: f.Version()}
	if err = f.Err(); err == nil {
		err = s.db.SaveContactPrefs(r.Context(), actor(r), &p)
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			return err
		}
		if problem.Code(err) == problem.Conflict {
			// Show what is saved now, so nobody overwrites it unseen.
			return s.renderContactPrefs(w, r, id, statusFor(err), nil, err)
		}
		return s.renderContactPrefs(w, r, id, statusFor(err), r.PostForm, err)
	}
	msg := "Contact preferences saved."
	if currentUser(r).Role == auth.ServiceUser {
		msg = "Your contact preferences are saved."
	}
	if p.Text || p.EmailOK {
		msg += " Reminders go 2 days and 2 hours before each appointment, at the times chosen."
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, contactPrefsURL(id), http.StatusSeeOther)
	return nil
}
