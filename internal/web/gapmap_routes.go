package web

import "throughline/internal/auth"

// gapMapReaders: the gap map holds no identifiable data, so every staff role
// and commissioners see it; service users have their own portal.
var gapMapReaders = auth.Policy{Name: "gap-map", Roles: []auth.Role{auth.Clinician, auth.PeerWorker, auth.Admin, auth.TeamManager,
	auth.Referrer, auth.Commissioner, auth.SystemAdmin, auth.Auditor}}

func (s *Server) gapMapRoutes() []route {
	return []route{
		{"GET /gaps", gapMapReaders, s.handleGapMap},
		{"GET /gaps/cell", gapMapReaders, s.handleGapCell},
		{"GET /gaps/grid.csv", gapMapReaders, s.handleGapGridCSV},
		{"GET /gaps/journeys", gapMapReaders, s.handleJourneys},
		{"GET /gaps/journeys.csv", gapMapReaders, s.handleJourneysCSV},
	}
}
