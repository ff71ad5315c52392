package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/measures"
	"throughline/internal/problem"
	"throughline/internal/store"
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
	EditingID   int64
	Conflict    *scheduleConflictView
	MaxSessions int
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

func (s *Server) renderSchedule(w http.ResponseWriter, r *http.Request, status int, form url.Values, err error, conflict *scheduleConflictView) {
	d, derr := s.scheduleData(r)
	if derr != nil {
		s.renderProblem(w, r, derr)
		return
	}
	d.Conflict = conflict
	if form == nil {
		form = url.Values{"mode": {"on"}}
		if len(d.Teams) > 0 {
			form.Set("team", fmt.Sprint(d.Teams[0].ID))
		}
	}
	d.EditingID, _ = strconv.ParseInt(form.Get("id"), 10, 64)
	s.render(w, r, status, "measures_schedule", view{Title: "When measures are due", D: d, Form: form, Errors: errorsFrom(err)})
}

func (s *Server) handleMeasureSchedule(w http.ResponseWriter, r *http.Request) {
	var form url.Values
	if edit := r.URL.Query().Get("edit"); edit != "" {
		id, _ := strconv.ParseInt(edit, 10, 64)
		row, err := s.db.ScheduleRule(r.Context(), id)
		if err == nil && !mayChangeRule(currentUser(r), row.TeamID) {
			err = problem.Errorf(problem.NotFound, "No schedule rule with that id")
		}
		if err != nil {
			s.renderProblem(w, r, err)
			return
		}
		form = ruleValues(row)
	}
	s.renderSchedule(w, r, http.StatusOK, form, nil, nil)
}

// parseScheduleRule reads the rule form; mode "off" switches the measure
// off whatever else is ticked.
func parseScheduleRule(f url.Values, v *problem.Validation) measures.ScheduleRule {
	rule := measures.ScheduleRule{Modality: f.Get("modality"), MeasureID: f.Get("measure")}
	rule.ID, _ = strconv.ParseInt(f.Get("id"), 10, 64)
	if t := f.Get("team"); t != "" {
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil || id <= 0 {
			v.Add("team", "Choose a team")
		}
		rule.TeamID = id
	}
	switch f.Get("mode") {
	case "off":
		return rule
	case "on":
	default:
		v.Add("mode", "Choose whether the measure is used or switched off")
		return rule
	}
	rule.AtAssessment, rule.AtEnding = f.Get("at_assessment") == "yes", f.Get("at_ending") == "yes"
	if n := strings.TrimSpace(f.Get("every_sessions")); n != "" {
		every, err := strconv.Atoi(n)
		if err != nil || every < 1 || every > measures.MaxEverySessions {
			v.Add("every_sessions", fmt.Sprintf("Sessions between measures must be a whole number from 1 to %d, or left empty", measures.MaxEverySessions))
		}
		rule.EverySessions = every
	}
	if rule.Off() && v.Err() == nil {
		v.Add("mode", "Choose at least one time the measure is due, or switch it off")
	}
	return rule
}

func (s *Server) handleMeasureScheduleSave(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	var v problem.Validation
	rule := parseScheduleRule(r.PostForm, &v)
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if !mayChangeRule(u, rule.TeamID) {
		v.Add("team", "Choose one of your teams")
	}
	if rule.ID != 0 {
		// The rule as saved must be one this user may change, too.
		old, err := s.db.ScheduleRule(r.Context(), rule.ID)
		if err == nil && !mayChangeRule(u, old.TeamID) {
			err = problem.Errorf(problem.NotFound, "No schedule rule with that id")
		}
		if err != nil {
			s.renderProblem(w, r, err)
			return
		}
	}
	var err error
	if v.Err() == nil {
		err = s.db.SaveScheduleRule(r.Context(), actor(r), &rule, version)
	}
	if err = combine(&v, err); err != nil {
		s.afterScheduleProblem(w, r, rule, err)
		return
	}
	s.setFlash(w, fmt.Sprintf("%s: %s. Saved.", rule.MeasureID, rule.InWords()))
	http.Redirect(w, r, "/measures/schedule", http.StatusSeeOther)
}

// afterScheduleProblem re-renders the page with what was typed; on a
// conflict it shows the saved rule beside it, and the form carries the
// saved version so that saving again replaces it.
func (s *Server) afterScheduleProblem(w http.ResponseWriter, r *http.Request, yours measures.ScheduleRule, err error) {
	if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
		s.renderProblem(w, r, err)
		return
	}
	form := r.PostForm
	var conflict *scheduleConflictView
	if problem.Code(err) == problem.Conflict && yours.ID != 0 {
		saved, serr := s.db.ScheduleRule(r.Context(), yours.ID)
		if serr != nil {
			s.renderProblem(w, r, serr)
			return
		}
		conflict = &scheduleConflictView{Saved: scheduleWords(saved.ScheduleRule, saved.TeamName), Yours: scheduleWords(yours, "")}
		if r.PostForm.Has("remove") {
			conflict.Yours = "Remove the rule"
			form = ruleValues(saved)
		} else {
			form = cloneValues(r.PostForm)
			form.Set("version", fmt.Sprint(saved.Version))
		}
	}
	s.renderSchedule(w, r, statusFor(err), form, err, conflict)
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

func (s *Server) handleMeasureScheduleRemove(w http.ResponseWriter, r *http.Request) {
	id, err := pathInt(r, "rule")
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	old, err := s.db.ScheduleRule(r.Context(), id)
	if err == nil && !mayChangeRule(currentUser(r), old.TeamID) {
		err = problem.Errorf(problem.NotFound, "No schedule rule with that id")
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if err := s.db.RemoveScheduleRule(r.Context(), actor(r), id, version); err != nil {
		r.PostForm.Set("remove", "yes")
		s.afterScheduleProblem(w, r, old.ScheduleRule, err)
		return
	}
	s.setFlash(w, fmt.Sprintf("The %s rule has been removed; the next rule that fits, or the default, applies.", old.MeasureID))
	http.Redirect(w, r, "/measures/schedule", http.StatusSeeOther)
}
