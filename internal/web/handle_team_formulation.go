package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/staff"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

type teamFormulationData struct {
	Person  care.Person
	Current *staff.TeamFormulation
	Self    bool // the person reading their own record
	CanEdit bool
	// LastShared is the version the person reads when the current one is
	// not shared (0: none shared).
	LastShared int
	History    []staff.TeamFormulation
}

func teamFormulationURL(personID int64) string {
	return fmt.Sprintf("/people/%d/team-formulation", personID)
}

func teamFormulationForm(f staff.TeamFormulation) url.Values {
	v := url.Values{form.VersionField: {strconv.Itoa(f.Version)}, "happening": {f.Happening}, "patterns": {f.Patterns},
		"helps": {f.Helps}, "will_try": {f.WillTry}, "present": {f.Present}}
	if !f.AgreedOn.IsZero() {
		v.Set("agreed_on", uktime.Date(f.AgreedOn))
	}
	// Sharing is never carried over to the next version: the team decides
	// each time, and the person keeps the last version shared meanwhile.
	return v
}

// renderTeamFormulation shows the current version and, to staff who may
// change care records, the form to save a new one.
func (s *Server) renderTeamFormulation(w http.ResponseWriter, r *http.Request, status int, typed url.Values, err error) error {
	id, perr := pathID(r)
	if perr != nil {
		return perr
	}
	a := actor(r)
	p, perr := s.guardedPerson(r, id)
	if perr != nil {
		return perr
	}
	d := teamFormulationData{Person: p, Self: a.Relationship == auth.RelSelf}
	d.CanEdit = !d.Self && canEditCare(currentUser(r))
	f, found, ferr := s.db.TeamFormulation(r.Context(), a, id, d.Self)
	if ferr != nil {
		return ferr
	}
	if found {
		d.Current = &f
		if !d.Self && !f.Shared {
			if d.LastShared, ferr = s.db.SharedTeamFormulationVersion(r.Context(), id); ferr != nil {
				return ferr
			}
		}
	} else if aerr := s.auditView(r, id, "team-formulation"); aerr != nil {
		// Nothing written (or nothing shared) still shows the record's page.
		return aerr
	}
	if typed == nil {
		typed = teamFormulationForm(f)
		if !found {
			typed.Set("agreed_on", uktime.Date(s.db.Now()))
		}
	}
	s.render(w, r, status, "team_formulation", view{Title: "Team formulation", D: d, Form: typed, Errors: errorsFrom(err)})
	return nil
}

// handleTeamFormulation shows a person's team formulation: to the person
// only once the team has shared it.
func (s *Server) handleTeamFormulation(w http.ResponseWriter, r *http.Request) error {
	return s.renderTeamFormulation(w, r, http.StatusOK, nil, nil)
}

// handleTeamFormulationSave saves a new version. A stale form is refused
// with the current version shown and what was typed kept.
func (s *Server) handleTeamFormulationSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	tf := staff.TeamFormulation{PersonID: id, Version: f.Version(), Happening: f.Text("happening"), Patterns: f.Text("patterns"),
		Helps: f.Text("helps"), WillTry: f.Text("will_try"), Present: f.Text("present"),
		AgreedOn: f.Date("agreed_on", "Enter a real date, like 2026-03-17"), Shared: f.Text("shared") == "yes"}
	err = f.Err()
	if err == nil {
		err = f.With(s.db.SaveTeamFormulation(r.Context(), actor(r), &tf))
	}
	switch problem.Code(err) {
	case "":
		msg := fmt.Sprintf("Team formulation saved (version %d). It is not shared with the person.", tf.Version)
		if tf.Shared {
			msg = fmt.Sprintf("Team formulation saved (version %d). The person can read it in their record.", tf.Version)
		}
		s.setFlash(w, msg)
		return seeOther(teamFormulationURL(id))
	case problem.Invalid, problem.Conflict:
		return s.renderTeamFormulation(w, r, statusFor(err), r.PostForm, err)
	}
	return err
}

// handleTeamFormulationHistory lists every version, newest first.
func (s *Server) handleTeamFormulationHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.guardedPerson(r, id)
	if err != nil {
		return err
	}
	d := teamFormulationData{Person: p}
	if d.History, err = s.db.TeamFormulationHistory(r.Context(), actor(r), id); err != nil {
		return err
	}
	if len(d.History) == 0 {
		if err := s.auditView(r, id, "team-formulation/history"); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "team_formulation_history", view{Title: "Team formulation history", D: d})
	return nil
}
