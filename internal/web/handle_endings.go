package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

type endingsData struct {
	Person         care.Person
	Now            time.Time
	Open           []store.EpisodeRow
	Endings        []store.EndingRow
	ReaccessMonths int
	MinAttempts    int
	MinMethods     int
	CanReaccess    map[int64]bool
	// The choices the ending and re-access forms offer. Meetings are recent
	// team discussions of the user's services, so an ending after loss of
	// contact can name the discussion that agreed it.
	EpisodeOptions, KindOptions, ServiceOptions, ReasonOptions, StaffOptions, MeetingOptions []form.Option
}

// endingKinds are the two kinds of ending, worded for the form.
var endingKinds = form.Options(string(care.EndingPlanned), "Planned with the person: fill in the ending plan",
	string(care.EndingUnplanned), "Unplanned: choose the reason")

func (s *Server) endingsData(r *http.Request) (endingsData, error) {
	ctx := r.Context()
	d := endingsData{Now: s.db.Now(), MinAttempts: care.NonEngagementMinAttempts, MinMethods: care.NonEngagementMinMethods,
		CanReaccess: map[int64]bool{}, KindOptions: endingKinds}
	id, err := pathID(r)
	if err != nil {
		return d, err
	}
	for _, x := range care.EndingReasons {
		d.ReasonOptions = append(d.ReasonOptions, form.Option{Value: x.Code, Label: x.Label})
	}
	if d.Person, err = s.viewPerson(r, id); err != nil {
		return d, err
	}
	if d.Open, err = s.db.Episodes(ctx, store.EpisodeFilter{PersonID: id, ActiveOnly: true}); err != nil {
		return d, err
	}
	d.EpisodeOptions = episodeOptions(d.Open, func(e store.EpisodeRow) string {
		return e.TeamName + modalityNote(e.Modality) + ", since " + uktime.In(e.StartedAt).Format("2 Jan 2006")
	})
	if d.Endings, err = s.db.Endings(ctx, id); err != nil {
		return d, err
	}
	services, err := s.db.Services(ctx)
	if err != nil {
		return d, err
	}
	for _, sv := range services {
		d.ServiceOptions = append(d.ServiceOptions, form.Option{Value: sv.ID, Label: sv.Name})
	}
	staff, err := s.db.TeamStaff(ctx, teamIDs(currentUser(r)))
	if err != nil {
		return d, err
	}
	d.StaffOptions = staffOptions(staff)
	if d.ReaccessMonths, _, err = s.db.ReaccessMonths(ctx); err != nil {
		return d, err
	}
	meetings, err := s.recentMeetings(r)
	if err != nil {
		return d, err
	}
	for _, m := range meetings {
		d.MeetingOptions = append(d.MeetingOptions, form.Option{Value: fmt.Sprint(m.ID), Label: uktime.In(m.At).Format("2 Jan 2006") + ": " + m.AttendeeNames})
	}
	for _, e := range d.Endings {
		d.CanReaccess[e.EpisodeID] = len(d.Open) == 0 && e.ReaccessedByID == 0 && care.CheckReaccess(e.EndedOn, d.Now, d.ReaccessMonths) == nil
	}
	return d, nil
}

// endingControls are the ids of the ending form's controls, shown while
// an episode is open.
var endingControls = []string{"episode", "ended_on", "kind", "further_support", "how_to_come_back", "keep_from_work",
	"directory_service_id", "reason", "note", "mdt_meeting", "mdt_on", "mdt_present", "mdt_rationale"}

func (s *Server) renderEndings(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	d, derr := s.endingsData(r)
	if derr != nil {
		return derr
	}
	if posted == nil {
		posted = url.Values{"ended_on": {uktime.Date(d.Now)}, "kind": {string(care.EndingPlanned)}}
		if len(d.Open) > 0 {
			posted.Set("episode", fmt.Sprint(d.Open[0].ID))
		}
	}
	var controls []string
	if len(d.Open) > 0 {
		controls = endingControls
	}
	for _, e := range d.Endings {
		if d.CanReaccess[e.EpisodeID] {
			controls = append(controls, fmt.Sprintf("worker-%d", e.EpisodeID))
		}
	}
	s.render(w, r, status, "endings", view{Title: "Endings and coming back: " + d.Person.DisplayName(), D: d, Form: posted, Errors: linkedTo(err, controls...)})
	return nil
}

func (s *Server) handleEndings(w http.ResponseWriter, r *http.Request) error {
	return s.renderEndings(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleEndingCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	e := care.Ending{Kind: care.EndingKind(f.Text("kind")), Note: f.Text("note"),
		FurtherSupport: f.Text("further_support"), DirectoryServiceID: f.Text("directory_service_id"),
		HowToComeBack: f.Text("how_to_come_back"), KeepFromWork: f.Text("keep_from_work"),
		CopyToPerson: f.Text("copy_to_person") == "yes",
		MDT:          care.MDTDecision{Present: f.Text("mdt_present"), Rationale: f.Text("mdt_rationale")}}
	if e.Kind == care.EndingUnplanned {
		e.Reason = f.Text("reason")
	}
	if e.EpisodeID = f.ID("episode", "Choose from the list"); e.EpisodeID == 0 {
		f.Add("episode", "Choose the episode of care that is ending")
	}
	e.EndedOn = f.Date("ended_on", "Enter a real date, like 2026-03-17")
	e.MDT.On = f.Date("mdt_on", "Enter a real date for the team discussion")
	const notListed = "Choose one of your teams' recent team discussions, or leave it blank and fill in the details"
	if mid := f.ID("mdt_meeting", notListed); mid != 0 {
		m, ok, err := s.chosenMeeting(r, mid)
		if err != nil {
			return err
		}
		if ok {
			// The recorded meeting is the evidence: its date and who was
			// there, whatever was typed in those two boxes.
			e.MDT.On, e.MDT.Present = m.At, m.AttendeeNames
		} else {
			f.Add("mdt_meeting", notListed)
		}
	}
	if err = f.Err(); err == nil {
		err = f.With(s.db.EndEpisode(r.Context(), actor(r), id, &e))
	}
	switch problem.Code(err) {
	case "":
		msg := "The ending has been recorded."
		if e.Kind == care.EndingPlanned {
			msg += " The ending plan is ready to print or give to the person."
		}
		s.setFlash(w, msg)
		http.Redirect(w, r, endingPlanURL(id, e.EpisodeID), http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		return s.renderEndings(w, r, statusFor(err), r.PostForm, err)
	}
	return err
}

type endingPlanData struct {
	Person care.Person
	Ending store.EndingRow
	Months int
	Until  time.Time
}

// handleEndingPlan is the printable ending plan, written to the person.
func (s *Server) handleEndingPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	eid, err := pathInt(r, "eid")
	if err != nil {
		return err
	}
	ctx := r.Context()
	var d endingPlanData
	if d.Person, err = s.viewPerson(r, id); err != nil {
		return err
	}
	endings, err := s.db.Endings(ctx, id)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(endings, func(e store.EndingRow) bool { return e.EpisodeID == eid })
	if i < 0 {
		return problem.Errorf(problem.NotFound, "No ending for that episode")
	}
	d.Ending = endings[i]
	if d.Months, _, err = s.db.ReaccessMonths(ctx); err != nil {
		return err
	}
	d.Until = care.ReaccessUntil(d.Ending.EndedOn, d.Months)
	s.render(w, r, http.StatusOK, "ending_plan", view{Title: "Ending plan: " + d.Person.DisplayName(), D: d})
	return nil
}

func (s *Server) handleReaccess(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	prev := f.ID("previous", "Choose from the list")
	if prev == 0 {
		return problem.Errorf(problem.NotFound, "Choose the ending to come back from")
	}
	// Each ending has its own form, whose worker control is named by it.
	worker := fmt.Sprintf("worker-%d", prev)
	wid := f.ID("worker", "Choose from the list")
	var ep care.Episode
	if err = onControls(f.Err(), map[string]string{"worker": worker}); err == nil {
		ep, err = s.db.Reaccess(r.Context(), actor(r), id, prev, wid, f.Text("reaccess_note"))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, fmt.Sprintf("Welcome back: a new episode of care has started (episode %d), without a new referral.", ep.ID))
		http.Redirect(w, r, personURL(id), http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		return s.renderEndings(w, r, statusFor(err), r.PostForm, err)
	}
	return err
}

type reaccessSettingsData struct {
	Months  int
	Default int
	Max     int
}

// reaccessSettingsURL is the team manager's re-access period setting.
const reaccessSettingsURL = "/settings/reaccess"

func (s *Server) renderReaccessSettings(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	m, version, derr := s.db.ReaccessMonths(r.Context())
	if derr != nil {
		return derr
	}
	if posted == nil {
		posted = url.Values{"months": {fmt.Sprint(m)}, form.VersionField: {fmt.Sprint(version)}}
	}
	s.render(w, r, status, "reaccess_settings", view{Title: "Coming back without a new referral",
		D: reaccessSettingsData{m, care.DefaultReaccessMonths, care.MaxReaccessMonths}, Form: posted, Errors: linkedTo(err, "months")})
	return nil
}

func (s *Server) handleReaccessSettings(w http.ResponseWriter, r *http.Request) error {
	return s.renderReaccessSettings(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleReaccessSettingsSave(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	months := f.Int("months", "Enter a whole number of months, like 6")
	version := f.Version()
	err := f.Err()
	if err == nil {
		err = f.With(s.db.SetReaccessMonths(r.Context(), actor(r), months, version))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, fmt.Sprintf("People can now come back within %d months of an ending without a new referral.", months))
		http.Redirect(w, r, reaccessSettingsURL, http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		return s.renderReaccessSettings(w, r, statusFor(err), r.PostForm, err)
	}
	return err
}

// recentMeetings lists the team discussions of the user's services held in
// the last 90 days, newest first.
func (s *Server) recentMeetings(r *http.Request) ([]store.MeetingRow, error) {
	teams, err := s.userTeams(r.Context(), currentUser(r))
	if err != nil {
		return nil, err
	}
	var services []string
	for _, t := range teams {
		if !slices.Contains(services, t.ServiceID) {
			services = append(services, t.ServiceID)
		}
	}
	all, err := s.db.Meetings(r.Context(), services, 200)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	var out []store.MeetingRow
	for _, m := range all {
		if !m.At.After(now) && m.At.After(now.AddDate(0, 0, -90)) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b store.MeetingRow) int { return b.At.Compare(a.At) })
	return out, nil
}

// chosenMeeting finds the posted meeting among the user's recent ones.
func (s *Server) chosenMeeting(r *http.Request, id int64) (store.MeetingRow, bool, error) {
	ms, err := s.recentMeetings(r)
	if err != nil {
		return store.MeetingRow{}, false, err
	}
	i := slices.IndexFunc(ms, func(m store.MeetingRow) bool { return m.ID == id })
	if i < 0 {
		return store.MeetingRow{}, false, nil
	}
	return ms[i], true, nil
}
