package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// pathwayReferral is one referral on the pathway page with what has
// happened so far.
type pathwayReferral struct {
	store.ReferralRow
	Appointments []store.AppointmentRow
	Assessment   *care.Assessment
	Formulation  *care.Formulation
	Cases        []store.Case
	Steps        []store.ReferralStep
	CanBook      bool
	CanAssess    bool
}

type pathwayData struct {
	Person    care.Person
	Self      bool
	Referrals []pathwayReferral
	Now       time.Time
}

// pathwayStatuses are the stages this part of the record covers.
var pathwayStatuses = map[care.ReferralStatus]bool{care.ReferralAccepted: true, care.ReferralWaiting: true, care.ReferralAssessBooked: true,
	care.ReferralAssessed: true, care.ReferralTeamDiscussion: true, care.ReferralOutcome: true}

// handlePathway shows a person's referrals from acceptance to the team's
// decision: appointments, assessment, formulation, decision and timeline.
func (s *Server) handlePathway(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	a, ctx := actor(r), r.Context()
	p, err := s.db.Person(ctx, a, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	refs, err := s.db.Referrals(ctx, store.ReferralFilter{PersonID: id})
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	d := pathwayData{Person: p, Self: a.Relationship == auth.RelSelf, Now: s.db.Now()}
	for _, ref := range refs {
		if !pathwayStatuses[ref.Status] {
			continue
		}
		pr := pathwayReferral{ReferralRow: ref}
		if x, found, err := s.db.Assessment(ctx, a, ref.ID); err != nil {
			s.renderProblem(w, r, err)
			return
		} else if found && !d.Self {
			pr.Assessment = &x
		}
		if f, found, err := s.db.Formulation(ctx, a, ref.ID); err != nil {
			s.renderProblem(w, r, err)
			return
		} else if found {
			pr.Formulation = &f
		}
		if pr.Appointments, err = s.db.Appointments(ctx, store.AppointmentFilter{ReferralID: ref.ID}); err != nil {
			s.renderProblem(w, r, err)
			return
		}
		if pr.Cases, err = s.db.Cases(ctx, store.CaseFilter{ReferralID: ref.ID}); err != nil {
			s.renderProblem(w, r, err)
			return
		}
		if pr.Steps, err = s.db.ReferralSteps(ctx, ref.ID); err != nil {
			s.renderProblem(w, r, err)
			return
		}
		upcoming := 0
		for _, ap := range pr.Appointments {
			if ap.Outcome == care.OutcomeNone {
				upcoming++
			}
		}
		pr.CanBook = !d.Self && care.CheckAssessmentBooking(ref.Status, upcoming) == nil
		pr.CanAssess = !d.Self && ref.Status == care.ReferralAssessBooked
		d.Referrals = append(d.Referrals, pr)
	}
	s.render(w, r, http.StatusOK, "pathway", view{Title: "Assessment and team discussion: " + p.DisplayName(), D: d})
}

// pathReferral reads the {rid} referral of the {id} person, audited.
func (s *Server) pathReferral(w http.ResponseWriter, r *http.Request) (store.ReferralRow, bool) {
	id, _ := pathID(r)
	rid, err := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if err != nil || rid <= 0 {
		s.renderProblem(w, r, problem.Errorf(problem.NotFound, "That address does not name a referral. Check the link and try again."))
		return store.ReferralRow{}, false
	}
	ref, err := s.db.PersonReferral(r.Context(), actor(r), id, rid)
	if err != nil {
		s.renderProblem(w, r, err)
		return ref, false
	}
	return ref, true
}

func referralPath(ref store.ReferralRow, tail string) string {
	return fmt.Sprintf("/people/%d/referrals/%d/%s", ref.PersonID, ref.ID, tail)
}

func pathwayPath(personID int64) string { return fmt.Sprintf("/people/%d/pathway", personID) }

type bookData struct {
	Referral    store.ReferralRow
	Person      care.Person
	Preferences store.Preferences
	Staff       []checkOption
	Booked      []store.AppointmentRow
}

func (s *Server) handleBookForm(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	f := url.Values{"minutes": {"90"}, "staff": {strconv.FormatInt(currentUser(r).ID, 10)}}
	s.renderBook(w, r, http.StatusOK, ref, f, nil)
}

func (s *Server) renderBook(w http.ResponseWriter, r *http.Request, status int, ref store.ReferralRow, f url.Values, fe *formErrors) {
	ctx := r.Context()
	d := bookData{Referral: ref}
	var err error
	if d.Person, err = s.db.PersonNoAudit(ctx, ref.PersonID); err == nil {
		d.Preferences, err = s.db.PersonPreferences(ctx, ref.PersonID)
	}
	var staff []auth.User
	if err == nil {
		staff, err = s.db.ServiceStaff(ctx, ref.ServiceID)
	}
	if err == nil {
		d.Booked, err = s.db.Appointments(ctx, store.AppointmentFilter{ReferralID: ref.ID})
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	for _, u := range staff {
		label := u.DisplayName
		if u.Profession != "" {
			label += " (" + strings.ReplaceAll(u.Profession, "-", " ") + ")"
		}
		v := strconv.FormatInt(u.ID, 10)
		d.Staff = append(d.Staff, checkOption{v, label, contains(f["staff"], v)})
	}
	s.render(w, r, status, "assessment_book", view{Title: "Book an assessment", D: d, Form: f, Errors: fe})
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// parseLocalTime reads a date and a time typed in the form as UTC.
func parseLocalTime(date, clock string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02 15:04", strings.TrimSpace(date)+" "+strings.TrimSpace(clock))
	return t.UTC(), err == nil
}

func (s *Server) handleBook(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	var v problem.Validation
	ap := care.Appointment{PersonID: ref.PersonID, ReferralID: ref.ID, Kind: care.KindAssessment, Location: formText(f, "location"), Notes: formText(f, "notes")}
	if at, ok := parseLocalTime(f.Get("date"), f.Get("time")); ok {
		ap.StartsAt = at
	} else {
		v.Add("date", "Enter the date as YYYY-MM-DD and the time as HH:MM, for example 2026-03-04 and 14:30")
	}
	ap.Minutes = formCount(f, "minutes", "Length", &v)
	for _, sid := range formValues(f, "staff") {
		if n, err := strconv.ParseInt(sid, 10, 64); err == nil {
			ap.StaffIDs = append(ap.StaffIDs, n)
		}
	}
	err := v.Err()
	if err == nil {
		err = ap.Validate(s.db.Now())
	}
	if err == nil {
		err = s.db.BookAssessment(r.Context(), actor(r), &ap)
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		s.renderBook(w, r, statusFor(err), ref, f, errorsFrom(err))
		return
	}
	s.setFlash(w, "Assessment booked for "+ap.StartsAt.Format("2 Jan 2006 at 15:04")+".")
	http.Redirect(w, r, pathwayPath(ref.PersonID), http.StatusSeeOther)
}

func (s *Server) handlePreferences(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	f := r.PostForm
	err := s.db.SetWorkerPreferences(r.Context(), actor(r), id, formText(f, "worker_gender_preference"), formText(f, "interpreter_language"))
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.setFlash(w, "Preferences saved.")
	next := safeNext(f.Get("next"))
	if !strings.HasPrefix(next, fmt.Sprintf("/people/%d/", id)) {
		next = pathwayPath(id)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleAttendance(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil {
		s.renderProblem(w, r, problem.Errorf(problem.NotFound, "That address does not name an appointment."))
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	task, err := s.db.RecordAssessmentAttendance(r.Context(), actor(r), id, aid, version, care.Outcome(r.PostForm.Get("outcome")), formText(r.PostForm, "outcome_note"))
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	msg := "Attendance recorded."
	if task != nil {
		msg = "Recorded as did not attend. A follow-up task is due " + task.DueOn.Format("2 Jan 2006") + ": what got in the way, and how can we help? The assessment can be rebooked."
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, pathwayPath(id), http.StatusSeeOther)
}

func (s *Server) handleMarkAssessed(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if err := s.db.MarkAssessed(r.Context(), actor(r), ref.PersonID, ref.ID, version); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.setFlash(w, "Marked as assessed. The referral can now go on the team's agenda.")
	http.Redirect(w, r, pathwayPath(ref.PersonID), http.StatusSeeOther)
}

// Get is the message for one field, or "" (also on a nil *formErrors, so
// templates can ask without checking first).
func (fe *formErrors) Get(name string) string {
	if fe == nil {
		return ""
	}
	return fe.Fields[name]
}
