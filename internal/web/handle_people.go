package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

type searchData struct {
	Query    string
	Results  []care.Person
	Searched bool
}

func (s *Server) handlePeopleSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := searchData{Query: q}
	if len([]rune(q)) > 100 {
		s.render(w, r, http.StatusUnprocessableEntity, "people", view{Title: "Find a person", D: d,
			Errors: &formErrors{Fields: map[string]string{"q": "Search for at most 100 characters"}, Summary: []fieldError{{"q", "Search for at most 100 characters"}}}})
		return
	}
	if q != "" {
		var err error
		d.Searched = true
		if d.Results, err = s.db.SearchPeople(r.Context(), actor(r), q, 25); err != nil {
			s.renderProblem(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "people", view{Title: "Find a person", D: d})
}

type personData struct {
	Person       care.Person
	Relationship auth.Relationship
	Referrals    []store.ReferralRow
	Episodes     []store.EpisodeRow
	Events       []auth.Event
	// Continuity is shown to staff with a care relationship, not referrers.
	Continuity *care.Continuity
	GapDays    int
}

func (s *Server) handlePerson(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r) // the guard has checked it
	a := actor(r)
	ctx := r.Context()
	p, err := s.db.Person(ctx, a, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	d := personData{Person: p, Relationship: a.Relationship}
	f := store.ReferralFilter{PersonID: id}
	if a.Relationship == auth.RelReferrer {
		f.ReferrerID = a.User.ID // a referrer sees only the referrals they made
	}
	if d.Referrals, err = s.db.Referrals(ctx, f); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	if a.Relationship != auth.RelReferrer {
		if d.Episodes, err = s.db.Episodes(ctx, store.EpisodeFilter{PersonID: id}); err != nil {
			s.renderProblem(w, r, err)
			return
		}
	}
	if a.Relationship != auth.RelReferrer && a.Relationship != auth.RelSelf && len(d.Episodes) > 0 {
		c, err := s.db.Continuity(ctx, id)
		if err != nil {
			s.renderProblem(w, r, err)
			return
		}
		d.Continuity, d.GapDays = &c, care.ContactGapDays
	}
	s.render(w, r, http.StatusOK, "person", view{Title: p.DisplayName(), D: d})
}

// handlePersonAccessLog is "who has seen my record": every audited access
// to the person, for the person themselves and for staff caring for them.
func (s *Server) handlePersonAccessLog(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	a := actor(r)
	ctx := r.Context()
	p, err := s.db.PersonNoAudit(ctx, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	events, err := s.db.AuditEvents(ctx, store.AuditFilter{PersonID: id, Limit: 200})
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	if err := s.db.Audit(ctx, a, auth.ActionView, id, "access-log"); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "access_log", view{Title: "Who has seen this record", D: personData{Person: p, Relationship: a.Relationship, Events: events}})
}

type breakGlassData struct {
	PersonID int64
	Next     string
	Minutes  int
}

func (s *Server) handleBreakGlassForm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		_, err = s.db.PersonNoAudit(r.Context(), id)
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	d := breakGlassData{PersonID: id, Next: r.URL.Query().Get("next"), Minutes: int(s.cfg.BreakGlassFor.Minutes())}
	s.render(w, r, http.StatusOK, "break_glass", view{Title: "Emergency access to a record", D: d})
}

func (s *Server) handleBreakGlass(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	d := breakGlassData{PersonID: id, Next: r.PostFormValue("next"), Minutes: int(s.cfg.BreakGlassFor.Minutes())}
	if err := s.db.GrantBreakGlass(r.Context(), *currentUser(r), id, reason, s.cfg.BreakGlassFor); err != nil {
		if problem.Code(err) == problem.Invalid {
			s.render(w, r, http.StatusUnprocessableEntity, "break_glass", view{Title: "Emergency access to a record", D: d,
				Errors: errorsFrom(err), Form: url.Values{"reason": {reason}}})
			return
		}
		s.renderProblem(w, r, err)
		return
	}
	s.setFlash(w, "Emergency access recorded. Your reason will be reviewed.")
	next := safeNext(d.Next)
	if !strings.HasPrefix(next, fmt.Sprintf("/people/%d", id)) {
		next = fmt.Sprintf("/people/%d", id)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
