package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
)

type episodeData struct {
	Person      care.Person
	Episode     store.EpisodeRow
	History     []care.EpisodeEvent
	Teams       []directory.Team
	Workers     []store.TeamWorker // every team's, for moves and reassignment
	Modalities  []string
	Intensities []care.Intensity
	CanEdit     bool
}

func (s *Server) handleEpisode(w http.ResponseWriter, r *http.Request) {
	s.renderEpisode(w, r, http.StatusOK, nil, nil)
}

// renderEpisode shows the episode with its history and change forms;
// after a refused change, err's fields say what to fix and form keeps
// what was typed.
func (s *Server) renderEpisode(w http.ResponseWriter, r *http.Request, status int, form url.Values, err error) {
	id, _ := pathID(r)
	ctx := r.Context()
	e, lerr := s.personEpisode(r, id)
	if lerr != nil {
		s.renderProblem(w, r, lerr)
		return
	}
	p, lerr := s.db.PersonNoAudit(ctx, id)
	if lerr != nil {
		s.renderProblem(w, r, lerr)
		return
	}
	d := episodeData{Person: p, Episode: e, Modalities: care.Modalities, Intensities: care.Intensities, CanEdit: canEditCare(currentUser(r)) && e.Active()}
	if d.History, lerr = s.db.EpisodeEvents(ctx, e.ID); lerr == nil {
		if d.Teams, lerr = s.db.Teams(ctx); lerr == nil {
			d.Workers, lerr = s.db.TeamWorkers(ctx, nil)
		}
	}
	if lerr != nil {
		s.renderProblem(w, r, lerr)
		return
	}
	s.render(w, r, status, "episode", view{Title: "Episode of care", D: d, Form: form, Errors: errorsFrom(err)})
}

// afterEpisodeChange redirects back to the episode with a message, or
// shows the page again with what went wrong and what was typed.
func (s *Server) afterEpisodeChange(w http.ResponseWriter, r *http.Request, err error, prefix string, rename map[string]string, done string) {
	if err == nil {
		s.setFlash(w, done)
		http.Redirect(w, r, r.URL.Path[:strings.LastIndex(r.URL.Path, "/")], http.StatusSeeOther)
		return
	}
	switch problem.Code(err) {
	case problem.Invalid, problem.Conflict:
		s.renderEpisode(w, r, statusFor(err), r.PostForm, prefixed(err, prefix, rename))
	default:
		s.renderProblem(w, r, err)
	}
}

func postedVersion(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostForm.Get("version"))
	return v
}

func postedID(r *http.Request, name string) int64 {
	v, _ := strconv.ParseInt(r.PostForm.Get(name), 10, 64)
	return v
}

func (s *Server) handleEpisodeStep(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	e, err := s.personEpisode(r, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	up := r.PostForm.Get("step-direction") == "up"
	if d := r.PostForm.Get("step-direction"); d != "up" && d != "down" {
		var v problem.Validation
		v.Add("direction", "Choose whether support steps up or down")
		s.afterEpisodeChange(w, r, v.Err(), "step-", nil, "")
		return
	}
	err = s.db.StepEpisode(r.Context(), actor(r), e.ID, postedVersion(r), up, r.PostForm.Get("step-reason"))
	word := map[bool]string{true: "stepped up", false: "stepped down"}[up]
	s.afterEpisodeChange(w, r, err, "step-", nil, "Support has been "+word+"; the reason is in the episode's history.")
}

func (s *Server) handleEpisodeModality(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	e, err := s.personEpisode(r, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	m := r.PostForm.Get("mod-modality")
	err = s.db.SwitchModality(r.Context(), actor(r), e.ID, postedVersion(r), m, r.PostForm.Get("mod-reason"))
	s.afterEpisodeChange(w, r, err, "mod-", nil, "The modality is now "+m+".")
}

func (s *Server) handleEpisodeTeam(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	e, err := s.personEpisode(r, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	f := r.PostForm
	m := f.Get("team-modality")
	err = s.db.SwitchTeam(r.Context(), actor(r), e.ID, postedVersion(r), postedID(r, "team-team"), care.PathwayFor(m), m,
		postedID(r, "team-worker"), f.Get("team-reason"), f.Get("team-handover"))
	s.afterEpisodeChange(w, r, err, "team-", map[string]string{"pathway": "modality"}, "The episode has moved team; the history keeps where it was before.")
}

func (s *Server) handleEpisodeReassign(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	e, err := s.personEpisode(r, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	f := r.PostForm
	err = s.db.ReassignEpisode(r.Context(), actor(r), e.ID, postedVersion(r), postedID(r, "re-worker"), f.Get("re-reason"), f.Get("re-handover"))
	s.afterEpisodeChange(w, r, err, "re-", nil, fmt.Sprintf("The named worker has changed. They have a task to read the handover note and introduce themselves to %s.", e.PersonName))
}
