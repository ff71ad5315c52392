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

// withBanner loads what the banner needs about the person the guard has
// already read, and keeps it with the request for render.
func (s *Server) withBanner(r *http.Request, p care.Person) (*http.Request, error) {
	state, err := s.db.CrisisPlanState(r.Context(), p.ID)
	if err != nil {
		return r, err
	}
	now := s.db.Now()
	b := &recordBanner{
		Identity:     care.IdentityOf(p, now),
		CrisisURL:    crisisPlanURL(p.ID),
		CrisisExists: state.Exists,
		CrisisDue:    state.ReviewDue(now),
	}
	if state.Exists {
		b.CrisisReviewed = uktime.Date(state.Reviewed)
	}
	return r.WithContext(context.WithValue(r.Context(), bannerKey{}, b)), nil
}

func bannerFrom(r *http.Request) *recordBanner {
	b, _ := r.Context().Value(bannerKey{}).(*recordBanner)
	return b
}
