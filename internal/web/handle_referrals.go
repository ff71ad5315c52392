package web

import (
	"net/http"

	"throughline/internal/auth"
	"throughline/internal/store"
)

type referralsData struct {
	Heading   string
	Referrals []store.ReferralRow
}

// handleReferrals lists a referrer's own referrals, or for admin and team
// managers the open referrals to their teams.
func (s *Server) handleReferrals(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	f := store.ReferralFilter{TeamIDs: teamIDs(u), OpenOnly: true, Limit: 200}
	d := referralsData{Heading: "Open referrals to your teams"}
	if u.Role == auth.Referrer {
		f = store.ReferralFilter{ReferrerID: u.ID, Limit: 200}
		d.Heading = "Referrals you have made"
	}
	var err error
	if d.Referrals, err = s.db.Referrals(r.Context(), f); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "referrals", view{Title: d.Heading, D: d})
}
