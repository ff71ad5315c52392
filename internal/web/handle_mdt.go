package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// userServices are the directory services of the teams u belongs to.
func (s *Server) userServices(ctx context.Context, u *auth.User) ([]string, error) {
	teams, err := s.db.Teams(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range teams {
		if slices.Contains(u.TeamIDs, t.ID) && !contains(out, t.ServiceID) {
			out = append(out, t.ServiceID)
		}
	}
	return out, nil
}

type meetingsData struct {
	Meetings []store.MeetingRow
	Services []string
	Staff    []checkOption
	CanPlan  bool
}

func (s *Server) handleMeetings(w http.ResponseWriter, r *http.Request) {
	s.renderMeetings(w, r, http.StatusOK, url.Values{"time": {"10:00"}}, nil)
}

func (s *Server) renderMeetings(w http.ResponseWriter, r *http.Request, status int, f url.Values, fe *formErrors) {
	ctx, u := r.Context(), currentUser(r)
	svcs, err := s.userServices(ctx, u)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	d := meetingsData{Services: svcs, CanPlan: mdtOrganisers.Allows(u.Role)}
	if d.Meetings, err = s.db.Meetings(ctx, svcs, 100); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	for _, sv := range svcs {
		staff, err := s.db.ServiceStaff(ctx, sv)
		if err != nil {
			s.renderProblem(w, r, err)
			return
		}
		for _, st := range staff {
			v := strconv.FormatInt(st.ID, 10)
			d.Staff = append(d.Staff, checkOption{v, st.DisplayName, contains(f["attendees"], v)})
		}
	}
	s.render(w, r, status, "mdt", view{Title: "Team discussions", D: d, Form: f, Errors: fe})
}

func (s *Server) handleMeetingCreate(w http.ResponseWriter, r *http.Request) {
	ctx, f := r.Context(), r.PostForm
	svcs, err := s.userServices(ctx, currentUser(r))
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	var v problem.Validation
	m := care.Meeting{ServiceID: f.Get("service"), Notes: formText(f, "notes")}
	if len(svcs) == 1 && m.ServiceID == "" {
		m.ServiceID = svcs[0]
	}
	if m.ServiceID != "" && !contains(svcs, m.ServiceID) {
		v.Add("service", "You can plan meetings only for your own teams' service")
	}
	if at, ok := parseLocalTime(f.Get("date"), f.Get("time")); ok {
		m.At = at
	} else {
		v.Add("date", "Enter the date as YYYY-MM-DD and the time as HH:MM")
	}
	for _, a := range formValues(f, "attendees") {
		if n, err := strconv.ParseInt(a, 10, 64); err == nil {
			m.Attendees = append(m.Attendees, n)
		}
	}
	err = v.Err()
	if err == nil {
		err = s.db.CreateMeeting(ctx, actor(r), &m)
	}
	if err != nil {
		if problem.Code(err) != problem.Invalid {
			s.renderProblem(w, r, err)
			return
		}
		s.renderMeetings(w, r, statusFor(err), f, errorsFrom(err))
		return
	}
	s.setFlash(w, "Team discussion planned for "+m.At.Format("2 Jan 2006 at 15:04")+".")
	http.Redirect(w, r, fmt.Sprintf("/mdt/%d", m.ID), http.StatusSeeOther)
}

type meetingData struct {
	Meeting    store.MeetingRow
	Cases      []store.Case
	Candidates []store.ReferralRow
	CanPlan    bool
	CanDecide  bool
}

// meetingFor reads the {mid} meeting if it belongs to the user's service.
func (s *Server) meetingFor(w http.ResponseWriter, r *http.Request) (store.MeetingRow, bool) {
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	var m store.MeetingRow
	if err == nil {
		m, err = s.db.Meeting(r.Context(), mid)
	} else {
		err = problem.Errorf(problem.NotFound, "That address does not name a meeting.")
	}
	var svcs []string
	if err == nil {
		svcs, err = s.userServices(r.Context(), currentUser(r))
	}
	if err == nil && !contains(svcs, m.ServiceID) {
		err = problem.Errorf(problem.Forbidden, "This meeting belongs to another service's team.")
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return m, false
	}
	return m, true
}

func (s *Server) handleMeeting(w http.ResponseWriter, r *http.Request) {
	s.renderMeeting(w, r, http.StatusOK, nil)
}

func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, fe *formErrors) {
	m, ok := s.meetingFor(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), currentUser(r)
	d := meetingData{Meeting: m, CanPlan: mdtOrganisers.Allows(u.Role), CanDecide: teamDeciders.Allows(u.Role)}
	var err error
	if d.Cases, err = s.db.Cases(ctx, store.CaseFilter{MeetingID: m.ID}); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	refs, err := s.db.Referrals(ctx, store.ReferralFilter{TeamIDs: teamIDs(u), OpenOnly: true, Limit: 1000})
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	for _, ref := range refs {
		if ref.Status == care.ReferralAssessed && ref.ServiceID == m.ServiceID {
			d.Candidates = append(d.Candidates, ref)
		}
	}
	s.render(w, r, status, "mdt_meeting", view{Title: "Team discussion on " + m.At.Format("2 Jan 2006"), D: d, Errors: fe})
}

func (s *Server) handleCaseAdd(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meetingFor(w, r)
	if !ok {
		return
	}
	rid, _ := strconv.ParseInt(r.PostForm.Get("referral"), 10, 64)
	if rid == 0 {
		s.renderMeeting(w, r, http.StatusUnprocessableEntity, errorsFrom(&problem.Error{Code: problem.Invalid, Message: "Choose an assessed referral to add",
			Fields: map[string]string{"referral": "Choose an assessed referral to add"}}))
		return
	}
	// Only referrals to the user's own teams, which are the candidates shown.
	refs, err := s.db.Referrals(r.Context(), store.ReferralFilter{TeamIDs: teamIDs(currentUser(r)), OpenOnly: true, Limit: 1000})
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	var a auth.Actor
	for _, ref := range refs {
		if ref.ID == rid {
			a = auth.Actor{User: *currentUser(r), Relationship: auth.RelTeamReferr}
		}
	}
	if a.User.ID == 0 {
		s.renderProblem(w, r, problem.Errorf(problem.NotFound, "No open referral to your teams with that id"))
		return
	}
	if err := s.db.AddCase(r.Context(), a, m.ID, rid); err != nil {
		if c := problem.Code(err); c == problem.Invalid || c == problem.Conflict {
			s.renderMeeting(w, r, statusFor(err), errorsFrom(err))
			return
		}
		s.renderProblem(w, r, err)
		return
	}
	s.setFlash(w, "Added to the agenda.")
	http.Redirect(w, r, fmt.Sprintf("/mdt/%d", m.ID), http.StatusSeeOther)
}

type decisionData struct {
	Referral  store.ReferralRow
	Case      *store.Case
	Decisions []checkOption
	Modality  []checkOption
	Workers   []checkOption
	Services  []directory.Service
}

func (s *Server) handleDecisionForm(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	s.renderDecision(w, r, http.StatusOK, ref, url.Values{"version": {strconv.Itoa(ref.Version)}}, nil)
}

func (s *Server) renderDecision(w http.ResponseWriter, r *http.Request, status int, ref store.ReferralRow, f url.Values, fe *formErrors) {
	ctx := r.Context()
	d := decisionData{Referral: ref}
	cases, err := s.db.Cases(ctx, store.CaseFilter{ReferralID: ref.ID})
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	for i := range cases {
		if !cases[i].Decided() {
			d.Case = &cases[i]
		}
	}
	for _, dec := range care.TeamDecisions {
		d.Decisions = append(d.Decisions, checkOption{string(dec), dec.Label(), f.Get("decision") == string(dec)})
	}
	d.Modality = choiceOptions(care.TherapyModalities, f["modality"])
	seen := map[int64]bool{}
	for _, dec := range []care.TeamDecision{care.DecideCommunity, care.DecideTherapies} {
		users, err := s.db.DecisionTeamMembers(ctx, ref.ServiceID, dec)
		if err != nil && problem.Code(err) != problem.Invalid {
			s.renderProblem(w, r, err)
			return
		}
		team := "Community Team"
		if dec == care.DecideTherapies {
			team = "Therapies Team"
		}
		for _, u := range users {
			if seen[u.ID] {
				continue
			}
			seen[u.ID] = true
			v := strconv.FormatInt(u.ID, 10)
			d.Workers = append(d.Workers, checkOption{v, u.DisplayName + " (" + team + ")", f.Get("named_worker") == v})
		}
	}
	all, err := s.db.Services(ctx)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	for _, sv := range all {
		if sv.ID != ref.ServiceID {
			d.Services = append(d.Services, sv)
		}
	}
	s.render(w, r, status, "mdt_decision", view{Title: "Team decision", D: d, Form: f, Errors: fe})
}

func (s *Server) handleDecision(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	version, _ := strconv.Atoi(f.Get("version"))
	worker, _ := strconv.ParseInt(f.Get("named_worker"), 10, 64)
	d := care.CaseDecision{Decision: care.TeamDecision(f.Get("decision")), Rationale: formText(f, "rationale"), OnwardNote: formText(f, "onward_note"), NamedWorkerID: worker}
	if d.Decision == care.DecideTherapies {
		d.Modality = f.Get("modality")
	}
	if d.Decision == care.DecideSignpost {
		d.SignpostService = f.Get("signpost_service")
	}
	if !d.Decision.OpensEpisode() {
		d.NamedWorkerID = 0
	}
	_, err := s.db.Decide(r.Context(), actor(r), ref.PersonID, ref.ID, version, &d)
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		s.renderDecision(w, r, statusFor(err), ref, f, errorsFrom(err))
		return
	}
	s.setFlash(w, "Decision recorded: "+d.Decision.Label()+".")
	http.Redirect(w, r, pathwayPath(ref.PersonID), http.StatusSeeOther)
}
