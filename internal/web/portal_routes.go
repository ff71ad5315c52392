package web

import (
	"slices"

	"throughline/internal/auth"
)

// The person's portal: what a service user does in their own record. The
// guard checks the "self" relationship, so a person reaches only their own
// pages; staff act on what they asked for from the record's own pages.
var (
	portalSelf         = auth.Policy{Name: "portal-self", Roles: []auth.Role{auth.ServiceUser}, PersonRecord: true}
	appointmentReaders = auth.Policy{Name: "appointment-read", Roles: append(slices.Clone(auth.CareStaff), auth.ServiceUser), PersonRecord: true}
)

func (s *Server) portalRoutes() []route {
	return []route{
		{"GET /plan-comments", caseloads, s.handleNewPlanComments},
		{"GET /people/{id}/care-plan/comment", portalSelf, s.handlePlanCommentForm},
		{"POST /people/{id}/care-plan/comment", portalSelf, s.handlePlanComment},
		{"GET /people/{id}/crisis-plan/comment", portalSelf, s.handlePlanCommentForm},
		{"POST /people/{id}/crisis-plan/comment", portalSelf, s.handlePlanComment},
		{"POST /people/{id}/care-plan/comments/seen", careStaffs, s.handlePlanCommentsSeen},
		{"POST /people/{id}/crisis-plan/comments/seen", careStaffs, s.handlePlanCommentsSeen},
		{"POST /people/{id}/care-plan/goals/{goal}/my-rating", portalSelf, s.handleOwnGoalRating},

		{"GET /people/{id}/appointments/{aid}/request", portalSelf, s.handleAppointmentRequestForm},
		{"POST /people/{id}/appointments/{aid}/request", portalSelf, s.handleAppointmentRequest},
		{"GET /people/{id}/ask", portalSelf, s.handleAskForm},
		{"POST /people/{id}/ask", portalSelf, s.handleAsk},
		{"GET /people/{id}/requests", appointmentReaders, s.handleRequests},
		{"POST /people/{id}/requests/{tid}", careWriters, s.handleRequestAction},

		{"GET /people/{id}/about-me", portalSelf, s.handleOwnPreferencesForm},
		{"POST /people/{id}/about-me", portalSelf, s.handleOwnPreferences},
		{"GET /people/{id}/my-record", portalSelf, s.handleMyRecord},
		{"GET /people/{id}/my-record.json", portalSelf, s.handleMyRecordJSON},
	}
}
