package web

import "throughline/internal/auth"

// The language guide. Everyone who writes clinical or referral text can
// check it and read the lexicon; team managers keep the lexicon and see
// how often its phrases appear in their teams' new text (counts only).
// Service users never see the guide's flags: they are for staff.
var (
	languageWriters  = auth.Policy{Name: "language-check", Roles: append(append([]auth.Role{}, auth.CareStaff...), auth.Referrer)}
	languageManagers = auth.Policy{Name: "language-manage", Roles: []auth.Role{auth.TeamManager}}
)

func (s *Server) languageRoutes() []route {
	return []route{
		{"POST /language/check", languageWriters, s.handleLanguageCheck},
		{"GET /language", languageWriters, s.handleLanguage},
		{"GET /language/over-time", languageManagers, s.handleLanguageOverTime},
		{"GET /language/new", languageManagers, s.handleLanguageNew},
		{"POST /language", languageManagers, s.handleLanguageAdd},
		{"GET /language/{entry}", languageWriters, s.handleLanguageEntry},
		{"POST /language/{entry}", languageManagers, s.handleLanguageUpdate},
	}
}
