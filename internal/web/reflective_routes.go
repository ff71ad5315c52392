package web

import (
	"slices"

	"throughline/internal/auth"
)

// Reflective practice and team formulation (issue 14, deliverable 2).
// Groups and attendance are staff support: care staff see their teams'
// groups and their own attendance, managers set groups up. A team
// formulation is part of a person's record: it needs a relationship, is
// read by care staff and, once the team shares it, by the person;
// auditors and commissioners never read it.
var (
	teamFormulationReaders = auth.Policy{Name: "team-form-read", Roles: append(slices.Clone(auth.CareStaff), auth.ServiceUser), PersonRecord: true}
)

func (s *Server) reflectiveRoutes() []route {
	return []route{
		{"GET /reflective", careStaff, s.handleReflective},
		{"POST /reflective/groups", teamManagers, s.handleReflectiveGroupCreate},
		{"GET /reflective/groups/{id}", careStaff, s.handleReflectiveGroup},
		{"POST /reflective/groups/{id}/sessions", careStaff, s.handleReflectiveSessionRecord},

		{"GET /people/{id}/team-formulation", teamFormulationReaders, s.handleTeamFormulation},
		{"POST /people/{id}/team-formulation", careWriters, s.handleTeamFormulationSave},
		{"GET /people/{id}/team-formulation/history", careStaffs, s.handleTeamFormulationHistory},
	}
}
