package web

import (
	"net/http"

	"throughline/internal/auth"
	"throughline/internal/store"
)

// referralsShown is how many referrals the list shows at most; it says so
// when there are more, rather than leaving them out silently.
const referralsShown = 200

type referralsData struct {
	Heading   string
	Referrals []store.ReferralRow
	More      bool // there are more than referralsShown
}

// handleReferrals lists a referrer's own referrals, or for admin and team
// managers the open referrals to their teams.
func (s *Server) handleReferrals(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	// One more than is shown tells whether any were left off.
	f := store.ReferralFilter{TeamIDs: teamIDs(u), OpenOnly: true, Limit: referralsShown + 1}
	d := referralsData{Heading: "Open referrals to your teams"}
	if u.Role == auth.Referrer {
		f = store.ReferralFilter{ReferrerID: u.ID, Limit: referralsShown + 1}
		d.Heading = "Referrals you have made"
	}
	refs, err := s.db.Referrals(r.Context(), f)
	if err != nil {
		return err
	}
	if len(refs) > referralsShown {
		refs, d.More = refs[:referralsShown], true
	}
	d.Referrals = refs
	s.render(w, r, http.StatusOK, "referrals", view{Title: d.Heading, D: d})
	return nil
}
