package web

import "throughline/internal/auth"

// Ongoing care: appointments, follow-up and outreach, endings and
// re-access, diaries and groups. Writing in a person's record needs a care
// relationship and a care-staff role; referrers and service users read
// their part elsewhere.
var (
	careRecord      = auth.Policy{Name: "care-record", Roles: auth.CareStaff, PersonRecord: true}
	settingsEditors = auth.Policy{Name: "team-manager", Roles: []auth.Role{auth.TeamManager}}
)

func (s *Server) ongoingRoutes() []route {
	return []route{
		{"GET /people/{id}/appointments", appointmentReaders, s.handleContact},
		{"POST /people/{id}/appointments", careRecord, s.handleAppointmentBook},
		{"POST /people/{id}/appointments/{aid}/outcome", careRecord, s.handleAppointmentOutcome},
		{"POST /people/{id}/outreach", careRecord, s.handleOutreach},
		{"GET /people/{id}/tasks/{tid}", careRecord, s.handleFollowUpForm},
		{"POST /people/{id}/tasks/{tid}", careRecord, s.handleFollowUp},
		{"GET /people/{id}/endings", careRecord, s.handleEndings},
		{"POST /people/{id}/endings", careRecord, s.handleEndingCreate},
		{"GET /people/{id}/endings/{eid}", careRecord, s.handleEndingPlan},
		{"POST /people/{id}/reaccess", careRecord, s.handleReaccess},
		{"GET /tasks", careStaff, s.handleTasks},
		{"GET /diary", careStaff, s.handleDiary},
		{"GET /groups", careStaff, s.handleGroups},
		{"POST /groups", careStaff, s.handleGroupCreate},
		{"GET /groups/{id}", careStaff, s.handleGroup},
		{"POST /groups/{id}/members", careStaff, s.handleGroupMember},
		{"POST /groups/{id}/sessions", careStaff, s.handleGroupSession},
		{"POST /groups/{id}/sessions/{sid}/attendance", careStaff, s.handleGroupAttendance},
		{"GET /settings/reaccess", settingsEditors, s.handleReaccessSettings},
		{"POST /settings/reaccess", settingsEditors, s.handleReaccessSettingsSave},
	}
}
