package web

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/measures"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// scheduleCell is what applies to one measure for a team and modality.
type scheduleCell struct {
	Words string
	From  string // "default", "this team", "this team and modality", ...
}

type scheduleTeam struct {
	Team directory.Team
	Rows []scheduleTeamRow
}

type scheduleTeamRow struct {
	Measure string
	Cells   []scheduleCell // one per modality, in care.Modalities order
}

type scheduleRuleView struct {
	store.ScheduleRuleRow
	Words   string
	CanEdit bool
}

type scheduleConflictView struct {
	Saved, Yours string
}

type scheduleData struct {
	InForce     []scheduleTeam
	Defaults    []scheduleRuleView
	Rules       []scheduleRuleView
	Changes     []store.ScheduleChange
	Teams       []directory.Team // teams the user may set rules for
	Global      bool             // may set rules for every team
	Modalities  []string
	Measures    []*measures.Measure
	Editing     bool // the form changes a saved rule
	Conflict    *scheduleConflictView
	MaxSessions int
	// The rule form's choices; EveryTeam is the blank team choice, offered
	// only to those who may set rules for every team.
	TeamOptions     []form.Option
	EveryTeam       string
	ModalityOptions []form.Option
	MeasureOptions  []form.Option
}

// scheduleTeams are the teams a user may set rules for: their own, or
// every team for a system administrator.
func (s *Server) scheduleTeams(r *http.Request) ([]directory.Team, error) {
	all, err := s.db.Teams(r.Context())
	if err != nil {
		return nil, err
	}
	u := currentUser(r)
	if u.Role == auth.SystemAdmin {
		return all, nil
	}
	var out []directory.Team
	for _, t := range all {
		if slices.Contains(u.TeamIDs, t.ID) {
			out = append(out, t)
		}
	}
	return out, nil
}

// mayChangeRule: team managers change their own teams' rules; a rule for
// every team belongs to system administrators.
func mayChangeRule(u *auth.User, teamID int64) bool {
	if u.Role == auth.SystemAdmin {
		return true
	}
	return teamID != 0 && slices.Contains(u.TeamIDs, teamID)
}

func (s *Server) scheduleData(r *http.Request) (scheduleData, error) {
	ctx := r.Context()
	u := currentUser(r)
	d := scheduleData{Global: u.Role == auth.SystemAdmin, Modalities: care.Modalities, Measures: catalogueOrder(), MaxSessions: measures.MaxEverySessions}
	var err error
	if d.Teams, err = s.scheduleTeams(r); err != nil {
		return d, err
	}
	rows, err := s.db.ScheduleRuleRows(ctx)
	if err != nil {
		return d, err
	}
	var configured []measures.ScheduleRule
	for _, row := range rows {
		configured = append(configured, row.ScheduleRule)
		if row.TeamID != 0 && !slices.Contains(teamIDsOf(d.Teams), row.TeamID) {
			continue
		}
		d.Rules = append(d.Rules, scheduleRuleView{ScheduleRuleRow: row, Words: row.InWords(), CanEdit: mayChangeRule(u, row.TeamID)})
	}
	for _, rule := range measures.DefaultSchedule {
		d.Defaults = append(d.Defaults, scheduleRuleView{ScheduleRuleRow: store.ScheduleRuleRow{ScheduleRule: rule}, Words: rule.InWords()})
	}
	for _, t := range d.Teams {
		st := scheduleTeam{Team: t}
		for _, m := range d.Measures {
			row := scheduleTeamRow{Measure: m.ID}
			for _, mod := range care.Modalities {
				row.Cells = append(row.Cells, cellFor(measures.Applying(configured, t.ID, mod), m.ID))
			}
			st.Rows = append(st.Rows, row)
		}
		d.InForce = append(d.InForce, st)
	}
	var scope []int64
	if !d.Global {
		scope = teamIDsOf(d.Teams)
	}
	if d.Changes, err = s.db.ScheduleChanges(ctx, scope, 50); err != nil {
		return d, err
	}
	return d, nil
}

func teamIDsOf(teams []directory.Team) []int64 {
	ids := []int64{}
	for _, t := range teams {
		ids = append(ids, t.ID)
	}
	return ids
}

// cellFor says what applies to a measure and where it comes from; a
// measure with neither a rule nor a default is not used.
func cellFor(applying []measures.ScheduleRule, measureID string) scheduleCell {
	for _, r := range applying {
		if r.MeasureID != measureID {
			continue
		}
		c := scheduleCell{Words: r.InWords()}
		switch {
		case r.ID == 0:
			c.From = "default"
		case r.TeamID != 0 && r.Modality != "":
			c.From = "this team and modality"
		case r.TeamID != 0:
			c.From = "this team"
		case r.Modality != "":
			c.From = "every team, this modality"
		default:
			c.From = "every team"
		}
		return c
	}
	return scheduleCell{Words: "switched off", From: "no default"}
}

func ruleValues(r store.ScheduleRuleRow) url.Values {
	v := url.Values{"id": {fmt.Sprint(r.ID)}, "version": {fmt.Sprint(r.Version)}, "team": {""}, "modality": {r.Modality}, "measure": {r.MeasureID}, "mode": {"on"}}
	if r.TeamID != 0 {
		v.Set("team", fmt.Sprint(r.TeamID))
	}
	if r.Off() {
		v.Set("mode", "off")
	}
	if r.AtAssessment {
		v.Set("at_assessment", "yes")
	}
	if r.EverySessions > 0 {
		v.Set("every_sessions", fmt.Sprint(r.EverySessions))
	}
	if r.AtEnding {
		v.Set("at_ending", "yes")
	}
	return v
}

// scheduleURL is the page of rules for when measures are due.
const scheduleURL = "/measures/schedule"

// scheduleOptions fills the choices of the rule form.
func (d *scheduleData) scheduleOptions() {
	for _, t := range d.Teams {
		d.TeamOptions = append(d.TeamOptions, form.Option{Value: fmt.Sprint(t.ID), Label: t.Name})
	}
	if d.Global {
		d.EveryTeam = "Every team"
	}
	for _, m := range d.Modalities {
		d.ModalityOptions = append(d.ModalityOptions, form.Option{Value: m, Label: m})
	}
	for _, m := range d.Measures {
		d.MeasureOptions = append(d.MeasureOptions, form.Option{Value: m.ID, Label: m.ID + ": " + m.Name})
	}
}

func (s *Server) renderSchedule(w http.ResponseWriter, r *http.Request, status int, values url.Values, err error, conflict *scheduleConflictView) error {
	d, derr := s.scheduleData(r)
	if derr != nil {
		return derr
	}
	d.scheduleOptions()
	d.Conflict = conflict
	if values == nil {
		values = url.Values{"mode": {"on"}}
		if len(d.Teams) > 0 {
			values.Set("team", fmt.Sprint(d.Teams[0].ID))
		}
	}
	d.Editing = form.Read(values).Text("id") != ""
	fe := errorsFrom(err)
	// The hidden id and version have no control to link to.
	fe.pointAt(map[string]string{"team": "team", "modality": "modality", "measure": "measure", "mode": "mode", "every_sessions": "every_sessions"})
	s.render(w, r, status, "measures_schedule", view{Title: "When measures are due", D: d, Form: values, Errors: fe})
	return nil
}

// scheduleRuleFor is the saved rule id, if this user may change it; a rule
// they may not change is answered as not there.
func (s *Server) scheduleRuleFor(r *http.Request, id int64) (store.ScheduleRuleRow, error) {
	row, err := s.db.ScheduleRule(r.Context(), id)
	if err == nil && !mayChangeRule(currentUser(r), row.TeamID) {
		err = problem.Errorf(problem.NotFound, "No schedule rule with that id")
	}
	return row, err
}

func (s *Server) handleMeasureSchedule(w http.ResponseWriter, r *http.Request) error {
	var values url.Values
	q := form.Read(r.URL.Query())
	if q.Text("edit") != "" {
		id := q.ID("edit", "No schedule rule with that id")
		if q.Err() != nil {
			return problem.Errorf(problem.NotFound, "No schedule rule with that id")
		}
		row, err := s.scheduleRuleFor(r, id)
		if err != nil {
			return err
		}
		values = ruleValues(row)
	}
	return s.renderSchedule(w, r, http.StatusOK, values, nil, nil)
}

// readScheduleRule reads the rule form; mode "off" switches the measure
// off whatever else is ticked.
func readScheduleRule(f *form.Form) measures.ScheduleRule {
	rule := measures.ScheduleRule{Modality: f.Text("modality"), MeasureID: f.Text("measure")}
	rule.ID = f.ID("id", "This form could not be read. Reload the page and try again.")
	rule.TeamID = f.ID("team", "Choose a team")
	switch f.Text("mode") {
	case "off":
		return rule
	case "on":
	default:
		f.Add("mode", "Choose whether the measure is used or switched off")
		return rule
	}
	rule.AtAssessment, rule.AtEnding = f.Text("at_assessment") == "yes", f.Text("at_ending") == "yes"
	tooMany := fmt.Sprintf("Sessions between measures must be a whole number from 1 to %d, or left empty", measures.MaxEverySessions)
	if every := f.OptionalInt("every_sessions", tooMany); every != nil {
		if *every < 1 || *every > measures.MaxEverySessions {
			f.Add("every_sessions", tooMany)
		}
		rule.EverySessions = *every
	}
	if rule.Off() && f.Err() == nil {
		f.Add("mode", "Choose at least one time the measure is due, or switch it off")
	}
	return rule
}

func (s *Server) handleMeasureScheduleSave(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f := form.Read(r.PostForm)
	rule := readScheduleRule(f)
	version := f.Version()
	if !mayChangeRule(u, rule.TeamID) {
		f.Add("team", "Choose one of your teams")
	}
	if rule.ID != 0 {
		// The rule as saved must be one this user may change, too.
		if _, err := s.scheduleRuleFor(r, rule.ID); err != nil {
			return err
		}
	}
	err := f.Err()
	if err == nil {
		err = f.With(s.db.SaveScheduleRule(r.Context(), actor(r), &rule, version))
	}
	if err != nil {
		return s.afterScheduleProblem(w, r, rule, false, err)
	}
	s.setFlash(w, fmt.Sprintf("%s: %s. Saved.", rule.MeasureID, rule.InWords()))
	http.Redirect(w, r, scheduleURL, http.StatusSeeOther)
	return nil
}

// afterScheduleProblem re-renders the page with what was typed; on a
// conflict it shows the saved rule beside it, and the form carries the
// saved version so that saving again replaces it.
func (s *Server) afterScheduleProblem(w http.ResponseWriter, r *http.Request, yours measures.ScheduleRule, removing bool, err error) error {
	if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
		return err
	}
	values := r.PostForm
	var conflict *scheduleConflictView
	if problem.Code(err) == problem.Conflict && yours.ID != 0 {
		saved, serr := s.db.ScheduleRule(r.Context(), yours.ID)
		if serr != nil {
			return serr
		}
		conflict = &scheduleConflictView{Saved: scheduleWords(saved.ScheduleRule, saved.TeamName), Yours: scheduleWords(yours, "")}
		if removing {
			conflict.Yours = "Remove the rule"
			values = ruleValues(saved)
		} else {
			values = maps.Clone(r.PostForm)
			values.Set(form.VersionField, fmt.Sprint(saved.Version))
		}
	}
	return s.renderSchedule(w, r, statusFor(err), values, err, conflict)
}

// scheduleWords is a rule with its scope, in words.
func scheduleWords(r measures.ScheduleRule, team string) string {
	scope := "any modality"
	if r.Modality != "" {
		scope = r.Modality
	}
	if team != "" {
		scope = team + ", " + scope
	}
	return fmt.Sprintf("%s (%s): %s", r.MeasureID, scope, r.InWords())
}

func (s *Server) handleMeasureScheduleRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "rule")
	if err != nil {
		return err
	}
	old, err := s.scheduleRuleFor(r, id)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	version := f.Version()
	err = f.Err()
	if err == nil {
		err = s.db.RemoveScheduleRule(r.Context(), actor(r), id, version)
	}
	if err != nil {
		return s.afterScheduleProblem(w, r, old.ScheduleRule, true, err)
	}
	s.setFlash(w, fmt.Sprintf("The %s rule has been removed; the next rule that fits, or the default, applies.", old.MeasureID))
	http.Redirect(w, r, scheduleURL, http.StatusSeeOther)
	return nil
}
