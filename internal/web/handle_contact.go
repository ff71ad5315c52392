package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// contactData is a person's appointments, follow-ups and outreach, with
// their continuity of care: the "appointments and contact" part of the record.
type contactData struct {
	Person       care.Person
	Now          time.Time
	Continuity   care.Continuity
	Episodes     []store.EpisodeRow
	Appointments []store.AppointmentRow
	Tasks        []store.TaskRow
	Outreach     []store.OutreachRow
	Staff        []auth.User
	Kinds        []care.AppointmentKind
	Outcomes     []care.Outcome
	Methods      []care.OutreachMethod
	OutreachOut  []care.OutreachOutcome
	FormFor      string // which form the errors belong to
	GapDays      int
}

func (s *Server) contactData(r *http.Request, id int64) (contactData, error) {
	ctx := r.Context()
	a := actor(r)
	d := contactData{Now: s.db.Now(), Kinds: []care.AppointmentKind{care.KindIndividual, care.KindReview, care.KindLiaison},
		Outcomes: care.Outcomes, Methods: care.OutreachMethods, OutreachOut: care.OutreachOutcomes, GapDays: care.ContactGapDays}
	var err error
	if d.Person, err = s.db.Person(ctx, a, id); err != nil {
		return d, err
	}
	if d.Continuity, err = s.db.Continuity(ctx, id); err != nil {
		return d, err
	}
	if d.Episodes, err = s.db.Episodes(ctx, store.EpisodeFilter{PersonID: id, ActiveOnly: true}); err != nil {
		return d, err
	}
	if d.Appointments, err = s.db.Appointments(ctx, store.AppointmentFilter{PersonID: id, From: d.Now.AddDate(-1, 0, 0), Limit: 500}); err != nil {
		return d, err
	}
	if d.Tasks, err = s.db.Tasks(ctx, store.TaskFilter{PersonID: id, OpenOnly: true}); err != nil {
		return d, err
	}
	if d.Outreach, err = s.db.OutreachAttempts(ctx, id); err != nil {
		return d, err
	}
	d.Staff, err = s.db.TeamStaff(ctx, teamIDs(currentUser(r)))
	return d, err
}

func (s *Server) renderContact(w http.ResponseWriter, r *http.Request, status int, form url.Values, formFor string, err error) {
	id, _ := pathID(r)
	d, derr := s.contactData(r, id)
	if derr != nil {
		s.renderProblem(w, r, derr)
		return
	}
	d.FormFor = formFor
	if form == nil {
		form = url.Values{"date": {d.Now.Format(time.DateOnly)}, "outreach_date": {d.Now.Format(time.DateOnly)}, "minutes": {"60"}}
		if len(d.Episodes) > 0 {
			form.Set("episode", fmt.Sprint(d.Episodes[0].ID))
		}
		form.Set("staff", fmt.Sprint(currentUser(r).ID))
	}
	s.render(w, r, status, "contact", view{Title: "Appointments and contact: " + d.Person.DisplayName(), D: d, Form: form, Errors: errorsFrom(err)})
}

func (s *Server) handleContact(w http.ResponseWriter, r *http.Request) {
	s.renderContact(w, r, http.StatusOK, nil, "", nil)
}

func (s *Server) handleAppointmentBook(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	var v problem.Validation
	f := r.PostForm
	ap := care.Appointment{PersonID: id, Kind: care.AppointmentKind(f.Get("kind")), Location: strings.TrimSpace(f.Get("location")),
		Notes: strings.TrimSpace(f.Get("notes"))}
	ap.StartsAt = formDateTime(f, "date", "time", &v)
	ap.Minutes = formWhole(f, "minutes", &v, "Length must be a whole number of minutes")
	ap.StaffIDs = formIDs(f, "staff", &v)
	if eps := formIDs(f, "episode", &v); len(eps) > 0 {
		ap.EpisodeID = eps[0]
	}
	var err error
	if ap.Kind == care.KindAssessment || ap.Kind == care.KindGroup {
		v.Add("kind", "Book assessments from the referral and group sessions from the group")
	}
	if ap.EpisodeID != 0 && !s.openEpisodeOf(r, id, ap.EpisodeID) {
		v.Add("episode", "Choose one of this person's open episodes")
	}
	if v.Err() == nil {
		err = s.db.CreateAppointment(r.Context(), actor(r), &ap)
	}
	if err = combine(&v, err); err != nil {
		if problem.Code(err) != problem.Invalid {
			s.renderProblem(w, r, err)
			return
		}
		s.renderContact(w, r, http.StatusUnprocessableEntity, r.PostForm, "book", err)
		return
	}
	s.setFlash(w, fmt.Sprintf("%s booked for %s.", ap.Kind.Label(), ap.StartsAt.Format("Monday 2 January 15:04")))
	http.Redirect(w, r, fmt.Sprintf("/people/%d/appointments", id), http.StatusSeeOther)
}

// openEpisodeOf reports whether episodeID is an open episode of the person.
func (s *Server) openEpisodeOf(r *http.Request, personID, episodeID int64) bool {
	eps, err := s.db.Episodes(r.Context(), store.EpisodeFilter{PersonID: personID, ActiveOnly: true})
	if err != nil {
		return false
	}
	for _, e := range eps {
		if e.ID == episodeID {
			return true
		}
	}
	return false
}

func (s *Server) handleAppointmentOutcome(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	aid, err := subID(r, "aid")
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	ctx := r.Context()
	ap, err := s.db.Appointment(ctx, actor(r), aid)
	if err == nil && ap.PersonID != id {
		err = problem.Errorf(problem.NotFound, "No appointment with that id")
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	var v problem.Validation
	version := formWhole(r.PostForm, "version", &v, "Reload the page and try again")
	task, err := s.db.RecordOutcome(ctx, actor(r), aid, version, care.Outcome(r.PostForm.Get("outcome")), strings.TrimSpace(r.PostForm.Get("outcome_note")))
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		// Each appointment has its own outcome form with one control: every
		// problem with it points there, so the error summary links to it.
		var named problem.Validation
		for _, m := range problem.Fields(err) {
			named.Add(fmt.Sprintf("outcome-%d", aid), m)
		}
		if named.Err() != nil {
			err = named.Err()
		}
		s.renderContact(w, r, statusFor(err), r.PostForm, fmt.Sprintf("outcome-%d", aid), err)
		return
	}
	msg := "Outcome recorded."
	if task != nil {
		msg = fmt.Sprintf("Did not attend recorded. A follow-up task is due on %s: get in touch to ask what got in the way and how we can help. Care continues.", task.DueOn.Format("Monday 2 January"))
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, fmt.Sprintf("/people/%d/appointments", id), http.StatusSeeOther)
}

// parseOutreach reads the outreach fields shared by the outreach form and
// the follow-up form.
func parseOutreach(f url.Values, personID int64, v *problem.Validation) care.OutreachAttempt {
	o := care.OutreachAttempt{PersonID: personID, Method: care.OutreachMethod(f.Get("method")), Outcome: care.OutreachOutcome(f.Get("outreach_outcome")),
		Note: strings.TrimSpace(f.Get("note"))}
	o.At = readDate(f, "outreach_date", v, "Enter a real date, like 2026-03-17")
	if !o.At.IsZero() {
		o.At = o.At.Add(12 * time.Hour) // a date without a time: midday, so it sorts within the day
	}
	return o
}

// outreachAt keeps an attempt dated today at the time it is recorded.
func outreachAt(o *care.OutreachAttempt, now time.Time) {
	if !o.At.IsZero() && o.At.Format(time.DateOnly) == now.Format(time.DateOnly) {
		o.At = now
	}
}

func (s *Server) handleOutreach(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	var v problem.Validation
	o := parseOutreach(r.PostForm, id, &v)
	outreachAt(&o, s.db.Now())
	if eps := formIDs(r.PostForm, "episode", &v); len(eps) > 0 && s.openEpisodeOf(r, id, eps[0]) {
		o.EpisodeID = eps[0]
	}
	var err error
	if v.Err() == nil {
		err = s.db.RecordOutreach(r.Context(), actor(r), &o)
	}
	if err = combine(&v, err); err != nil {
		if problem.Code(err) != problem.Invalid {
			s.renderProblem(w, r, err)
			return
		}
		s.renderContact(w, r, http.StatusUnprocessableEntity, r.PostForm, "outreach", err)
		return
	}
	s.setFlash(w, "Outreach attempt recorded.")
	http.Redirect(w, r, fmt.Sprintf("/people/%d/appointments", id), http.StatusSeeOther)
}
