package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
)

type endingsData struct {
	Person         care.Person
	Now            time.Time
	Open           []store.EpisodeRow
	Endings        []store.EndingRow
	Reasons        []care.EndingReason
	Services       []directory.Service
	Staff          []auth.User
	ReaccessMonths int
	MinAttempts    int
	MinMethods     int
	CanReaccess    map[int64]bool
	// Meetings are recent team discussions of the user's services, so an
	// ending after loss of contact can name the discussion that agreed it.
	Meetings []store.MeetingRow
}

func (s *Server) endingsData(r *http.Request) (endingsData, error) {
	id, _ := pathID(r)
	ctx := r.Context()
	d := endingsData{Now: s.db.Now(), Reasons: care.EndingReasons, MinAttempts: care.NonEngagementMinAttempts, MinMethods: care.NonEngagementMinMethods,
		CanReaccess: map[int64]bool{}}
	var err error
	if d.Person, err = s.db.Person(ctx, actor(r), id); err != nil {
		return d, err
	}
	if d.Open, err = s.db.Episodes(ctx, store.EpisodeFilter{PersonID: id, ActiveOnly: true}); err != nil {
		return d, err
	}
	if d.Endings, err = s.db.Endings(ctx, id); err != nil {
		return d, err
	}
	if d.Services, err = s.db.Services(ctx); err != nil {
		return d, err
	}
	if d.Staff, err = s.db.TeamStaff(ctx, teamIDs(currentUser(r))); err != nil {
		return d, err
	}
	if d.ReaccessMonths, _, err = s.db.ReaccessMonths(ctx); err != nil {
		return d, err
	}
	if d.Meetings, err = s.recentMeetings(r); err != nil {
		return d, err
	}
	for _, e := range d.Endings {
		d.CanReaccess[e.EpisodeID] = len(d.Open) == 0 && e.ReaccessedByID == 0 && care.CheckReaccess(e.EndedOn, d.Now, d.ReaccessMonths) == nil
	}
	return d, nil
}

func (s *Server) renderEndings(w http.ResponseWriter, r *http.Request, status int, form url.Values, err error) {
	d, derr := s.endingsData(r)
	if derr != nil {
		s.renderProblem(w, r, derr)
		return
	}
	if form == nil {
		form = url.Values{"ended_on": {d.Now.Format(time.DateOnly)}, "kind": {"planned"}}
		if len(d.Open) > 0 {
			form.Set("episode", fmt.Sprint(d.Open[0].ID))
		}
	}
	s.render(w, r, status, "endings", view{Title: "Endings and coming back: " + d.Person.DisplayName(), D: d, Form: form, Errors: errorsFrom(err)})
}

func (s *Server) handleEndings(w http.ResponseWriter, r *http.Request) {
	s.renderEndings(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleEndingCreate(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	f := r.PostForm
	var v problem.Validation
	e := care.Ending{Kind: care.EndingKind(f.Get("kind")), Note: strings.TrimSpace(f.Get("note")),
		FurtherSupport: strings.TrimSpace(f.Get("further_support")), DirectoryServiceID: f.Get("directory_service_id"),
		HowToComeBack: strings.TrimSpace(f.Get("how_to_come_back")), KeepFromWork: strings.TrimSpace(f.Get("keep_from_work")),
		CopyToPerson: f.Get("copy_to_person") == "yes",
		MDT:          care.MDTDecision{Present: strings.TrimSpace(f.Get("mdt_present")), Rationale: strings.TrimSpace(f.Get("mdt_rationale"))}}
	if e.Kind == care.EndingUnplanned {
		e.Reason = f.Get("reason")
	} else {
		e.DirectoryServiceID = strings.TrimSpace(e.DirectoryServiceID)
	}
	if eps := formIDs(f, "episode", &v); len(eps) > 0 {
		e.EpisodeID = eps[0]
	} else {
		v.Add("episode", "Choose the episode of care that is ending")
	}
	e.EndedOn = readDate(f, "ended_on", &v, "Enter a real date, like 2026-03-17")
	e.MDT.On = readDate(f, "mdt_on", &v, "Enter a real date for the team discussion")
	if mid := strings.TrimSpace(f.Get("mdt_meeting")); mid != "" {
		if m, ok := s.chosenMeeting(r, mid); ok {
			// The recorded meeting is the evidence: its date and who was
			// there, whatever was typed in those two boxes.
			e.MDT.On, e.MDT.Present = m.At, m.AttendeeNames
		} else {
			v.Add("mdt_meeting", "Choose one of your teams' recent team discussions, or leave it blank and fill in the details")
		}
	}
	var err error
	if v.Err() == nil {
		err = s.db.EndEpisode(r.Context(), actor(r), id, &e)
	}
	if err = combine(&v, err); err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		s.renderEndings(w, r, statusFor(err), f, err)
		return
	}
	msg := "The ending has been recorded."
	if e.Kind == care.EndingPlanned {
		msg += " The ending plan is ready to print or give to the person."
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, fmt.Sprintf("/people/%d/endings/%d", id, e.EpisodeID), http.StatusSeeOther)
}

type endingPlanData struct {
	Person care.Person
	Ending store.EndingRow
	Months int
	Until  time.Time
}

// handleEndingPlan is the printable ending plan, written to the person.
func (s *Server) handleEndingPlan(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	eid, err := subID(r, "eid")
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	ctx := r.Context()
	d := endingPlanData{}
	if d.Person, err = s.db.Person(ctx, actor(r), id); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	endings, err := s.db.Endings(ctx, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	found := false
	for _, e := range endings {
		if e.EpisodeID == eid {
			d.Ending, found = e, true
		}
	}
	if !found {
		s.renderProblem(w, r, problem.Errorf(problem.NotFound, "No ending for that episode"))
		return
	}
	if d.Months, _, err = s.db.ReaccessMonths(ctx); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	d.Until = care.ReaccessUntil(d.Ending.EndedOn, d.Months)
	s.render(w, r, http.StatusOK, "ending_plan", view{Title: "Ending plan: " + d.Person.DisplayName(), D: d})
}

func (s *Server) handleReaccess(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	var v problem.Validation
	prev := formIDs(r.PostForm, "previous", &v)
	worker := formIDs(r.PostForm, "worker", &v)
	if len(prev) == 0 {
		s.renderProblem(w, r, problem.Errorf(problem.NotFound, "Choose the ending to come back from"))
		return
	}
	var wid int64
	if len(worker) > 0 {
		wid = worker[0]
	}
	ep, err := s.db.Reaccess(r.Context(), actor(r), id, prev[0], wid, strings.TrimSpace(r.PostForm.Get("reaccess_note")))
	if err = combine(&v, err); err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		s.renderEndings(w, r, statusFor(err), r.PostForm, err)
		return
	}
	s.setFlash(w, fmt.Sprintf("Welcome back: a new episode of care has started (episode %d), without a new referral.", ep.ID))
	http.Redirect(w, r, fmt.Sprintf("/people/%d", id), http.StatusSeeOther)
}

type reaccessSettingsData struct {
	Months  int
	Default int
	Max     int
}

func (s *Server) handleReaccessSettings(w http.ResponseWriter, r *http.Request) {
	m, v, err := s.db.ReaccessMonths(r.Context())
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "reaccess_settings", view{Title: "Coming back without a new referral",
		D: reaccessSettingsData{m, care.DefaultReaccessMonths, care.MaxReaccessMonths}, Form: url.Values{"months": {fmt.Sprint(m)}, "version": {fmt.Sprint(v)}}})
}

func (s *Server) handleReaccessSettingsSave(w http.ResponseWriter, r *http.Request) {
	var v problem.Validation
	months := formWhole(r.PostForm, "months", &v, "Enter a whole number of months, like 6")
	version := formWhole(r.PostForm, "version", &v, "Reload the page and try again")
	var err error
	if v.Err() == nil {
		err = s.db.SetReaccessMonths(r.Context(), actor(r), months, version)
	}
	if err = combine(&v, err); err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		m, _, derr := s.db.ReaccessMonths(r.Context())
		if derr != nil {
			s.renderProblem(w, r, derr)
			return
		}
		s.render(w, r, statusFor(err), "reaccess_settings", view{Title: "Coming back without a new referral",
			D: reaccessSettingsData{m, care.DefaultReaccessMonths, care.MaxReaccessMonths}, Form: r.PostForm, Errors: errorsFrom(err)})
		return
	}
	s.setFlash(w, fmt.Sprintf("People can now come back within %d months of an ending without a new referral.", months))
	http.Redirect(w, r, "/settings/reaccess", http.StatusSeeOther)
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
func (s *Server) chosenMeeting(r *http.Request, id string) (store.MeetingRow, bool) {
	ms, err := s.recentMeetings(r)
	if err != nil {
		return store.MeetingRow{}, false
	}
	for _, m := range ms {
		if fmt.Sprint(m.ID) == id {
			return m, true
		}
	}
	return store.MeetingRow{}, false
}
