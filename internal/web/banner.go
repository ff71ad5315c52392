package web

import (
	"context"
	"net/http"

	"throughline/internal/care"
	"throughline/internal/uktime"
)

// recordBanner is the identity banner at the top of every page of a
// person's record: who this is (so nobody writes in the wrong record) and
// their crisis plan, one click away, with when it was last reviewed.
type recordBanner struct {
	care.Identity
	CrisisURL      string
	CrisisExists   bool
	CrisisReviewed string // UK date of the last save
	CrisisDue      bool   // missing, or older than care.CrisisPlanReviewMonths
}

type bannerKey struct{}

// guardedKey keeps the person the guard read, so the handler need not
// read them again.
type guardedKey struct{}

// withBanner keeps what the banner needs about the person the guard has
// read (with their crisis plan's state, in the same statement) with the
// request for render.
func (s *Server) withBanner(r *http.Request, p care.Person, state care.CrisisPlanState) *http.Request {
	now := s.db.Now()
	b := &recordBanner{
		Identity:     care.IdentityOf(p, now),
		CrisisExists: state.Exists,
		CrisisDue:    state.ReviewDue(now),
	}
	// The crisis plan is one click away for those who may open it; a
	// referrer, say, sees who the person is and no link that refuses them.
	if u := currentUser(r); u != nil && careReaders.Allows(u.Role) {
		b.CrisisURL = crisisPlanURL(p.ID)
	}
	if state.Exists {
		b.CrisisReviewed = uktime.Date(state.Reviewed)
	}
	ctx := context.WithValue(r.Context(), bannerKey{}, b)
	return r.WithContext(context.WithValue(ctx, guardedKey{}, &p))
}

// guardedPerson is the person in the {id} path segment as the guard read
// them for this request, without reading them again; outside a
// person-record route it reads them (unaudited, like the guard).
func (s *Server) guardedPerson(r *http.Request, id int64) (care.Person, error) {
	if p, ok := r.Context().Value(guardedKey{}).(*care.Person); ok && p.ID == id {
		return *p, nil
	}
	return s.db.PersonNoAudit(r.Context(), id)
}

// viewPerson is guardedPerson for a page that shows the record: the view
// is audited under the request's relationship before anything is shown,
// as store.Person does, but without a second read of the person.
func (s *Server) viewPerson(r *http.Request, id int64) (care.Person, error) {
	p, err := s.guardedPerson(r, id)
	if err != nil {
		return p, err
	}
	return p, s.auditView(r, id, "person")
}

func bannerFrom(r *http.Request) *recordBanner {
	b, _ := r.Context().Value(bannerKey{}).(*recordBanner)
	return b
}
