package web

import (
	"throughline/internal/auth"
)

// Ongoing care: episodes, care and crisis plans, medication and carers.
// Care staff read and write them; a service user reads their own plans,
// medication and carers (the guard checks the relationship); referrers see
// none of it. Caseloads are for the people who hold and manage them.
var (
	careReaders = auth.Policy{Name: "care-record-read", Roles: append(append([]auth.Role{}, auth.CareStaff...), auth.ServiceUser), PersonRecord: true}
	careWriters = auth.Policy{Name: "care-record-write", Roles: []auth.Role{auth.Clinician, auth.PeerWorker, auth.TeamManager}, PersonRecord: true}
	careStaffs  = auth.Policy{Name: "care-record-staff", Roles: auth.CareStaff, PersonRecord: true}
	caseloads   = auth.Policy{Name: "caseload", Roles: []auth.Role{auth.Clinician, auth.PeerWorker, auth.TeamManager}}
)

func (s *Server) careRoutes() []route {
	return []route{
		{"GET /caseload", caseloads, s.handleCaseload},
		{"GET /people/{id}/care", careReaders, s.handleCare},

		{"GET /people/{id}/episodes/{episode}", careStaffs, s.handleEpisode},
		{"POST /people/{id}/episodes/{episode}/step", careWriters, s.handleEpisodeStep},
		{"POST /people/{id}/episodes/{episode}/modality", careWriters, s.handleEpisodeModality},
		{"POST /people/{id}/episodes/{episode}/team", careWriters, s.handleEpisodeTeam},
		{"POST /people/{id}/episodes/{episode}/reassign", careWriters, s.handleEpisodeReassign},

		{"GET /people/{id}/care-plan", careReaders, s.handleCarePlan},
		{"POST /people/{id}/care-plan", careWriters, s.handleCarePlanSave},
		{"POST /people/{id}/care-plan/goals", careWriters, s.handleGoalAdd},
		{"POST /people/{id}/care-plan/goals/{goal}/rating", careWriters, s.handleGoalRate},
		{"POST /people/{id}/care-plan/goals/{goal}/status", careWriters, s.handleGoalStatus},
		{"POST /people/{id}/care-plan/liaison", careWriters, s.handleLiaisonAdd},
		{"GET /people/{id}/care-plan/print", careReaders, s.handleCarePlanPrint},

		{"GET /people/{id}/crisis-plan", careReaders, s.handleCrisisPlan},
		{"POST /people/{id}/crisis-plan", careWriters, s.handleCrisisPlanSave},
		{"GET /people/{id}/crisis-plan/print", careReaders, s.handleCrisisPlanPrint},

		{"GET /people/{id}/medication", careReaders, s.handleMedication},
		{"POST /people/{id}/medication", careWriters, s.handleMedicationAdd},
		{"POST /people/{id}/medication/{med}/stop", careWriters, s.handleMedicationStop},

		{"GET /people/{id}/carers", careReaders, s.handleCarers},
		{"POST /people/{id}/carers", careWriters, s.handleCarerAdd},
		{"POST /people/{id}/carers/{carer}/withdraw", careWriters, s.handleCarerWithdraw},
	}
}
