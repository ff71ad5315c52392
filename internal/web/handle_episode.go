package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

type episodeData struct {
	Person     care.Person
	Episode    store.EpisodeRow
	History    []care.EpisodeEvent
	OtherTeams []form.Option // the teams the episode can move to
	// MoveTo is the team a move is being made to, once one is chosen
	// (its id and name); until then the move asks for the team first.
	MoveTo form.Option
	// TeamWorkers are the episode's team's workers, for reassignment;
	// MoveWorkers the chosen team's, for a move. Every team's were once
	// offered for a move: 2,636 options, a 136 KB page at scale 75.
	TeamWorkers, MoveWorkers []workerGroup
	Modalities               []form.Option
	Intensities              []care.Intensity
	Levels                   []form.Option // the intensities, for an episode with none yet
	CanEdit                  bool
	// reflective branch: warnings shown before a reassignment is saved (allocation_confirm.go)
	ReassignWarnings []string
}

// workerGroup is one team's workers, for a select's group of options.
type workerGroup struct {
	TeamID  int64
	Team    string
	Workers []store.TeamWorker
}

// groupWorkers puts each team's workers under it, in the teams' order.
// Grouped once here, a select of every team's workers is drawn in time
// linear in the region; the template had looked through every worker for
// each team, 288,000 steps for one select at scale 75.
func groupWorkers(teams []directory.Team, workers []store.TeamWorker) []workerGroup {
	byTeam := map[int64][]store.TeamWorker{}
	for _, w := range workers {
		byTeam[w.TeamID] = append(byTeam[w.TeamID], w)
	}
	out := make([]workerGroup, len(teams))
	for i, t := range teams {
		out[i] = workerGroup{TeamID: t.ID, Team: t.Name, Workers: byTeam[t.ID]}
	}
	return out
}

func (s *Server) handleEpisode(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// The move's team, chosen first (the page's own GET form).
	var values url.Values
	if team := r.URL.Query().Get("team-team"); team != "" {
		values = url.Values{"team-team": {team}}
	}
	return s.renderEpisode(w, r, id, http.StatusOK, values, nil)
}

// renderEpisode shows the episode with its history and change forms;
// after a refused change, err's fields say what to fix and values keep
// what was typed.
func (s *Server) renderEpisode(w http.ResponseWriter, r *http.Request, personID int64, status int, values url.Values, err error) error {
	return s.renderEpisodeWarned(w, r, personID, status, values, err, nil)
}

// renderEpisodeWarned is renderEpisode with allocation warnings shown on
// the reassignment form before anything is saved.
func (s *Server) renderEpisodeWarned(w http.ResponseWriter, r *http.Request, personID int64, status int, values url.Values, err error, warnings []string) error {
	ctx := r.Context()
	e, lerr := s.personEpisode(r, personID)
	if lerr != nil {
		return lerr
	}
	p, lerr := s.guardedPerson(r, personID)
	if lerr != nil {
		return lerr
	}
	d := episodeData{Person: p, Episode: e, Intensities: care.Intensities, CanEdit: canEditCare(currentUser(r)) && e.Active(), ReassignWarnings: warnings}
	for _, in := range care.Intensities {
		d.Levels = append(d.Levels, form.Option{Value: in.Code, Label: in.Label})
	}
	for _, m := range care.Modalities {
		d.Modalities = append(d.Modalities, form.Option{Value: m, Label: m})
	}
	if d.History, lerr = s.db.EpisodeEvents(ctx, e.ID); lerr != nil {
		return lerr
	}
	teams, lerr := s.db.Teams(ctx)
	if lerr != nil {
		return lerr
	}
	// A move's team is taken as chosen if it is one the episode can move
	// to and nothing was refused about it; otherwise the page asks again.
	_, teamRefused := problem.Fields(err)["team-team"]
	var own, move []directory.Team
	for _, t := range teams {
		switch {
		case t.ID == e.TeamID:
			own = append(own, t)
		default:
			o := form.Option{Value: fmt.Sprint(t.ID), Label: t.Name}
			d.OtherTeams = append(d.OtherTeams, o)
			if o.Value == values.Get("team-team") && !teamRefused {
				d.MoveTo, move = o, []directory.Team{t}
			}
		}
	}
	ids := []int64{e.TeamID}
	if len(move) > 0 {
		ids = append(ids, move[0].ID)
	}
	workers, lerr := s.db.TeamWorkers(ctx, ids)
	if lerr != nil {
		return lerr
	}
	d.TeamWorkers, d.MoveWorkers = groupWorkers(own, workers), groupWorkers(move, workers)
	errs := errorsFrom(err)
	errs.pointAt(episodeAnchors(err))
	s.render(w, r, status, "episode", view{Title: "Episode of care", D: d, Form: values, Errors: errs})
	return nil
}

// episodeAnchors links each problem in the error summary to its control:
// fields are named as their controls, except a form's version, which
// goes to that form's first control.
func episodeAnchors(err error) map[string]string {
	ids := map[string]string{"step-version": "step-direction", "mod-version": "mod-modality", "team-version": "team-modality", "re-version": "re-worker"}
	for field := range problem.Fields(err) {
		if _, ok := ids[field]; !ok {
			ids[field] = field
		}
	}
	return ids
}

// episodeForm reads one of the episode page's four forms. Their fields
// carry the form's prefix ("team-reason") so that each form shows its own
// problems; read without it, every problem, the form's and the domain's,
// has the domain's name ("reason") and is prefixed once, by
// afterEpisodeChange.
func episodeForm(values url.Values, prefix string) *form.Form {
	v := url.Values{form.VersionField: values[form.VersionField]}
	for name, vs := range values {
		if field, ok := strings.CutPrefix(name, prefix); ok {
			v[field] = vs
		}
	}
	return form.Read(v)
}

// afterEpisodeChange goes back to the episode with a message, or shows
// the page again with what went wrong beside the form it came from (its
// fields prefixed, some renamed to the control that sets them) and what
// was typed.
func (s *Server) afterEpisodeChange(w http.ResponseWriter, r *http.Request, e store.EpisodeRow, err error, prefix string, rename map[string]string, done string) error {
	if err == nil {
		s.setFlash(w, done)
		http.Redirect(w, r, episodeURL(e.PersonID, e.ID), http.StatusSeeOther)
		return nil
	}
	switch problem.Code(err) {
	case problem.Invalid, problem.Conflict:
		return s.renderEpisode(w, r, e.PersonID, statusFor(err), r.PostForm, prefixed(err, prefix, rename))
	}
	return err
}

// changedEpisode reads the person and episode a change is posted to.
func (s *Server) changedEpisode(r *http.Request) (store.EpisodeRow, error) {
	id, err := pathID(r)
	if err != nil {
		return store.EpisodeRow{}, err
	}
	return s.personEpisode(r, id)
}

func (s *Server) handleEpisodeStep(w http.ResponseWriter, r *http.Request) error {
	e, err := s.changedEpisode(r)
	if err != nil {
		return err
	}
	f := episodeForm(r.PostForm, "step-")
	version, direction, reason := f.Version(), f.Text("direction"), f.Text("reason")
	if direction != "up" && direction != "down" {
		f.Add("direction", "Choose whether support steps up or down")
	}
	up := direction == "up"
	if err = f.Err(); err == nil {
		err = s.db.StepEpisode(r.Context(), actor(r), e.ID, version, up, f.Text("level"), reason)
	}
	word := map[bool]string{true: "stepped up", false: "stepped down"}[up]
	return s.afterEpisodeChange(w, r, e, err, "step-", nil, "Support has been "+word+"; the reason is in the episode's history.")
}

func (s *Server) handleEpisodeModality(w http.ResponseWriter, r *http.Request) error {
	e, err := s.changedEpisode(r)
	if err != nil {
		return err
	}
	f := episodeForm(r.PostForm, "mod-")
	version, m, reason := f.Version(), f.Text("modality"), f.Text("reason")
	if err = f.Err(); err == nil {
		err = s.db.SwitchModality(r.Context(), actor(r), e.ID, version, m, reason)
	}
	return s.afterEpisodeChange(w, r, e, err, "mod-", nil, "The modality is now "+m+".")
}

func (s *Server) handleEpisodeTeam(w http.ResponseWriter, r *http.Request) error {
	e, err := s.changedEpisode(r)
	if err != nil {
		return err
	}
	f := episodeForm(r.PostForm, "team-")
	version, m := f.Version(), f.Text("modality")
	team := f.ID("team", "Choose the team from the list")
	worker := f.ID("worker", "Choose the named worker from the list")
	reason, handover := f.Text("reason"), f.Text("handover")
	if err = f.Err(); err == nil {
		err = s.db.SwitchTeam(r.Context(), actor(r), e.ID, version, team, care.PathwayFor(m), m, worker, reason, handover)
	}
	warn := "" // staff branch: training and caseload warning (allocation_warning.go)
	if err == nil {
		warn = s.allocationNote(r, worker, m, e.ID, 0, e.PersonID)
	}
	return s.afterEpisodeChange(w, r, e, err, "team-", map[string]string{"pathway": "modality"}, "The episode has moved team; the history keeps where it was before."+warn)
}

func (s *Server) handleEpisodeReassign(w http.ResponseWriter, r *http.Request) error {
	e, err := s.changedEpisode(r)
	if err != nil {
		return err
	}
	f := episodeForm(r.PostForm, "re-")
	version, worker := f.Version(), f.ID("worker", "Choose the named worker from the list")
	reason, handover := f.Text("reason"), f.Text("handover")
	err = f.Err()
	// reflective branch: warn before saving; "Allocate anyway" confirms.
	// Only a change that would otherwise be saved is previewed, so bad
	// input and a stale form get their own answer first.
	if _, _, verr := e.Reassign(worker, reason, handover); err == nil && verr == nil && version == e.Version && f.Text(confirmedField) != "yes" {
		why, perr := s.allocationPreview(r, worker, e)
		if perr != nil {
			return perr
		}
		if len(why) > 0 {
			return s.renderEpisodeWarned(w, r, e.PersonID, http.StatusOK, r.PostForm, nil, why)
		}
	}
	if err == nil {
		err = s.db.ReassignEpisode(r.Context(), actor(r), e.ID, version, worker, reason, handover)
	}
	warn := "" // staff branch: training and caseload warning (allocation_warning.go)
	if err == nil {
		warn = s.allocationNote(r, worker, e.Modality, e.ID, 0, e.PersonID)
	}
	return s.afterEpisodeChange(w, r, e, err, "re-", nil, fmt.Sprintf("The named worker has changed. They have a task to read the handover note and introduce themselves to %s.", e.PersonName)+warn)
}
