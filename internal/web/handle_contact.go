package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
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
	GapDays      int
	// The choices the booking and outreach forms offer.
	EpisodeOptions []form.Option
	KindOptions    []form.Option
	StaffOptions   []form.Option
	OutcomeOptions []form.Option
	outreachChoices
}

// OutcomeLabel labels an appointment's outcome control, saying which
// appointment it is to screen readers.
func (d contactData) OutcomeLabel(ap store.AppointmentRow) template.HTML {
	return hiddenContext("Outcome", " of the appointment on "+uktime.DateTime(ap.StartsAt))
}

// bookableKinds are the appointments booked from a person's record:
// assessments are booked from the referral and group places from the group.
var bookableKinds = []care.AppointmentKind{care.KindIndividual, care.KindReview, care.KindLiaison}

func (s *Server) contactData(r *http.Request, id int64) (contactData, error) {
	ctx := r.Context()
	d := contactData{Now: s.db.Now(), GapDays: care.ContactGapDays, OutcomeOptions: outcomeOptions(), outreachChoices: newOutreachChoices()}
	for _, k := range bookableKinds {
		d.KindOptions = append(d.KindOptions, form.Option{Value: string(k), Label: k.Label()})
	}
	var err error
	if d.Person, err = s.viewPerson(r, id); err != nil {
		return d, err
	}
	if d.Continuity, err = s.db.Continuity(ctx, id); err != nil {
		return d, err
	}
	if d.Episodes, err = s.db.Episodes(ctx, store.EpisodeFilter{PersonID: id, ActiveOnly: true}); err != nil {
		return d, err
	}
	d.EpisodeOptions = episodeOptions(d.Episodes, func(e store.EpisodeRow) string {
		return e.TeamName + modalityNote(e.Modality) + ", named worker " + e.WorkerName
	})
	if d.Appointments, err = s.db.Appointments(ctx, store.AppointmentFilter{PersonID: id, From: d.Now.AddDate(-1, 0, 0), Limit: 500}); err != nil {
		return d, err
	}
	if d.Tasks, err = s.db.Tasks(ctx, store.TaskFilter{PersonID: id, OpenOnly: true}); err != nil {
		return d, err
	}
	if d.Outreach, err = s.db.OutreachAttempts(ctx, id); err != nil {
		return d, err
	}
	staff, err := s.db.TeamStaff(ctx, teamIDs(currentUser(r)))
	d.StaffOptions = staffOptions(staff)
	return d, err
}

// modalityNote is " (MBT)" after a team's name, or nothing.
func modalityNote(modality string) string {
	if modality == "" {
		return ""
	}
	return " (" + modality + ")"
}

// The ids of the controls on the appointments page that the error summary
// may link to: the booking form is there while an episode is open.
var (
	bookingControls  = []string{"episode", "kind", "date", "minutes", "staff", "location", "notes"}
	outreachControls = []string{"outreach_date", "method", "outreach_outcome", "note"}
)

// renderContact shows the appointments page; posted is what was typed when
// a form is shown again with its problems, nil for a fresh page.
func (s *Server) renderContact(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	id, perr := pathID(r)
	if perr != nil {
		return perr
	}
	d, derr := s.contactData(r, id)
	if derr != nil {
		return derr
	}
	if posted == nil {
		today := uktime.Date(d.Now)
		posted = url.Values{"date": {today}, "outreach_date": {today}, "minutes": {"60"}, "staff": {fmt.Sprint(currentUser(r).ID)}}
		if len(d.Episodes) > 0 {
			posted.Set("episode", fmt.Sprint(d.Episodes[0].ID))
		}
	}
	controls := slices.Clone(outreachControls)
	if len(d.Episodes) > 0 {
		controls = append(controls, bookingControls...)
	}
	for _, ap := range d.Appointments {
		controls = append(controls, fmt.Sprintf("outcome-%d", ap.ID))
	}
	s.render(w, r, status, "contact", view{Title: "Appointments and contact: " + d.Person.DisplayName(), D: d, Form: posted, Errors: linkedTo(err, controls...)})
	return nil
}

func (s *Server) handleContact(w http.ResponseWriter, r *http.Request) error {
	// Portal: a person sees their own appointments, without staff notes.
	if currentUser(r).Role == auth.ServiceUser {
		return s.handleMyAppointments(w, r)
	}
	return s.renderContact(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleAppointmentBook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	ap := care.Appointment{PersonID: id, Kind: care.AppointmentKind(f.Text("kind")), Location: f.Text("location"), Notes: f.Text("notes"),
		StartsAt: startsAt(f), Minutes: f.Int("minutes", "Length must be a whole number of minutes"),
		StaffIDs: f.IDs("staff", "Choose from the list"), EpisodeID: f.ID("episode", "Choose from the list")}
	if ap.Kind == care.KindAssessment || ap.Kind == care.KindGroup {
		f.Add("kind", "Book assessments from the referral and group sessions from the group")
	}
	offered, err := s.db.TeamStaff(r.Context(), teamIDs(currentUser(r)))
	if err != nil {
		return err
	}
	onlyOffered(f, "staff", ap.StaffIDs, offered, "Choose staff from your teams")
	if ap.EpisodeID != 0 {
		open, err := s.openEpisodeOf(r, id, ap.EpisodeID)
		if err != nil {
			return err
		}
		if !open {
			f.Add("episode", "Choose one of this person's open episodes")
		}
	}
	if err = f.Err(); err == nil {
		err = f.With(onControls(s.db.CreateAppointment(r.Context(), actor(r), &ap), map[string]string{"starts_at": "date"}))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, fmt.Sprintf("%s booked for %s.", ap.Kind.Label(), uktime.In(ap.StartsAt).Format("Monday 2 January 15:04")))
		http.Redirect(w, r, appointmentsURL(id), http.StatusSeeOther)
		return nil
	case problem.Invalid:
		return s.renderContact(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
	}
	return err
}

// openEpisodeOf reports whether episodeID is an open episode of the person.
func (s *Server) openEpisodeOf(r *http.Request, personID, episodeID int64) (bool, error) {
	eps, err := s.db.Episodes(r.Context(), store.EpisodeFilter{PersonID: personID, ActiveOnly: true})
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(eps, func(e store.EpisodeRow) bool { return e.ID == episodeID }), nil
}

func (s *Server) handleAppointmentOutcome(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aid, err := pathInt(r, "aid")
	if err != nil {
		return err
	}
	ctx := r.Context()
	ap, err := s.db.Appointment(ctx, actor(r), aid)
	if err != nil {
		return err
	}
	if ap.PersonID != id {
		return problem.Errorf(problem.NotFound, "No appointment with that id")
	}
	f := form.Read(r.PostForm)
	version := f.Version()
	var task *care.Task
	if err = f.Err(); err == nil {
		task, err = s.db.RecordOutcome(ctx, actor(r), aid, version, care.Outcome(f.Text("outcome")), f.Text("outcome_note"))
	}
	switch problem.Code(err) {
	case "":
		msg := "Outcome recorded."
		if task != nil {
			msg = fmt.Sprintf("Did not attend recorded. A follow-up task is due on %s: get in touch to ask what got in the way and how we can help. Care continues.", uktime.In(task.DueOn).Format("Monday 2 January"))
		}
		s.setFlash(w, msg)
		http.Redirect(w, r, appointmentsURL(id), http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		// Each appointment has its own outcome form with one control: every
		// problem with it points there, so the error summary links to it.
		control := fmt.Sprintf("outcome-%d", aid)
		var named problem.Validation
		for _, m := range problem.Fields(err) {
			named.Add(control, m)
		}
		if named.Err() != nil {
			err = named.Err()
		}
		return s.renderContact(w, r, statusFor(err), r.PostForm, err)
	}
	return err
}

// outreachChoices are the choices of the outreach fields, shared by the
// appointments page and the follow-up form.
type outreachChoices struct {
	MethodOptions, OutreachOutcomeOptions []form.Option
}

func newOutreachChoices() outreachChoices {
	var c outreachChoices
	for _, m := range care.OutreachMethods {
		c.MethodOptions = append(c.MethodOptions, form.Option{Value: string(m), Label: m.Label()})
	}
	for _, o := range care.OutreachOutcomes {
		c.OutreachOutcomeOptions = append(c.OutreachOutcomeOptions, form.Option{Value: string(o), Label: o.Label()})
	}
	return c
}

// outreachFields names the outreach form's controls for the domain's
// fields.
var outreachFields = map[string]string{"at": "outreach_date", "outcome": "outreach_outcome", "done_note": "note"}

// readOutreach reads the outreach fields shared by the outreach form and
// the follow-up form. The attempt is dated by the UK day typed: today's at
// the moment it is recorded, another day's at midday, so that it sorts
// within the day.
func readOutreach(f *form.Form, personID int64, now time.Time) care.OutreachAttempt {
	o := care.OutreachAttempt{PersonID: personID, Method: care.OutreachMethod(f.Text("method")), Outcome: care.OutreachOutcome(f.Text("outreach_outcome")),
		Note: f.Text("note")}
	day := f.Date("outreach_date", "Enter a real date, like 2026-03-17")
	switch {
	case day.IsZero():
	case day.Format(time.DateOnly) == uktime.Date(now):
		o.At = now
	default:
		if midday, ok := uktime.Parse(day.Format(time.DateOnly), "12:00"); ok {
			o.At = midday
		}
	}
	return o
}

func (s *Server) handleOutreach(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	o := readOutreach(f, id, s.db.Now())
	if eid := f.ID("episode", "Choose from the list"); eid != 0 {
		open, err := s.openEpisodeOf(r, id, eid)
		if err != nil {
			return err
		}
		if open {
			o.EpisodeID = eid
		}
	}
	if err = f.Err(); err == nil {
		err = f.With(onControls(s.db.RecordOutreach(r.Context(), actor(r), &o), outreachFields))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Outreach attempt recorded.")
		http.Redirect(w, r, appointmentsURL(id), http.StatusSeeOther)
		return nil
	case problem.Invalid:
		return s.renderContact(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
	}
	return err
}
