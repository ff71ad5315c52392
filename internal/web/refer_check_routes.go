package web

import "throughline/internal/auth"

// referCheckers are the signed-in people who refer or screen: "Before you
// refer" holds no one's identity, only a described situation.
var referCheckers = auth.Policy{Name: "refer-check", Roles: []auth.Role{auth.Referrer, auth.Clinician, auth.PeerWorker,
	auth.Admin, auth.TeamManager}}

// "Before you refer" (refercheck, issue 15): a public page beside the Open
// Referral directory API, and one for signed-in referrers that links to
// this system's referral form.
func (s *Server) referCheckRoutes() []route {
	return []route{
		{"GET /services/check", public, s.handleReferCheck},
		{"POST /services/check", public, s.handleReferCheck},
		{"GET /refer/check", referCheckers, s.handleReferCheck},
		{"POST /refer/check", referCheckers, s.handleReferCheck},
	}
}
