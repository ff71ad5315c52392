package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/staff"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

type supervisionData struct {
	Mine, Supervisees, Team []store.StaffStanding
	TeamOverdue             int
	Sessions                store.Paged[store.SupervisionRow]
	Pager                   pager
	Auditor, Manager        bool
	Expectations            []expectationRow
	// The choices of the forms.
	TeamOptions, StaffOptions, TypeOptions, RoleOptions, FrequencyOptions []form.Option
}

type expectationRow struct{ Team, Role, Type, Frequency string }

func supervisionScope(u *auth.User) store.SupervisionScope {
	switch u.Role {
	case auth.Auditor:
		return store.SupervisionScope{All: true}
	case auth.TeamManager:
		return store.SupervisionScope{UserID: u.ID, TeamIDs: teamIDs(u)}
	}
	return store.SupervisionScope{UserID: u.ID}
}

func (s *Server) supervisionData(r *http.Request) (supervisionData, error) {
	ctx, u := r.Context(), currentUser(r)
	d := supervisionData{Auditor: u.Role == auth.Auditor, Manager: u.Role == auth.TeamManager}
	page, err := pageParam(r, "page")
	if err != nil {
		return d, err
	}
	if d.Sessions, err = s.db.SupervisionSessions(ctx, supervisionScope(u), page); err != nil {
		return d, err
	}
	if d.Pager, err = newPager(r, "page", d.Sessions); err != nil || d.Auditor {
		return d, err
	}
	today := staff.Today(s.db.Now())
	if d.Mine, err = s.db.SupervisionStandings(ctx, teamIDs(u), []int64{u.ID}, today); err != nil {
		return d, err
	}
	ids, err := s.db.Supervisees(ctx, u.ID)
	if err != nil {
		return d, err
	}
	if len(ids) > 0 && !d.Manager {
		if d.Supervisees, err = s.db.SupervisionStandings(ctx, teamIDs(u), ids, today); err != nil {
			return d, err
		}
	}
	if d.Manager {
		if d.Team, err = s.db.SupervisionStandings(ctx, teamIDs(u), nil, today); err != nil {
			return d, err
		}
		for _, st := range d.Team {
			if st.Overdue() {
				d.TeamOverdue++
			}
		}
	}
	if d.TeamOptions, err = s.myTeamOptions(r); err != nil {
		return d, err
	}
	names := map[string]string{}
	for _, o := range d.TeamOptions {
		names[o.Value] = o.Label
	}
	exps, err := s.db.SupervisionExpectations(ctx, teamIDs(u))
	if err != nil {
		return d, err
	}
	for _, e := range exps {
		d.Expectations = append(d.Expectations, expectationRow{names[fmt.Sprint(e.TeamID)], e.Role.Label(), e.Type.Label(), e.Frequency.Label()})
	}
	people, err := s.db.TeamStaff(ctx, teamIDs(u))
	d.StaffOptions = staffOptions(people)
	for _, t := range staff.SupervisionTypes {
		d.TypeOptions = append(d.TypeOptions, form.Option{Value: string(t), Label: t.Label()})
	}
	for _, role := range staff.SupervisedRoles {
		d.RoleOptions = append(d.RoleOptions, form.Option{Value: string(role), Label: role.Label()})
	}
	for _, f := range staff.Frequencies {
		d.FrequencyOptions = append(d.FrequencyOptions, form.Option{Value: string(f), Label: f.Label()})
	}
	return d, err
}

// myTeamOptions offers the signed-in user's own teams.
func (s *Server) myTeamOptions(r *http.Request) ([]form.Option, error) {
	teams, err := s.db.Teams(r.Context())
	var out []form.Option
	for _, t := range teams {
		if slices.Contains(currentUser(r).TeamIDs, t.ID) {
			out = append(out, form.Option{Value: fmt.Sprint(t.ID), Label: t.Name})
		}
	}
	return out, err
}

func (s *Server) renderSupervision(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	d, derr := s.supervisionData(r)
	if derr != nil {
		return derr
	}
	if posted == nil {
		u := currentUser(r)
		posted = url.Values{"held_on": {uktime.Date(s.db.Now())}, "supervisor": {fmt.Sprint(u.ID)}, "minutes": {"60"}, "type": {string(staff.Clinical)}}
		if len(d.TeamOptions) > 0 {
			posted.Set("team", d.TeamOptions[0].Value)
		}
	}
	s.render(w, r, status, "supervision", view{Title: "Supervision", D: d, Form: posted, Errors: errorsFrom(err)})
	return nil
}

// handleSupervision shows where you stand on supervision, the sessions
// you can see, and the form to record one.
func (s *Server) handleSupervision(w http.ResponseWriter, r *http.Request) error {
	return s.renderSupervision(w, r, http.StatusOK, nil, nil)
}

// handleSupervisionRecord records a session the signed-in user took part in.
func (s *Server) handleSupervisionRecord(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f := form.Read(r.PostForm)
	sess := staff.Session{
		TeamID:        f.ID("team", "Choose from the list"),
		SupervisorID:  f.ID("supervisor", "Choose from the list"),
		SuperviseeIDs: f.IDs("supervisees", "Choose from the list"),
		Type:          staff.SupervisionType(f.Text("type")),
		HeldOn:        f.Date("held_on", "Enter a real date, like 2026-03-17"),
		Minutes:       f.Int("minutes", "Enter the length as a whole number of minutes, like 60"),
		Notes:         f.Text("notes"),
	}
	if sess.TeamID != 0 && !slices.Contains(u.TeamIDs, sess.TeamID) {
		f.Add("team", "Choose one of your teams")
	}
	err := f.Err()
	if err == nil {
		err = f.With(s.db.RecordSupervision(r.Context(), actor(r), &sess))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "The supervision session has been recorded. Add who was discussed below if you talked about anyone's care.")
		return seeOther(fmt.Sprintf("/supervision/%d", sess.ID))
	case problem.Invalid:
		return s.renderSupervision(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
	}
	return err
}

// handleSupervisionExpected sets how often a team expects supervision.
func (s *Server) handleSupervisionExpected(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f := form.Read(r.PostForm)
	e := staff.Expectation{TeamID: f.ID("team", "Choose from the list"), Role: auth.Role(f.Text("role")),
		Type: staff.SupervisionType(f.Text("type")), Frequency: staff.Frequency(f.Text("frequency"))}
	if e.TeamID != 0 && !slices.Contains(u.TeamIDs, e.TeamID) {
		f.Add("team", "Choose one of your teams")
	}
	err := f.Err()
	if err == nil {
		err = f.With(s.db.SetSupervisionExpectation(r.Context(), actor(r), e))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Expected supervision saved: "+e.Role.Label()+", "+e.Type.Label()+", "+e.Frequency.Label()+".")
		return seeOther("/supervision#expected")
	case problem.Invalid:
		// The expectation form's fields are named apart from the session form's.
		return s.renderSupervision(w, r, http.StatusUnprocessableEntity, nil, problem.Errorf(problem.Invalid, "%s", problem.Message(err)))
	}
	return err
}

type supervisionSessionData struct {
	store.SupervisionRow
	PeopleOptions []form.Option
}

func (s *Server) renderSupervisionSession(w http.ResponseWriter, r *http.Request, status int, err error) error {
	id, perr := pathID(r)
	if perr != nil {
		return perr
	}
	u := currentUser(r)
	row, rerr := s.db.SupervisionSession(r.Context(), actor(r), supervisionScope(u), id)
	if rerr != nil {
		return rerr
	}
	d := supervisionSessionData{SupervisionRow: row}
	if !row.Private {
		// Who can be added: the open caseloads of the supervisees in the
		// session's team, the people a supervisee brings to supervision.
		for _, who := range row.SuperviseeIDs {
			eps, err := s.db.Episodes(r.Context(), store.EpisodeFilter{WorkerID: who, TeamIDs: []int64{row.TeamID}, ActiveOnly: true})
			if err != nil {
				return err
			}
			for _, e := range eps {
				if !slices.Contains(row.PeopleIDs, e.PersonID) {
					d.PeopleOptions = append(d.PeopleOptions, form.Option{Value: fmt.Sprint(e.PersonID), Label: e.PersonName + " (" + e.WorkerName + ")"})
				}
			}
		}
	}
	s.render(w, r, status, "supervision_session", view{Title: row.Type.Label() + " on " + uktime.Date(row.HeldOn), D: d, Errors: errorsFrom(err)})
	return nil
}

// handleSupervisionSession shows one session: all of it to the parties,
// only that it took place to a team manager or an auditor.
func (s *Server) handleSupervisionSession(w http.ResponseWriter, r *http.Request) error {
	return s.renderSupervisionSession(w, r, http.StatusOK, nil)
}

// handleSupervisionPeople adds who was discussed, by a party.
func (s *Server) handleSupervisionPeople(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	ids := f.IDs("people", "Choose from the list")
	err = f.Err()
	if err == nil {
		err = f.With(s.db.AddSupervisionPeople(r.Context(), actor(r), id, ids))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Saved who was discussed.")
		return seeOther(fmt.Sprintf("/supervision/%d", id))
	case problem.Invalid:
		return s.renderSupervisionSession(w, r, http.StatusUnprocessableEntity, err)
	}
	return err
}
