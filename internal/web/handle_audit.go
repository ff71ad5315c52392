package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/store"
)

type auditData struct {
	Events   []auth.Event
	Filter   store.AuditFilter
	NextPage int64
	Verified string
	Broken   string
}

func queryInt(r *http.Request, name string) (int64, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, problem.Errorf(problem.Invalid, "%s must be a whole number", strings.ReplaceAll(name, "_", " "))
	}
	return n, nil
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, d auditData) {
	var err error
	f := store.AuditFilter{Limit: 50, Action: r.URL.Query().Get("action")}
	if f.PersonID, err = queryInt(r, "person_id"); err == nil {
		if f.UserID, err = queryInt(r, "user_id"); err == nil {
			f.BeforeSeq, err = queryInt(r, "before")
		}
	}
	if err != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "audit", view{Title: "Audit log", D: d, Errors: errorsFrom(err)})
		return
	}
	d.Filter = f
	if d.Events, err = s.db.AuditEvents(r.Context(), f); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	if len(d.Events) == f.Limit {
		d.NextPage = d.Events[len(d.Events)-1].Seq
	}
	s.render(w, r, http.StatusOK, "audit", view{Title: "Audit log", D: d})
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) { s.auditPage(w, r, auditData{}) }

func (s *Server) handleAuditVerify(w http.ResponseWriter, r *http.Request) {
	n, err := s.db.VerifyAudit(r.Context())
	d := auditData{}
	if err != nil {
		s.log.Warn("audit chain verification failed", "err", err)
		d.Broken = err.Error()
	} else {
		d.Verified = fmt.Sprintf("All %d audit events are intact: the chain of hashes is unbroken.", n)
	}
	s.auditPage(w, r, d)
}

type glassData struct {
	Grants []store.BreakGlass
}

func (s *Server) handleBreakGlassReviewList(w http.ResponseWriter, r *http.Request) {
	gs, err := s.db.BreakGlassGrants(r.Context(), false, 200)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "break_glass_review", view{Title: "Emergency access review", D: glassData{Grants: gs}})
}

func (s *Server) handleBreakGlassReview(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.db.ReviewBreakGlass(r.Context(), *currentUser(r), id, strings.TrimSpace(r.PostFormValue("note")))
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.setFlash(w, "Review recorded.")
	http.Redirect(w, r, "/audit/break-glass", http.StatusSeeOther)
}
