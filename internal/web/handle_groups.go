package web

import (
	"fmt"
	"html/template"
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

type groupsData struct {
	Groups []store.GroupRow
	// The choices the "set up a group" form offers.
	ModalityOptions, TeamOptions, StaffOptions []form.Option
}

func (s *Server) groupsData(r *http.Request) (groupsData, error) {
	u := currentUser(r)
	ctx := r.Context()
	var d groupsData
	for _, m := range care.GroupModalities {
		d.ModalityOptions = append(d.ModalityOptions, form.Option{Value: m, Label: m})
	}
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
			d.TeamOptions = append(d.TeamOptions, form.Option{Value: fmt.Sprint(t.ID), Label: t.Name})
		}
	}
	staff, err := s.db.TeamStaff(ctx, teamIDs(u))
	d.StaffOptions = staffOptions(staff)
	return d, err
}

func (s *Server) renderGroups(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	d, derr := s.groupsData(r)
	if derr != nil {
		return derr
	}
	if posted == nil {
		posted = url.Values{"starts_on": {uktime.Date(s.db.Now())}, "facilitators": {fmt.Sprint(currentUser(r).ID)}}
		if len(d.TeamOptions) > 0 {
			posted.Set("team", d.TeamOptions[0].Value)
		}
	}
	s.render(w, r, status, "groups", view{Title: "Groups", D: d, Form: posted, Errors: errorsFrom(err)})
	return nil
}

func (s *Server) handleGroups(w http.ResponseWriter, r *http.Request) error {
	return s.renderGroups(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleGroupCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f := form.Read(r.PostForm)
	g := care.Group{Name: f.Text("name"), Modality: f.Text("modality"), TeamID: f.ID("team", "Choose from the list")}
	if g.TeamID != 0 && !slices.Contains(u.TeamIDs, g.TeamID) {
		f.Add("team", "Choose one of your teams")
	}
	g.StartsOn = f.Date("starts_on", "Enter a real start date, like 2026-03-17")
	g.EndsOn = f.Date("ends_on", "Enter a real end date, like 2026-09-29")
	g.FacilitatorIDs = f.IDs("facilitators", "Choose from the list")
	offered, err := s.db.TeamStaff(r.Context(), teamIDs(u))
	if err != nil {
		return err
	}
	onlyOffered(f, "facilitators", g.FacilitatorIDs, offered, "Choose facilitators from your teams' staff")
	err = f.Err()
	if err == nil {
		err = f.With(s.db.CreateGroup(r.Context(), actor(r), &g))
	}
	warn := "" // staff branch: training warning per facilitator (allocation_warning.go)
	for _, id := range g.FacilitatorIDs {
		if err == nil {
			warn += s.allocationNote(r, id, groupCourseModality(g.Modality), 0, g.ID, 0)
		}
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, g.Name+" has been set up. Add members and sessions below."+warn)
		http.Redirect(w, r, groupURL(g.ID), http.StatusSeeOther)
		return nil
	case problem.Invalid:
		return s.renderGroups(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
	}
	return err
}

type groupData struct {
	store.GroupDetail
	Now        time.Time
	Candidates []store.EpisodeRow // open episodes in the team not yet members
	All        bool
	// The choices of the member picker and the attendance forms.
	CandidateOptions, OutcomeOptions []form.Option
}

// AttendanceLabel labels a place's attendance control for screen readers
// only: the table row already shows whose place it is.
func (d groupData) AttendanceLabel(pl store.GroupPlace) template.HTML {
	return hiddenContext("", "Attendance of "+pl.PersonName)
}

// errNotYourGroup hides groups other teams run: they are not found.
var errNotYourGroup = problem.Errorf(problem.NotFound, "No group with that id in your teams")

// groupDetail reads a group the user's teams run; other groups are not found.
func (s *Server) groupDetail(r *http.Request) (groupData, error) {
	d := groupData{Now: s.db.Now(), OutcomeOptions: outcomeOptions(), All: r.URL.Query().Get("all") == "1"}
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
	eps, err := s.db.Episodes(r.Context(), store.EpisodeFilter{TeamIDs: []int64{d.TeamID}, ActiveOnly: true, Limit: store.AllRows})
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
	d.CandidateOptions = episodeOptions(d.Candidates, func(e store.EpisodeRow) string { return e.PersonName + modalityNote(e.Modality) })
	return d, nil
}

func (s *Server) renderGroup(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	d, derr := s.groupDetail(r)
	if derr != nil {
		return derr
	}
	if posted == nil {
		posted = url.Values{"date": {uktime.Date(d.Now)}, "time": {"14:00"}, "minutes": {"150"}}
	}
	fe := errorsFrom(err)
	fe.pointAt(groupErrorAnchors(d, posted))
	s.render(w, r, status, "group", view{Title: d.Name, D: d, Form: posted, Errors: fe})
	return nil
}

// groupErrorAnchors maps the group page's validation fields to the ids of
// the controls that are on the page: the session form's, the member
// picker when there is anyone to add, and the attendance select of the
// place whose form was sent.
func groupErrorAnchors(d groupData, posted url.Values) map[string]string {
	ids := map[string]string{"date": "date", "starts_at": "date", "time": "time", "minutes": "minutes", "location": "location"}
	if len(d.Candidates) > 0 {
		ids["episode"] = "episode"
	}
	for _, gs := range d.Sessions {
		for _, pl := range gs.Places {
			if pl.Outcome == "" && fmt.Sprint(pl.AppointmentID) == posted.Get("appointment") {
				id := fmt.Sprintf("attendance-%d", pl.AppointmentID)
				ids["outcome"], ids["outcome_note"], ids[form.VersionField] = id, id, id
			}
		}
	}
	return ids
}

func (s *Server) handleGroup(w http.ResponseWriter, r *http.Request) error {
	return s.renderGroup(w, r, http.StatusOK, nil, nil)
}

// groupWrite checks the group is one of the user's teams' before a change.
func (s *Server) groupWrite(r *http.Request) (int64, error) {
	d, err := s.groupDetail(r)
	return d.ID, err
}

// afterGroupWrite answers a change to a group: back to the group with msg,
// or the group page again with the form's problems.
func (s *Server) afterGroupWrite(w http.ResponseWriter, r *http.Request, id int64, err error, msg string) error {
	switch problem.Code(err) {
	case "":
		s.setFlash(w, msg)
		http.Redirect(w, r, groupURL(id), http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		return s.renderGroup(w, r, statusFor(err), r.PostForm, err)
	}
	return err
}

func (s *Server) handleGroupMember(w http.ResponseWriter, r *http.Request) error {
	id, err := s.groupWrite(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	episode := f.ID("episode", "Choose from the list")
	if episode == 0 && f.Err() == nil {
		f.Add("episode", "Choose the person to add")
	}
	if err = f.Err(); err == nil {
		err = f.With(s.db.AddGroupMember(r.Context(), actor(r), id, episode))
	}
	return s.afterGroupWrite(w, r, id, err, "Member added and booked into the sessions to come.")
}

func (s *Server) handleGroupSession(w http.ResponseWriter, r *http.Request) error {
	id, err := s.groupWrite(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	gs := care.GroupSession{GroupID: id, Location: f.Text("location"), StartsAt: startsAt(f),
		Minutes: f.Int("minutes", "Length must be a whole number of minutes")}
	if gs.StartsAt.IsZero() && f.Err() == nil {
		f.Add("date", "Enter the date of the session")
	}
	if err = f.Err(); err == nil {
		// The date input is called "date"; the domain's problems with the
		// start go beside it.
		err = f.With(onControls(s.db.AddGroupSession(r.Context(), actor(r), &gs), map[string]string{"starts_at": "date"}))
	}
	return s.afterGroupWrite(w, r, id, err, "Session added and every member booked into it.")
}

func (s *Server) handleGroupAttendance(w http.ResponseWriter, r *http.Request) error {
	id, err := s.groupWrite(r)
	if err != nil {
		return err
	}
	sid, err := pathInt(r, "sid")
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	aid := f.ID("appointment", "Choose from the list")
	version := f.Version()
	if aid == 0 {
		return problem.Errorf(problem.NotFound, "No place at that group session")
	}
	var task *care.Task
	if err = f.Err(); err == nil {
		task, err = s.db.RecordGroupAttendance(r.Context(), actor(r), id, sid, aid, version, care.Outcome(f.Text("outcome")), "")
		err = f.With(err)
	}
	msg := "Attendance recorded."
	if task != nil {
		msg = fmt.Sprintf("Did not attend recorded. Their named worker has a follow-up task due on %s.", uktime.In(task.DueOn).Format("Monday 2 January"))
	}
	return s.afterGroupWrite(w, r, id, err, msg)
}
