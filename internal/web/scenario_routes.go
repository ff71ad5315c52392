package web

import "throughline/internal/auth"

// journeyImportManagers manage the batches of other services' journeys:
// they change what the journeys page and the gap map count.
var journeyImportManagers = auth.Policy{Name: "journey-import-manager", Roles: []auth.Role{auth.TeamManager, auth.SystemAdmin}}

// scenarioRoutes: gap map 2 (issue 15).
func (s *Server) scenarioRoutes() []route {
	return []route{
		{"GET /gaps/journeys/imports", journeyImportManagers, s.handleJourneyImports},
		{"POST /gaps/journeys/imports/{id}/remove", journeyImportManagers, s.handleJourneyImportRemove},
	}
}
