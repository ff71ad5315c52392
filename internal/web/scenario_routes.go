package web

import "throughline/internal/auth"

// journeyImportManagers manage the batches of other services' journeys:
// they change what the journeys page and the gap map count.
var journeyImportManagers = auth.Policy{Name: "journey-import-manager", Roles: []auth.Role{auth.TeamManager, auth.SystemAdmin}}

// Scenarios hold proposed rules, never a person: commissioners and team
// managers draft, share and edit them; only a team manager, who keeps
// the directory, makes one live.
var (
	scenarioEditors = auth.Policy{Name: "scenario-editor", Roles: []auth.Role{auth.Commissioner, auth.TeamManager}}
	scenarioLive    = auth.Policy{Name: "scenario-live", Roles: []auth.Role{auth.TeamManager}}
)

// scenarioRoutes: gap map 2 (issue 15).
func (s *Server) scenarioRoutes() []route {
	return []route{
		{"GET /gaps/journeys/imports", journeyImportManagers, s.handleJourneyImports},
		{"POST /gaps/journeys/imports/{id}/remove", journeyImportManagers, s.handleJourneyImportRemove},
		{"GET /gaps/over-time", gapMapReaders, s.handleGapOverTime},
		{"GET /gaps/scenarios", scenarioEditors, s.handleScenarios},
		{"POST /gaps/scenarios", scenarioEditors, s.handleScenarioCreate},
		{"POST /gaps/scenarios/from-cell", scenarioEditors, s.handleScenarioFromCell},
		{"GET /gaps/scenarios/{id}", scenarioEditors, s.handleScenarioPage},
		{"POST /gaps/scenarios/{id}/title", scenarioEditors, s.handleScenarioTitle},
		{"POST /gaps/scenarios/{id}/rules", scenarioEditors, s.handleScenarioRules},
		{"POST /gaps/scenarios/{id}/live", scenarioLive, s.handleScenarioLive},
	}
}
