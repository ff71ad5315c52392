package web

import (
	"fmt"
	"net/http"
	"net/url"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/staff"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

// reflectiveMonths is how far back a staff member's own attendance goes.
const reflectiveMonths = 12

type reflectiveData struct {
	Months  []staff.MonthAttendance
	Groups  []store.ReflectiveGroupRow
	Manager bool
	// The choices of the group form.
	TeamOptions, FrequencyOptions []form.Option
	Facilitators                  facilitatorChoice
}

func frequencyOptions() []form.Option {
	var out []form.Option
	for _, f := range staff.Frequencies {
		out = append(out, form.Option{Value: string(f), Label: f.Label()})
	}
	return out
}

// facilitatorChoice is who may be chosen to facilitate: a group's
// facilitator often comes from outside its team, so any team's staff may,
// one team at a time (every team's at once was 2,735 options, a 125 KB
// page at scale 75). Teams are every team; Team the one whose staff are
// Staff.
type facilitatorChoice struct {
	Teams []form.Option
	Team  string
	Staff []form.Option
}

// facilitatorChoices offers the staff of the team asked for (the page's
// facilitator_team), else of the first of preferred.
func (s *Server) facilitatorChoices(r *http.Request, asked string, preferred []int64) (facilitatorChoice, error) {
	var c facilitatorChoice
	teams, err := s.db.Teams(r.Context())
	if err != nil {
		return c, err
	}
	for _, t := range teams {
		c.Teams = append(c.Teams, form.Option{Value: fmt.Sprint(t.ID), Label: t.Name})
	}
	team, ok := chosenTeam(teams, asked, preferred)
	if !ok {
		return c, nil
	}
	c.Team = fmt.Sprint(team.ID)
	people, err := s.db.TeamStaff(r.Context(), []int64{team.ID})
	c.Staff = staffOptions(people)
	return c, err
}

func (s *Server) renderReflective(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	ctx, u := r.Context(), currentUser(r)
	today := staff.Today(s.db.Now())
	d := reflectiveData{Manager: u.Role == auth.TeamManager}
	hist, derr := s.db.ReflectiveHistory(ctx, teamIDs(u), today.AddDate(0, 1-reflectiveMonths, -today.Day()+1))
	if derr != nil {
		return derr
	}
	d.Months = staff.Months(hist, u.ID, today, reflectiveMonths)
	if d.Groups, derr = s.db.ReflectiveGroups(ctx, u.ID, teamIDs(u), today); derr != nil {
		return derr
	}
	if d.Manager {
		if d.TeamOptions, derr = s.myTeamOptions(r); derr != nil {
			return derr
		}
		if posted == nil {
			posted = url.Values{"frequency": {string(staff.Monthly)}, "facilitator_team": {r.URL.Query().Get("facilitator_team")}}
		}
		if d.Facilitators, derr = s.facilitatorChoices(r, posted.Get("facilitator_team"), u.TeamIDs); derr != nil {
			return derr
		}
		d.FrequencyOptions = frequencyOptions()
	}
	s.render(w, r, status, "reflective", view{Title: "Reflective practice", D: d, Form: posted, Errors: errorsFrom(err)})
	return nil
}

// handleReflective shows your own attendance by month and your teams'
// groups with their attendance.
func (s *Server) handleReflective(w http.ResponseWriter, r *http.Request) error {
	return s.renderReflective(w, r, http.StatusOK, nil, nil)
}

// handleReflectiveGroupCreate sets up a group in one of the manager's teams.
func (s *Server) handleReflectiveGroupCreate(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	g := staff.ReflectiveGroup{TeamID: f.ID("team", "Choose from the list"), Name: f.Text("name"),
		FacilitatorID: f.ID("facilitator", "Choose from the list"), Frequency: staff.Frequency(f.Text("frequency"))}
	err := f.Err()
	if err == nil {
		err = f.With(s.db.CreateReflectiveGroup(r.Context(), actor(r), &g))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "The group "+g.Name+" has been set up. Record each session's attendance from its page.")
		return seeOther(fmt.Sprintf("/reflective/groups/%d", g.ID))
	case problem.Invalid:
		return s.renderReflective(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
	}
	return err
}

type reflectiveGroupData struct {
	Group           store.ReflectiveGroupRow
	Sessions        store.Paged[store.ReflectiveSessionRow]
	Pager           pager
	CanRecord       bool
	Facilitators    facilitatorChoice
	AttendeeOptions []form.Option // the group's team
}

func (s *Server) renderReflectiveGroup(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	id, perr := pathID(r)
	if perr != nil {
		return perr
	}
	ctx, u := r.Context(), currentUser(r)
	g, gerr := s.db.ReflectiveGroup(ctx, u.ID, teamIDs(u), id)
	if gerr != nil {
		return gerr
	}
	d := reflectiveGroupData{Group: g}
	page, perr := pageParam(r, "page")
	if perr != nil {
		return perr
	}
	if d.Sessions, perr = s.db.ReflectiveSessions(ctx, g.ID, page); perr != nil {
		return perr
	}
	if d.Pager, perr = newPager(r, "page", d.Sessions); perr != nil {
		return perr
	}
	// Anyone who may see the group may offer to record: the store lets
	// only the session's facilitator or a manager of the team save it.
	d.CanRecord = u.Role != auth.Admin
	if posted == nil {
		posted = url.Values{"held_on": {uktime.Date(s.db.Now())}, "facilitator": {fmt.Sprint(g.FacilitatorID)},
			"facilitator_team": {r.URL.Query().Get("facilitator_team")}}
	}
	if d.CanRecord {
		// The usual facilitator's own team first, so they are offered,
		// and chosen, as they were.
		usual, uerr := s.db.UserByID(ctx, g.FacilitatorID)
		if uerr != nil && problem.Code(uerr) != problem.NotFound {
			return uerr
		}
		if d.Facilitators, perr = s.facilitatorChoices(r, posted.Get("facilitator_team"), append(usual.TeamIDs, g.TeamID)); perr != nil {
			return perr
		}
		members, merr := s.db.TeamStaff(ctx, []int64{g.TeamID})
		if merr != nil {
			return merr
		}
		d.AttendeeOptions = staffOptions(members)
	}
	s.render(w, r, status, "reflective_group", view{Title: g.Name, D: d, Form: posted, Errors: errorsFrom(err)})
	return nil
}

// handleReflectiveGroup shows a group's sessions and who attended each.
func (s *Server) handleReflectiveGroup(w http.ResponseWriter, r *http.Request) error {
	return s.renderReflectiveGroup(w, r, http.StatusOK, nil, nil)
}

// handleReflectiveSessionRecord records who attended a session.
func (s *Server) handleReflectiveSessionRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	if _, err := s.db.ReflectiveGroup(r.Context(), u.ID, teamIDs(u), id); err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	sess := staff.ReflectiveSession{GroupID: id, HeldOn: f.Date("held_on", "Enter a real date, like 2026-03-17"),
		FacilitatorID: f.ID("facilitator", "Choose from the list"), AttendeeIDs: f.IDs("attendees", "Choose from the list")}
	err = f.Err()
	if err == nil {
		err = f.With(s.db.RecordReflectiveSession(r.Context(), actor(r), &sess))
	}
	switch problem.Code(err) {
	case "":
		n := len(sess.AttendeeIDs)
		s.setFlash(w, fmt.Sprintf("Attendance recorded for the session on %s: %d %s.", uktime.Date(sess.HeldOn), n, map[bool]string{true: "person", false: "people"}[n == 1]))
		return seeOther(fmt.Sprintf("/reflective/groups/%d", id))
	case problem.Invalid:
		return s.renderReflectiveGroup(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
	}
	return err
}
