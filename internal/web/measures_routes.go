package web

import (
	"slices"

	"throughline/internal/auth"
)

// Outcome measures are part of a person's record: care staff with a
// relationship, and the person themselves (their own record only, for the
// portal). Referrers see referrals, not measures. The definitions hold no
// personal data. Service-level outcomes are aggregate only.
var (
	measuresRecord  = auth.Policy{Name: "person-measures", Roles: append(slices.Clone(auth.CareStaff), auth.ServiceUser), PersonRecord: true}
	measureReaders  = auth.Policy{Name: "measure-definitions", Roles: auth.Roles}
	measuresOutcome = auth.Policy{Name: "measures-aggregate", Roles: []auth.Role{auth.TeamManager, auth.Commissioner}}
	// Team managers set when measures are due for their teams; system
	// administrators also for every team. No personal data.
	scheduleEditors = auth.Policy{Name: "measure-schedule", Roles: []auth.Role{auth.TeamManager, auth.SystemAdmin}}
)

func (s *Server) measuresRoutes() []route {
	return []route{
		{"GET /people/{id}/measures", measuresRecord, s.handlePersonMeasures},
		{"GET /people/{id}/measures/new/{measure}", measuresRecord, s.handleMeasureForm},
		{"POST /people/{id}/measures/new/{measure}", measuresRecord, s.handleMeasureRecord},
		{"GET /people/{id}/measures/results/{response}", measuresRecord, s.handleMeasureResult},
		{"GET /measures/due", careStaff, s.handleMeasuresDue},
		{"GET /measures/outcomes", measuresOutcome, s.handleMeasureOutcomes},
		{"GET /measures/schedule", scheduleEditors, s.handleMeasureSchedule},
		{"POST /measures/schedule", scheduleEditors, s.handleMeasureScheduleSave},
		{"POST /measures/schedule/{rule}/remove", scheduleEditors, s.handleMeasureScheduleRemove},

		{"GET /api/measures/{measure}", measureReaders, s.handleAPIMeasure},
		{"GET /api/people/{id}/measures", measuresRecord, s.handleAPIPersonMeasures},
		{"GET /api/people/{id}/measures/due", measuresRecord, s.handleAPIMeasuresDue},
		{"POST /api/people/{id}/measures/{measure}", measuresRecord, s.handleAPIMeasureRecord},
	}
}
