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
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

// meetingURL is a team discussion's page.
func meetingURL(id int64) string { return fmt.Sprintf("/mdt/%d", id) }

// userServices are the directory services of the teams u belongs to.
func (s *Server) userServices(ctx context.Context, u *auth.User) ([]string, error) {
	teams, err := s.db.Teams(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range teams {
		if slices.Contains(u.TeamIDs, t.ID) && !slices.Contains(out, t.ServiceID) {
			out = append(out, t.ServiceID)
		}
	}
	return out, nil
}

type meetingsData struct {
	Meetings []store.MeetingRow
	Services []form.Option
	Staff    []form.Option
	CanPlan  bool
}

func (s *Server) handleMeetings(w http.ResponseWriter, r *http.Request) error {
	return s.renderMeetings(w, r, http.StatusOK, url.Values{"time": {"10:00"}}, nil)
}

func (s *Server) renderMeetings(w http.ResponseWriter, r *http.Request, status int, typed url.Values, err error) error {
	ctx, u := r.Context(), currentUser(r)
	svcs, lerr := s.userServices(ctx, u)
	if lerr != nil {
		return lerr
	}
	d := meetingsData{Services: plainOptions(svcs), CanPlan: mdtOrganisers.Allows(u.Role)}
	if d.Meetings, lerr = s.db.Meetings(ctx, svcs, 100); lerr != nil {
		return lerr
	}
	staff, lerr := s.attendeeChoices(ctx, u)
	if lerr != nil {
		return lerr
	}
	for _, st := range staff {
		d.Staff = append(d.Staff, form.Option{Value: strconv.FormatInt(st.ID, 10), Label: st.DisplayName})
	}
	fe := errorsFrom(err)
	fe.pointAt(map[string]string{"service": "service", "date": "date", "at": "date", "attendees": meetingAttendeeID, "notes": "notes"})
	s.render(w, r, status, "mdt", view{Title: "Team discussions", D: d, Form: typed, Errors: fe})
	return nil
}

// attendeeChoices are who can attend a team discussion u plans: the staff
// of u's own teams. The whole service's staff was offered before, 2,725
// boxes at scale 75 (a 700 KB page), and any account's id was accepted.
func (s *Server) attendeeChoices(ctx context.Context, u *auth.User) ([]auth.User, error) {
	return s.db.TeamStaff(ctx, teamIDs(u))
}

// meetingAttendeeID is the id of the first attendee box, which the
// browser tests choose by.
const meetingAttendeeID = "attendee-0"

func (s *Server) handleMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	svcs, err := s.userServices(ctx, currentUser(r))
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	m := care.Meeting{ServiceID: f.Text("service"), Notes: f.Text("notes")}
	if len(svcs) == 1 && m.ServiceID == "" {
		m.ServiceID = svcs[0]
	}
	if m.ServiceID != "" && !slices.Contains(svcs, m.ServiceID) {
		f.Add("service", "You can plan meetings only for your own teams' service")
	}
	const badWhen = "Enter the date as YYYY-MM-DD and the time as HH:MM"
	if m.At = f.Time("date", "time", badWhen); m.At.IsZero() || f.Text("time") == "" {
		f.Add("date", badWhen)
	}
	const fromTheList = "Choose who is attending from the list"
	m.Attendees = f.IDs("attendees", fromTheList)
	staff, err := s.attendeeChoices(ctx, currentUser(r))
	if err != nil {
		return err
	}
	onlyOffered(f, "attendees", m.Attendees, staff, fromTheList)
	if err = f.Err(); err == nil {
		err = s.db.CreateMeeting(ctx, actor(r), &m)
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Team discussion planned for "+uktime.In(m.At).Format("2 Jan 2006 at 15:04")+".")
		http.Redirect(w, r, meetingURL(m.ID), http.StatusSeeOther)
		return nil
	case problem.Invalid:
		return s.renderMeetings(w, r, statusFor(err), r.PostForm, err)
	}
	return err
}

type meetingData struct {
	Meeting store.MeetingRow
	Cases   []store.Case
	// Waiting are the assessed referrals waiting for a team discussion,
	// newest first, a page at a time: at region scale a service
	// can have thousands, too many for one list to choose from.
	Waiting   []store.ReferralRow
	Pager     pager
	CanPlan   bool
	CanDecide bool
}

// meetingFor reads the {mid} meeting if it belongs to the user's service.
func (s *Server) meetingFor(r *http.Request) (store.MeetingRow, error) {
	mid, err := pathInt(r, "mid")
	if err != nil {
		return store.MeetingRow{}, problem.Errorf(problem.NotFound, "That address does not name a meeting.")
	}
	m, err := s.db.Meeting(r.Context(), mid)
	if err != nil {
		return m, err
	}
	svcs, err := s.userServices(r.Context(), currentUser(r))
	if err != nil {
		return m, err
	}
	if !slices.Contains(svcs, m.ServiceID) {
		return m, problem.Errorf(problem.Forbidden, "This meeting belongs to another service's team.")
	}
	return m, nil
}

func (s *Server) handleMeeting(w http.ResponseWriter, r *http.Request) error {
	return s.renderMeeting(w, r, http.StatusOK, nil)
}

func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, err error) error {
	m, lerr := s.meetingFor(r)
	if lerr != nil {
		return lerr
	}
	ctx, u := r.Context(), currentUser(r)
	d := meetingData{Meeting: m, CanPlan: mdtOrganisers.Allows(u.Role), CanDecide: teamDeciders.Allows(u.Role)}
	if d.Cases, lerr = s.db.Cases(ctx, store.CaseFilter{MeetingID: m.ID}); lerr != nil {
		return lerr
	}
	if d.CanPlan {
		page, lerr := pageParam(r, "waiting_page")
		if lerr != nil {
			return lerr
		}
		waiting, lerr := s.assessedReferrals(ctx, u, m.ServiceID, page)
		if lerr != nil {
			return lerr
		}
		// A refused add is answered at the form's address; the pages
		// link to the meeting's.
		at := &http.Request{URL: &url.URL{Path: meetingURL(m.ID), RawQuery: r.URL.RawQuery}}
		if d.Pager, lerr = newPager(at, "waiting_page", waiting); lerr != nil {
			return lerr
		}
		d.Waiting = waiting.Rows
	}
	fe := errorsFrom(err)
	fe.pointAt(map[string]string{"referral": "referral"})
	s.render(w, r, status, "mdt_meeting", view{Title: "Team discussion on " + uktime.In(m.At).Format("2 Jan 2006"), D: d, Errors: fe})
	return nil
}

// assessedReferrals is a page of the assessed referrals to the service,
// if one of u's teams belongs to it, ready for a team discussion, newest
// first: the store is asked for exactly those, so none is left off the
// list.
func (s *Server) assessedReferrals(ctx context.Context, u *auth.User, serviceID string, page store.Page) (store.Paged[store.ReferralRow], error) {
	teams, err := s.userTeams(ctx, u)
	if err != nil {
		return store.Paged[store.ReferralRow]{}, err
	}
	ids := []int64{} // not nil: no team of u's at the service means no referrals
	for _, t := range teams {
		if t.ServiceID == serviceID {
			ids = append(ids, t.ID)
		}
	}
	return s.db.ReferralsPage(ctx, store.ReferralFilter{TeamIDs: ids, ServiceID: serviceID, Status: care.ReferralAssessed}, page)
}

func (s *Server) handleCaseAdd(w http.ResponseWriter, r *http.Request) error {
	m, err := s.meetingFor(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	const choose = "Choose an assessed referral to add"
	rid := f.ID("referral", choose)
	if rid == 0 {
		f.Add("referral", choose)
	}
	if err := f.Err(); err != nil {
		return s.renderMeeting(w, r, http.StatusUnprocessableEntity, err)
	}
	// Only open referrals to the user's own teams, which are the candidates
	// shown; the one referral is read, not a list to search.
	u := currentUser(r)
	ref, err := s.db.ReferralDetailNoAudit(r.Context(), rid)
	if err != nil && problem.Code(err) != problem.NotFound {
		return err
	}
	svcs, serr := s.userServices(r.Context(), u)
	if serr != nil {
		return serr
	}
	if err != nil || !ref.Status.Open() || !slices.Contains(svcs, ref.ServiceID) {
		return problem.Errorf(problem.NotFound, "No open referral to your teams with that id")
	}
	a := auth.Actor{User: *u, Relationship: auth.RelTeamReferr}
	err = s.db.AddCase(r.Context(), a, m.ID, rid)
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Added to the agenda.")
		http.Redirect(w, r, meetingURL(m.ID), http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		return s.renderMeeting(w, r, statusFor(err), err)
	}
	return err
}

type decisionData struct {
	Referral  store.ReferralRow
	Case      *store.Case
	Decisions []form.Option
	Modality  []form.Option
	Workers   []form.Option
	Services  []form.Option
}

func (s *Server) handleDecisionForm(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.pathReferral(r)
	if err != nil {
		return err
	}
	return s.renderDecision(w, r, http.StatusOK, ref, url.Values{form.VersionField: {strconv.Itoa(ref.Version)}}, nil)
}

func (s *Server) renderDecision(w http.ResponseWriter, r *http.Request, status int, ref store.ReferralRow, typed url.Values, err error) error {
	ctx := r.Context()
	d := decisionData{Referral: ref, Modality: choiceOptions(care.TherapyModalities)}
	cases, lerr := s.db.Cases(ctx, store.CaseFilter{ReferralID: ref.ID})
	if lerr != nil {
		return lerr
	}
	for i := range cases {
		if !cases[i].Decided() {
			d.Case = &cases[i]
		}
	}
	for _, dec := range care.TeamDecisions {
		d.Decisions = append(d.Decisions, form.Option{Value: string(dec), Label: dec.Label()})
	}
	seen := map[int64]bool{}
	for _, dec := range []care.TeamDecision{care.DecideCommunity, care.DecideTherapies} {
		users, err := s.db.DecisionTeamMembers(ctx, ref.ServiceID, dec)
		if err != nil && problem.Code(err) != problem.Invalid {
			return err
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
			d.Workers = append(d.Workers, form.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.DisplayName + " (" + team + ")"})
		}
	}
	all, lerr := s.db.Services(ctx)
	if lerr != nil {
		return lerr
	}
	for _, sv := range all {
		if sv.ID != ref.ServiceID {
			d.Services = append(d.Services, form.Option{Value: sv.ID, Label: sv.Name})
		}
	}
	errs := linkedTo(err, "decision", "modality", "named_worker", "signpost_service", "rationale", "onward_note")
	s.render(w, r, status, "mdt_decision", view{Title: "Team decision", D: d, Form: typed, Errors: errs})
	return nil
}

func (s *Server) handleDecision(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.pathReferral(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	version := f.Version()
	d := care.CaseDecision{Decision: care.TeamDecision(f.Text("decision")), Rationale: f.Text("rationale"), OnwardNote: f.Text("onward_note"),
		NamedWorkerID: f.ID("named_worker", "Choose a named worker from the list")}
	if d.Decision == care.DecideTherapies {
		d.Modality = f.Text("modality")
	}
	if d.Decision == care.DecideSignpost {
		d.SignpostService = f.Text("signpost_service")
	}
	if !d.Decision.OpensEpisode() {
		d.NamedWorkerID = 0
	}
	if err = f.Err(); err == nil {
		_, err = s.db.Decide(r.Context(), actor(r), ref.PersonID, ref.ID, version, &d)
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Decision recorded: "+d.Decision.Label()+".")
		http.Redirect(w, r, pathwayURL(ref.PersonID), http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		return s.renderDecision(w, r, statusFor(err), ref, r.PostForm, err)
	}
	return err
}
