package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
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
	Outcomes  []form.Option // what can be recorded for an appointment
	Now       time.Time
}

// pathwayStatuses are the stages this part of the record covers.
var pathwayStatuses = map[care.ReferralStatus]bool{care.ReferralAccepted: true, care.ReferralWaiting: true, care.ReferralAssessBooked: true,
	care.ReferralAssessed: true, care.ReferralTeamDiscussion: true, care.ReferralOutcome: true}

// attendanceOutcomes are the answers to "what happened at the appointment".
var attendanceOutcomes = form.Options("attended", "Attended", "did-not-attend", "Did not attend",
	"cancelled-by-person", "Cancelled by the person", "cancelled-by-service", "Cancelled by the service")

// handlePathway shows a person's referrals from acceptance to the team's
// decision: appointments, assessment, formulation, decision and timeline.
func (s *Server) handlePathway(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, ctx := actor(r), r.Context()
	p, err := s.viewPerson(r, id)
	if err != nil {
		return err
	}
	refs, err := s.db.Referrals(ctx, store.ReferralFilter{PersonID: id})
	if err != nil {
		return err
	}
	d := pathwayData{Person: p, Self: a.Relationship == auth.RelSelf, Outcomes: attendanceOutcomes, Now: s.db.Now()}
	for _, ref := range refs {
		if !pathwayStatuses[ref.Status] {
			continue
		}
		pr, err := s.pathwayReferral(r, ref, d.Self)
		if err != nil {
			return err
		}
		d.Referrals = append(d.Referrals, pr)
	}
	s.render(w, r, http.StatusOK, "pathway", view{Title: "Assessment and team discussion: " + p.DisplayName(), D: d})
	return nil
}

// pathwayReferral gathers what has happened on one referral; the person
// does not see the assessment record itself.
func (s *Server) pathwayReferral(r *http.Request, ref store.ReferralRow, self bool) (pathwayReferral, error) {
	a, ctx := actor(r), r.Context()
	pr := pathwayReferral{ReferralRow: ref}
	x, found, err := s.db.Assessment(ctx, a, ref.ID)
	if err != nil {
		return pr, err
	}
	if found && !self {
		pr.Assessment = &x
	}
	f, found, err := s.db.Formulation(ctx, a, ref.ID)
	if err != nil {
		return pr, err
	}
	if found {
		pr.Formulation = &f
	}
	if pr.Appointments, err = s.db.Appointments(ctx, store.AppointmentFilter{ReferralID: ref.ID}); err != nil {
		return pr, err
	}
	if pr.Cases, err = s.db.Cases(ctx, store.CaseFilter{ReferralID: ref.ID}); err != nil {
		return pr, err
	}
	if pr.Steps, err = s.db.ReferralSteps(ctx, ref.ID); err != nil {
		return pr, err
	}
	upcoming := 0
	for _, ap := range pr.Appointments {
		if ap.Outcome == care.OutcomeNone {
			upcoming++
		}
	}
	pr.CanBook = !self && care.CheckAssessmentBooking(ref.Status, upcoming) == nil
	pr.CanAssess = !self && ref.Status == care.ReferralAssessBooked
	return pr, nil
}

// pathReferral reads the {rid} referral of the {id} person, audited.
func (s *Server) pathReferral(r *http.Request) (store.ReferralRow, error) {
	id, err := pathID(r)
	if err != nil {
		return store.ReferralRow{}, err
	}
	rid, err := pathInt(r, "rid")
	if err != nil {
		return store.ReferralRow{}, problem.Errorf(problem.NotFound, "That address does not name a referral. Check the link and try again.")
	}
	return s.db.PersonReferral(r.Context(), actor(r), id, rid)
}

// personReferralURL is a page about one of a person's referrals, such as
// "formulation" or "decision".
func personReferralURL(ref store.ReferralRow, tail string) string {
	return fmt.Sprintf("/people/%d/referrals/%d/%s", ref.PersonID, ref.ID, tail)
}

// pathwayURL is a person's assessment and team discussion page.
func pathwayURL(personID int64) string { return fmt.Sprintf("/people/%d/pathway", personID) }

type bookData struct {
	Referral    store.ReferralRow
	Person      care.Person
	Preferences store.Preferences
	// Teams are the service's teams, whose staff can run its assessments;
	// Team is the one whose staff are offered as Staff.
	Teams []form.Option
	Team  string
	// StaffHint says whose staff are offered.
	StaffHint string
	// Staff ends with any chosen from another team before the page came
	// back with a problem: still chosen, and shown so.
	Staff  []form.Option
	Booked []store.AppointmentRow
}

func (s *Server) handleBookForm(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.pathReferral(r)
	if err != nil {
		return err
	}
	typed := url.Values{"minutes": {"90"}, "staff": {strconv.FormatInt(currentUser(r).ID, 10)}, "team": {r.URL.Query().Get("team")}}
	return s.renderBook(w, r, http.StatusOK, ref, typed, nil)
}

// staffOption is a member of staff as a choice: their name and profession.
func staffOption(u auth.User) form.Option {
	label := u.DisplayName
	if u.Profession != "" {
		label += " (" + strings.ReplaceAll(u.Profession, "-", " ") + ")"
	}
	return form.Option{Value: strconv.FormatInt(u.ID, 10), Label: label}
}

func (s *Server) renderBook(w http.ResponseWriter, r *http.Request, status int, ref store.ReferralRow, typed url.Values, err error) error {
	ctx := r.Context()
	d := bookData{Referral: ref}
	var lerr error
	if d.Person, lerr = s.db.PersonNoAudit(ctx, ref.PersonID); lerr != nil {
		return lerr
	}
	if d.Preferences, lerr = s.db.PersonPreferences(ctx, ref.PersonID); lerr != nil {
		return lerr
	}
	all, lerr := s.db.Teams(ctx)
	if lerr != nil {
		return lerr
	}
	var teams []directory.Team
	for _, t := range all {
		if t.ServiceID == ref.ServiceID {
			teams = append(teams, t)
			d.Teams = append(d.Teams, form.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name})
		}
	}
	var staff []auth.User
	d.StaffHint = "This service has no teams, so no one can be booked"
	if team, ok := chosenTeam(teams, typed.Get("team"), currentUser(r).TeamIDs); ok {
		d.Team = strconv.FormatInt(team.ID, 10)
		if staff, lerr = s.db.TeamStaff(ctx, []int64{team.ID}); lerr != nil {
			return lerr
		}
		d.StaffHint = "Staff of " + team.Name
		if len(staff) == 0 {
			d.StaffHint = "No one in " + team.Name + " can be booked"
		}
		if len(teams) > 1 {
			d.StaffHint += ". To book someone from another team, choose it above first."
		}
	}
	for _, u := range staff {
		d.Staff = append(d.Staff, staffOption(u))
	}
	// Staff of other teams already chosen (the page is back with a
	// problem) stay chosen: read back those who may assess.
	var others []int64
	for _, v := range typed["staff"] {
		id, perr := strconv.ParseInt(v, 10, 64)
		if perr == nil && !slices.ContainsFunc(staff, func(u auth.User) bool { return u.ID == id }) {
			others = append(others, id)
		}
	}
	if len(others) > 0 && status != http.StatusOK {
		chosen, lerr := s.db.ServiceStaffAmong(ctx, ref.ServiceID, others)
		if lerr != nil {
			return lerr
		}
		for _, u := range chosen {
			o := staffOption(u)
			o.Label += ", another team"
			d.Staff = append(d.Staff, o)
		}
	}
	if d.Booked, lerr = s.db.Appointments(ctx, store.AppointmentFilter{ReferralID: ref.ID}); lerr != nil {
		return lerr
	}
	fe := errorsFrom(err)
	fe.pointAt(map[string]string{"date": "date", "starts_at": "date", "minutes": "minutes", "staff": "staff", "location": "location", "notes": "notes"})
	s.render(w, r, status, "assessment_book", view{Title: "Book an assessment", D: d, Form: typed, Errors: fe})
	return nil
}

func (s *Server) handleBook(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.pathReferral(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	const badWhen = "Enter the date as YYYY-MM-DD and the time as HH:MM, for example 2026-03-04 and 14:30"
	ap := care.Appointment{PersonID: ref.PersonID, ReferralID: ref.ID, Kind: care.KindAssessment, Location: f.Text("location"), Notes: f.Text("notes"),
		StartsAt: f.Time("date", "time", badWhen), Minutes: f.Int("minutes", "Length must be a whole number, like 12"),
		StaffIDs: f.IDs("staff", "Choose the staff from the list")}
	if ap.StartsAt.IsZero() || f.Text("time") == "" {
		f.Add("date", badWhen)
	}
	if err = f.Err(); err == nil {
		err = ap.Validate(s.db.Now())
	}
	if err == nil {
		err = s.db.BookAssessment(r.Context(), actor(r), &ap)
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Assessment booked for "+uktime.In(ap.StartsAt).Format("2 Jan 2006 at 15:04")+".")
		http.Redirect(w, r, pathwayURL(ref.PersonID), http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		return s.renderBook(w, r, statusFor(err), ref, r.PostForm, err)
	}
	return err
}

func (s *Server) handlePreferences(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	if err := s.db.SetWorkerPreferences(r.Context(), actor(r), id, f.Text("worker_gender_preference"), f.Text("interpreter_language")); err != nil {
		return err
	}
	s.setFlash(w, "Preferences saved.")
	next := safeNext(f.Text("next"))
	if !strings.HasPrefix(next, fmt.Sprintf("/people/%d/", id)) {
		next = pathwayURL(id)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) handleAttendance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aid, err := pathInt(r, "aid")
	if err != nil {
		return problem.Errorf(problem.NotFound, "That address does not name an appointment.")
	}
	f := form.Read(r.PostForm)
	version := f.Version()
	if err := f.Err(); err != nil {
		return err
	}
	task, err := s.db.RecordAssessmentAttendance(r.Context(), actor(r), id, aid, version, care.Outcome(f.Text("outcome")), f.Text("outcome_note"))
	if err != nil {
		return err
	}
	msg := "Attendance recorded."
	if task != nil {
		msg = "Recorded as did not attend. A follow-up task is due " + uktime.In(task.DueOn).Format("2 Jan 2006") + ": what got in the way, and how can we help? The assessment can be rebooked."
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, pathwayURL(id), http.StatusSeeOther)
	return nil
}

func (s *Server) handleMarkAssessed(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.pathReferral(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	version := f.Version()
	if err := f.Err(); err != nil {
		return err
	}
	if err := s.db.MarkAssessed(r.Context(), actor(r), ref.PersonID, ref.ID, version); err != nil {
		return err
	}
	s.setFlash(w, "Marked as assessed. The referral can now go on the team's agenda.")
	http.Redirect(w, r, pathwayURL(ref.PersonID), http.StatusSeeOther)
	return nil
}
