package web

import "throughline/internal/auth"

// Carers and relatives with consent: a carer signs in to see only what the
// person consented to share (the guard's carer gate checks the consent on
// every request); the person sees and changes who they share what with;
// the team gives a carer their sign-in from the carers page.
var (
	carersOnly = auth.Policy{Name: "carer", Roles: []auth.Role{auth.Carer}}
	personSelf = auth.Policy{Name: "person-self", Roles: []auth.Role{auth.ServiceUser}, PersonRecord: true}
)

func (s *Server) carerRoutes() []route {
	return []route{
		{"GET /carer", carersOnly, s.handleCarerPortal},
		{"POST /carer/concerns", carersOnly, s.handleCarerConcern},

		{"POST /people/{id}/carers/{carer}/sign-in", careWriters, s.handleCarerSignIn},

		{"GET /people/{id}/sharing", personSelf, s.handleSharing},
		{"POST /people/{id}/sharing/{carer}", personSelf, s.handleSharingChange},
		{"POST /people/{id}/sharing/{carer}/withdraw", personSelf, s.handleSharingWithdraw},
	}
}
