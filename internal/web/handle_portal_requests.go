package web

import (
	"fmt"
	"net/http"
	"net/url"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// myAppointmentsData is a person's own appointments page: what is coming
// up and what has been, with who and where, and what they have asked for.
type myAppointmentsData struct {
	Person   care.Person
	Upcoming []store.AppointmentRow
	Past     []store.AppointmentRow
	Asked    map[int64]care.PortalRequest // open requests by appointment
}

// handleMyAppointments shows the person every appointment, past and future
// (the newest store.PageSize past ones, with a count of the rest).
func (s *Server) handleMyAppointments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d := myAppointmentsData{Asked: map[int64]care.PortalRequest{}}
	if d.Person, err = s.viewPerson(r, id); err != nil {
		return err
	}
	ctx, now := r.Context(), s.db.Now()
	if d.Upcoming, err = s.db.Appointments(ctx, store.AppointmentFilter{PersonID: id, From: now}); err != nil {
		return err
	}
	if d.Past, err = s.db.Appointments(ctx, store.AppointmentFilter{PersonID: id, To: now}); err != nil {
		return err
	}
	// Most recent first: what happened last is what the person looks for.
	for i, j := 0, len(d.Past)-1; i < j; i, j = i+1, j-1 {
		d.Past[i], d.Past[j] = d.Past[j], d.Past[i]
	}
	reqs, err := s.db.PortalRequests(ctx, id)
	if err != nil {
		return err
	}
	for _, q := range reqs {
		if q.AppointmentID != 0 && !q.Done() {
			d.Asked[q.AppointmentID] = q
		}
	}
	s.render(w, r, http.StatusOK, "portal_appointments", view{Title: "My appointments", D: d})
	return nil
}

// askData is the page where a person asks for something: a change to an
// appointment, a different worker, a goal or a change to their care.
type askData struct {
	Person      care.Person
	Appointment *store.AppointmentRow
	Kinds       []form.Option
	Action      string
}

func (s *Server) askPage(r *http.Request) (askData, error) {
	var d askData
	id, err := pathID(r)
	if err != nil {
		return d, err
	}
	if d.Person, err = s.viewPerson(r, id); err != nil {
		return d, err
	}
	if r.PathValue("aid") == "" {
		d.Action = fmt.Sprintf("/people/%d/ask", id)
		for _, k := range []care.RequestKind{care.RequestGoal, care.RequestChange, care.RequestWorker} {
			d.Kinds = append(d.Kinds, form.Option{Value: string(k), Label: k.Label(), Hint: askHints[k]})
		}
		return d, nil
	}
	aid, err := pathInt(r, "aid")
	if err != nil {
		return d, err
	}
	aps, err := s.db.Appointments(r.Context(), store.AppointmentFilter{PersonID: id, From: s.db.Now()})
	if err != nil {
		return d, err
	}
	for i := range aps {
		if aps[i].ID == aid {
			d.Appointment = &aps[i]
		}
	}
	if d.Appointment == nil {
		return d, problem.Errorf(problem.NotFound, "This is not one of your appointments that is still to come")
	}
	d.Action = fmt.Sprintf("/people/%d/appointments/%d/request", id, aid)
	for _, k := range []care.RequestKind{care.RequestRearrange, care.RequestCancel} {
		d.Kinds = append(d.Kinds, form.Option{Value: string(k), Label: k.Label(), Hint: askHints[k]})
	}
	return d, nil
}

var askHints = map[care.RequestKind]string{
	care.RequestRearrange: "Your worker will get in touch to find a time that suits you better.",
	care.RequestCancel:    "Your worker will cancel it and get in touch. It will not count as a missed appointment.",
	care.RequestWorker:    "It is fine to ask. You do not have to give a reason.",
	care.RequestGoal:      "Something you would like to work towards.",
	care.RequestChange:    "Something about your care you would like to be different.",
}

func (s *Server) renderAsk(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	d, derr := s.askPage(r)
	if derr != nil {
		return derr
	}
	title := "Ask your team"
	if d.Appointment != nil {
		title = "Change or cancel an appointment"
	}
	s.render(w, r, status, "portal_ask", view{Title: title, D: d, Form: posted, Errors: linkedTo(err, "kind", "text")})
	return nil
}

func (s *Server) handleAppointmentRequestForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderAsk(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleAskForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderAsk(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleAppointmentRequest(w http.ResponseWriter, r *http.Request) error {
	return s.fileRequest(w, r, true)
}

func (s *Server) handleAsk(w http.ResponseWriter, r *http.Request) error {
	return s.fileRequest(w, r, false)
}

// fileRequest sends what the person asked for to their worker as a task;
// it never changes their care by itself.
func (s *Server) fileRequest(w http.ResponseWriter, r *http.Request, aboutAppointment bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	q := care.PortalRequest{PersonID: id, Kind: care.RequestKind(f.Text("kind")), Text: f.Text("text")}
	if aboutAppointment {
		if q.AppointmentID, err = pathInt(r, "aid"); err != nil {
			return err
		}
		if !q.Kind.AboutAppointment() {
			f.Add("kind", "Choose whether to change the time or cancel")
		}
	} else if q.Kind.AboutAppointment() {
		f.Add("kind", "Choose what you would like to ask for")
	}
	if err = f.Err(); err == nil {
		p, gerr := s.guardedPerson(r, id)
		if gerr != nil {
			return gerr
		}
		err = f.With(s.db.AddPortalRequest(r.Context(), actor(r), &q, p.DisplayName()))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "We have sent this to your worker. They will get in touch within 2 working days. Nothing changes until you have talked.")
		if aboutAppointment {
			return seeOther(appointmentsURL(id))
		}
		return seeOther(fmt.Sprintf("/people/%d/requests", id))
	case problem.Invalid, problem.Conflict:
		return s.renderAsk(w, r, statusFor(err), r.PostForm, err)
	}
	return err
}

// requestsData lists what a person has asked for: to them, with where each
// request has got to; to staff, with a way to deal with each.
type requestsData struct {
	Person       care.Person
	Requests     []care.PortalRequest
	Appointments map[int64]store.AppointmentRow
	Self         bool
	CanAct       bool
}

func (s *Server) handleRequests(w http.ResponseWriter, r *http.Request) error {
	return s.renderRequests(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderRequests(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	id, perr := pathID(r)
	if perr != nil {
		return perr
	}
	d := requestsData{Appointments: map[int64]store.AppointmentRow{}, Self: isSelf(r), CanAct: canEditCare(currentUser(r))}
	var derr error
	if d.Person, derr = s.viewPerson(r, id); derr != nil {
		return derr
	}
	ctx := r.Context()
	if d.Requests, derr = s.db.PortalRequests(ctx, id); derr != nil {
		return derr
	}
	aps, derr := s.db.Appointments(ctx, store.AppointmentFilter{PersonID: id, Limit: store.AllRows})
	if derr != nil {
		return derr
	}
	for _, ap := range aps {
		d.Appointments[ap.ID] = ap
	}
	title := "Requests from " + d.Person.DisplayName()
	if d.Self {
		title = "What I have asked for"
	}
	s.render(w, r, status, "portal_requests", view{Title: title, D: d, Form: posted, Errors: linkedTo(err)})
	return nil
}

// handleRequestAction closes a request with what the worker did; for a
// request to cancel, "cancel" records the appointment as cancelled by the
// person.
func (s *Server) handleRequestAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	tid, err := pathInt(r, "tid")
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	cancel := f.Text("action") == "cancel"
	err = f.With(s.db.ActionPortalRequest(r.Context(), actor(r), id, tid, cancel, f.Text("done_note")))
	switch problem.Code(err) {
	case "":
		msg := "Request dealt with."
		if cancel {
			msg = "The appointment is cancelled, as the person asked, and the request is dealt with."
		}
		s.setFlash(w, msg)
		return seeOther(fmt.Sprintf("/people/%d/requests", id))
	case problem.Invalid, problem.Conflict:
		return s.renderRequests(w, r, statusFor(err), r.PostForm, err)
	}
	return err
}

// Said is what happened at an appointment, said to the person kindly: a
// missed appointment is not a failing.
func (myAppointmentsData) Said(o care.Outcome) string {
	switch o {
	case care.OutcomeAttended:
		return "You came"
	case care.OutcomeDidNotAttend:
		return "You were not able to come. That is OK: your worker will be in touch"
	case care.OutcomeCancelledByPerson:
		return "You cancelled this"
	case care.OutcomeCancelledByTeam:
		return "We cancelled this. Sorry: we will be in touch"
	}
	return ""
}
