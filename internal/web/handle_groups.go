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

type groupsData struct {
	Groups     []store.GroupRow
	Teams      []directory.Team
	Staff      []auth.User
	Modalities []string
}

func (s *Server) groupsData(r *http.Request) (groupsData, error) {
	u := currentUser(r)
	ctx := r.Context()
	d := groupsData{Modalities: care.GroupModalities}
	var err error
	if d.Groups, err = s.db.Groups(ctx, teamIDs(u)); err != nil {
		return d, err
	}
	teams, err := s.db.Teams(ctx)
	if err != nil {
		return d, err
	}
	for _, t := range teams {
		if slices.Contains(u.TeamIDs, t.ID) {
			d.Teams = append(d.Teams, t)
		}
	}
	d.Staff, err = s.db.TeamStaff(ctx, teamIDs(u))
	return d, err
}

func (s *Server) handleGroups(w http.ResponseWriter, r *http.Request) {
	d, err := s.groupsData(r)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	form := url.Values{"starts_on": {s.db.Now().Format(time.DateOnly)}, "facilitators": {fmt.Sprint(currentUser(r).ID)}}
	if len(d.Teams) > 0 {
		form.Set("team", fmt.Sprint(d.Teams[0].ID))
	}
	s.render(w, r, http.StatusOK, "groups", view{Title: "Groups", D: d, Form: form})
}

func (s *Server) handleGroupCreate(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	f := r.PostForm
	var v problem.Validation
	g := care.Group{Name: strings.TrimSpace(f.Get("name")), Modality: f.Get("modality")}
	if ids := formIDs(f, "team", &v); len(ids) > 0 {
		g.TeamID = ids[0]
	}
	if g.TeamID != 0 && !slices.Contains(u.TeamIDs, g.TeamID) {
		v.Add("team", "Choose one of your teams")
	}
	g.StartsOn = readDate(f, "starts_on", &v, "Enter a real start date, like 2026-03-17")
	g.EndsOn = readDate(f, "ends_on", &v, "Enter a real end date, like 2026-09-29")
	g.FacilitatorIDs = formIDs(f, "facilitators", &v)
	var err error
	if v.Err() == nil {
		err = s.db.CreateGroup(r.Context(), actor(r), &g)
	}
	if err = combine(&v, err); err != nil {
		if problem.Code(err) != problem.Invalid {
			s.renderProblem(w, r, err)
			return
		}
		d, derr := s.groupsData(r)
		if derr != nil {
			s.renderProblem(w, r, derr)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "groups", view{Title: "Groups", D: d, Form: f, Errors: errorsFrom(err)})
		return
	}
	s.setFlash(w, g.Name+" has been set up. Add members and sessions below.")
	http.Redirect(w, r, fmt.Sprintf("/groups/%d", g.ID), http.StatusSeeOther)
}

type groupData struct {
	store.GroupDetail
	Now        time.Time
	Candidates []store.EpisodeRow // open episodes in the team not yet members
	Outcomes   []care.Outcome
	All        bool
}

// groupDetail reads a group the user's teams run; other groups are not found.
func (s *Server) groupDetail(r *http.Request) (groupData, error) {
	d := groupData{Now: s.db.Now(), Outcomes: care.Outcomes, All: r.URL.Query().Get("all") == "1"}
	id, err := pathID(r)
	if err != nil {
		return d, err
	}
	from := time.Time{}
	if !d.All {
		from = d.Now.AddDate(0, 0, -28)
	}
	if d.GroupDetail, err = s.db.GroupDiary(r.Context(), id, from, time.Time{}); err != nil {
		return d, err
	}
	if !slices.Contains(currentUser(r).TeamIDs, d.TeamID) {
		return d, errNotYourGroup
	}
	eps, err := s.db.Episodes(r.Context(), store.EpisodeFilter{TeamIDs: []int64{d.TeamID}, ActiveOnly: true, Limit: 2000})
	if err != nil {
		return d, err
	}
	member := map[int64]bool{}
	for _, m := range d.MemberList {
		member[m.EpisodeID] = true
	}
	for _, e := range eps {
		if !member[e.ID] {
			d.Candidates = append(d.Candidates, e)
		}
	}
	return d, nil
}

func (s *Server) renderGroup(w http.ResponseWriter, r *http.Request, status int, form url.Values, err error) {
	d, derr := s.groupDetail(r)
	if derr != nil {
		s.renderProblem(w, r, derr)
		return
	}
	if form == nil {
		form = url.Values{"date": {d.Now.Format(time.DateOnly)}, "time": {"14:00"}, "minutes": {"150"}}
	}
	fe := errorsFrom(err)
	fe.pointAt(groupErrorAnchors(d, form))
	s.render(w, r, status, "group", view{Title: d.Name, D: d, Form: form, Errors: fe})
}

// groupErrorAnchors maps the group page's validation fields to the ids of
// the controls that are on the page: the session form's, the member
// picker when there is anyone to add, and the attendance select of the
// place whose form was sent.
func groupErrorAnchors(d groupData, form url.Values) map[string]string {
	ids := map[string]string{"date": "date", "starts_at": "date", "time": "time", "minutes": "minutes", "location": "location"}
	if len(d.Candidates) > 0 {
		ids["episode"] = "episode"
	}
	for _, gs := range d.Sessions {
		for _, pl := range gs.Places {
			if pl.Outcome == "" && fmt.Sprint(pl.AppointmentID) == form.Get("appointment") {
				id := fmt.Sprintf("attendance-%d", pl.AppointmentID)
				ids["outcome"], ids["outcome_note"], ids["version"] = id, id, id
			}
		}
	}
	return ids
}

func (s *Server) handleGroup(w http.ResponseWriter, r *http.Request) {
	s.renderGroup(w, r, http.StatusOK, nil, nil)
}

// groupWrite checks the group is one of the user's teams' before a change.
func (s *Server) groupWrite(w http.ResponseWriter, r *http.Request) (int64, bool) {
	d, err := s.groupDetail(r)
	if err != nil {
		s.renderProblem(w, r, err)
		return 0, false
	}
	return d.ID, true
}

func (s *Server) afterGroupWrite(w http.ResponseWriter, r *http.Request, id int64, err error, msg string) {
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		s.renderGroup(w, r, statusFor(err), r.PostForm, err)
		return
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, fmt.Sprintf("/groups/%d", id), http.StatusSeeOther)
}

func (s *Server) handleGroupMember(w http.ResponseWriter, r *http.Request) {
	id, ok := s.groupWrite(w, r)
	if !ok {
		return
	}
	var v problem.Validation
	eps := formIDs(r.PostForm, "episode", &v)
	var err error
	if len(eps) == 0 {
		v.Add("episode", "Choose the person to add")
	} else if v.Err() == nil {
		err = s.db.AddGroupMember(r.Context(), actor(r), id, eps[0])
	}
	s.afterGroupWrite(w, r, id, combine(&v, err), "Member added and booked into the sessions to come.")
}

func (s *Server) handleGroupSession(w http.ResponseWriter, r *http.Request) {
	id, ok := s.groupWrite(w, r)
	if !ok {
		return
	}
	var v problem.Validation
	gs := care.GroupSession{GroupID: id, Location: strings.TrimSpace(r.PostForm.Get("location"))}
	gs.StartsAt = formDateTime(r.PostForm, "date", "time", &v)
	gs.Minutes = formWhole(r.PostForm, "minutes", &v, "Length must be a whole number of minutes")
	if gs.StartsAt.IsZero() && v.Err() == nil {
		v.Add("date", "Enter the date of the session")
	}
	var err error
	if v.Err() == nil {
		err = s.db.AddGroupSession(r.Context(), actor(r), &gs)
		// The date input is called "date"; point the summary at it.
		if msg := problem.Fields(err)["starts_at"]; msg != "" {
			v.Add("date", msg)
			err = nil
		}
	}
	s.afterGroupWrite(w, r, id, combine(&v, err), "Session added and every member booked into it.")
}

func (s *Server) handleGroupAttendance(w http.ResponseWriter, r *http.Request) {
	id, ok := s.groupWrite(w, r)
	if !ok {
		return
	}
	sid, err := subID(r, "sid")
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	var v problem.Validation
	aids := formIDs(r.PostForm, "appointment", &v)
	version := formWhole(r.PostForm, "version", &v, "Reload the page and try again")
	if len(aids) == 0 {
		s.renderProblem(w, r, problem.Errorf(problem.NotFound, "No place at that group session"))
		return
	}
	var task *care.Task
	if v.Err() == nil {
		task, err = s.db.RecordGroupAttendance(r.Context(), actor(r), id, sid, aids[0], version, care.Outcome(r.PostForm.Get("outcome")), "")
	}
	msg := "Attendance recorded."
	if task != nil {
		msg = fmt.Sprintf("Did not attend recorded. Their named worker has a follow-up task due on %s.", task.DueOn.Format("Monday 2 January"))
	}
	s.afterGroupWrite(w, r, id, combine(&v, err), msg)
}
