package web

import (
	"fmt"
	"net/http"
	"net/url"

	"throughline/internal/auditlog"
	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

type auditData struct {
	Events  []auth.Event
	Rows    []auditRow // Events with their plain words
	Actions []form.Option
	Older   string // the next page's address, "" on the last page
	// Total is how many events the filter selects in the whole log, not
	// only this page; Filtered says whether a filter is set.
	Total    string
	Filtered bool
	Verified string
	Broken   string
}

// auditRow is an event with its codes and, beside them, in words.
type auditRow struct {
	auth.Event
	Plain auditlog.Plain
}

// auditActions are the actions the log can be filtered by.
var auditActions = form.Options("view", "view", "create", "create", "update", "update", "search", "search",
	"break-glass", "break-glass", "review", "review", "login", "login", "logout", "logout")

// auditFilter reads the filter form; ids are whole numbers, 0 or blank for
// any.
func auditFilter(q url.Values) (store.AuditFilter, error) {
	f := form.Read(q)
	filter := store.AuditFilter{Limit: 50, Action: f.Text("action")}
	whole := func(name, message string) int64 {
		n := f.Int(name, message)
		if n < 0 {
			f.Add(name, message)
			return 0
		}
		return int64(n)
	}
	filter.PersonID = whole("person_id", "person id must be a whole number")
	filter.UserID = whole("user_id", "user id must be a whole number")
	filter.BeforeSeq = whole("before", "before must be a whole number")
	return filter, f.Err()
}

// auditURL is the log filtered as f, from before the event numbered before.
func auditURL(f store.AuditFilter, before int64) string {
	q := url.Values{"before": {fmt.Sprint(before)}}
	if f.PersonID != 0 {
		q.Set("person_id", fmt.Sprint(f.PersonID))
	}
	if f.UserID != 0 {
		q.Set("user_id", fmt.Sprint(f.UserID))
	}
	if f.Action != "" {
		q.Set("action", f.Action)
	}
	return "/audit?" + q.Encode()
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, d auditData) error {
	d.Actions = auditActions
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		fe := errorsFrom(err)
		// The page number has no field of its own on the page.
		fe.pointAt(map[string]string{"person_id": "person_id", "user_id": "user_id"})
		s.render(w, r, http.StatusUnprocessableEntity, "audit", view{Title: "Audit log", D: d, Form: r.URL.Query(), Errors: fe})
		return nil
	}
	if d.Events, err = s.db.AuditEvents(r.Context(), f); err != nil {
		return err
	}
	// Counted after the listing, which seals what was pending.
	total, err := s.db.AuditTotal(r.Context(), f)
	if err != nil {
		return err
	}
	d.Total, d.Filtered = thousands(total), f.PersonID != 0 || f.UserID != 0 || f.Action != ""
	for _, e := range d.Events {
		d.Rows = append(d.Rows, auditRow{Event: e, Plain: auditlog.ForStaff(e)})
	}
	if len(d.Events) == f.Limit {
		d.Older = auditURL(f, d.Events[len(d.Events)-1].Seq)
	}
	s.render(w, r, http.StatusOK, "audit", view{Title: "Audit log", D: d, Form: r.URL.Query()})
	return nil
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) error {
	return s.auditPage(w, r, auditData{})
}

func (s *Server) handleAuditVerify(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.db.VerifyAuditSigned(r.Context(), store.AuditCheck{Key: s.cfg.AuditPublicKey})
	d := auditData{}
	if err != nil {
		s.log.Warn("audit chain verification failed", "err", err)
		d.Broken = err.Error()
	} else {
		d.Verified = verifiedWords(rep, s.cfg.AuditPublicKey != nil)
	}
	return s.auditPage(w, r, d)
}

// verifiedWords says what an intact check covered, and what it could not.
func verifiedWords(rep auditlog.Report, keyed bool) string {
	out := fmt.Sprintf("All %d audit events are intact: the chain of hashes is unbroken.", rep.Events)
	switch {
	case rep.Latest == nil:
		out += " Nothing has been signed yet."
	case keyed:
		out += fmt.Sprintf(" Every signed checkpoint (%d) carries the service's signature and none is missing; the newest covers events up to number %d.", rep.Checkpoints, rep.Latest.Seq)
	default:
		out += fmt.Sprintf(" The signed checkpoints (%d) follow one another, but their signatures were not checked: this server was started without the audit key.", rep.Checkpoints)
	}
	if n := rep.Unsigned(); n > 0 && rep.Latest != nil {
		out += fmt.Sprintf(" Not yet signed: %d events.", n)
	}
	return out
}

type glassData struct {
	Grants []store.BreakGlass
}

func (s *Server) handleBreakGlassReviewList(w http.ResponseWriter, r *http.Request) error {
	gs, err := s.db.BreakGlassGrants(r.Context(), false, 200)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "break_glass_review", view{Title: "Emergency access review", D: glassData{Grants: gs}})
	return nil
}

func (s *Server) handleBreakGlassReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	note := form.Read(r.PostForm).Text("note")
	if err := s.db.ReviewBreakGlass(r.Context(), *currentUser(r), id, note); err != nil {
		return err
	}
	s.setFlash(w, "Review recorded.")
	http.Redirect(w, r, "/audit/break-glass", http.StatusSeeOther)
	return nil
}
