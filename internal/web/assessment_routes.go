package web

import (
	"slices"

	"throughline/internal/auth"
)

// From waiting for assessment to the team's decision. Care staff with a
// relationship to the person work on the record; the person reads their
// own pathway and formulation and comments on it; clinicians and team
// managers record team decisions; referrers read the outcomes of their own
// referrals.
var (
	pathwayStaff   = auth.Policy{Name: "pathway-staff", Roles: auth.CareStaff, PersonRecord: true}
	pathwayReaders = auth.Policy{Name: "pathway-reader", Roles: append(slices.Clone(auth.CareStaff), auth.ServiceUser), PersonRecord: true}
	teamDeciders   = auth.Policy{Name: "team-decision", Roles: []auth.Role{auth.Clinician, auth.TeamManager}, PersonRecord: true}
	mdtStaff       = auth.Policy{Name: "mdt", Roles: auth.CareStaff}
	mdtOrganisers  = auth.Policy{Name: "mdt-organiser", Roles: []auth.Role{auth.Clinician, auth.Admin, auth.TeamManager}}
	referrerOnly   = auth.Policy{Name: "referrer-own", Roles: []auth.Role{auth.Referrer}}
)

func (s *Server) assessmentRoutes() []route {
	return []route{
		{"GET /people/{id}/pathway", pathwayReaders, s.handlePathway},
		{"POST /people/{id}/preferences", pathwayStaff, s.handlePreferences},
		{"GET /people/{id}/referrals/{rid}/book", pathwayStaff, s.handleBookForm},
		{"POST /people/{id}/referrals/{rid}/book", pathwayStaff, s.handleBook},
		{"POST /people/{id}/appointments/{aid}/attendance", pathwayStaff, s.handleAttendance},
		{"GET /people/{id}/referrals/{rid}/assessment", pathwayStaff, s.handleAssessmentForm},
		{"POST /people/{id}/referrals/{rid}/assessment", pathwayStaff, s.handleAssessmentSave},
		{"POST /people/{id}/referrals/{rid}/assessed", pathwayStaff, s.handleMarkAssessed},
		{"GET /people/{id}/referrals/{rid}/formulation", pathwayReaders, s.handleFormulation},
		{"POST /people/{id}/referrals/{rid}/formulation", pathwayStaff, s.handleFormulationSave},
		{"GET /people/{id}/referrals/{rid}/formulation/history", pathwayStaff, s.handleFormulationHistory},
		{"GET /people/{id}/referrals/{rid}/formulation/print", pathwayReaders, s.handleFormulationPrint},
		{"POST /people/{id}/referrals/{rid}/formulation/comments", pathwayReaders, s.handleFormulationComment},
		{"GET /people/{id}/referrals/{rid}/decision", teamDeciders, s.handleDecisionForm},
		{"POST /people/{id}/referrals/{rid}/decision", teamDeciders, s.handleDecision},
		{"GET /people/{id}/referrals/{rid}/letter/{to}", personRecord, s.handleOutcomeLetter},
		{"GET /mdt", mdtStaff, s.handleMeetings},
		{"POST /mdt", mdtOrganisers, s.handleMeetingCreate},
		{"GET /mdt/{mid}", mdtStaff, s.handleMeeting},
		{"POST /mdt/{mid}/cases", mdtOrganisers, s.handleCaseAdd},
		{"GET /referrals/outcomes", referrerOnly, s.handleReferrerOutcomes},
	}
}
