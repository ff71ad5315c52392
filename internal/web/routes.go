package web

import (
	"net/http"

	"throughline/internal/auth"
)

// handlerFunc is a handler that returns what went wrong instead of writing
// an error page itself: the route table renders a returned error once (an
// HTML page, or JSON under /api/), with its status from statusFor.
type handlerFunc func(http.ResponseWriter, *http.Request) error

// route is one entry in the routing table. The table is the only way a
// handler reaches the mux, so a route cannot exist without a policy.
type route struct {
	pattern string
	policy  auth.Policy
	handle  handlerFunc
}

// Policies used by routes. Names appear in testdata/policy.golden.
var (
	public         = auth.Policy{Name: "public", Public: true}
	anyoneSignedIn = auth.Policy{Name: "signed-in", Roles: auth.Roles}
	careStaff      = auth.Policy{Name: "care-staff", Roles: auth.CareStaff}
	personRecord   = auth.Policy{Name: "person-record", Roles: append(append([]auth.Role{}, auth.CareStaff...), auth.Referrer, auth.ServiceUser), PersonRecord: true}
	personAccess   = auth.Policy{Name: "person-access-log", Roles: append(append([]auth.Role{}, auth.CareStaff...), auth.ServiceUser), PersonRecord: true}
	breakGlass     = auth.Policy{Name: "break-glass", Roles: auth.BreakGlassRoles}
	auditors       = auth.Policy{Name: "auditor", Roles: []auth.Role{auth.Auditor}}
	glassReviewers = auth.Policy{Name: "break-glass-review", Roles: []auth.Role{auth.Auditor, auth.TeamManager}}
	systemAdmins   = auth.Policy{Name: "system-admin", Roles: []auth.Role{auth.SystemAdmin}}
	aggregateOnly  = auth.Policy{Name: "aggregate", Roles: []auth.Role{auth.Commissioner, auth.TeamManager}}
	referrers      = auth.Policy{Name: "referrer", Roles: []auth.Role{auth.Referrer, auth.Admin, auth.TeamManager}}
)

func (s *Server) routes() []route {
	rs := []route{
		{"GET /login", public, s.handleLoginForm},
		{"POST /login", public, s.handleLogin},
		{"GET /healthz", public, s.handleHealth},
		{"GET /static/", public, s.handleStatic},
		{"GET /assets/", public, s.handleAssets},
		{"GET /favicon.ico", public, s.handleFavicon},

		{"GET /{$}", anyoneSignedIn, s.handleHome},
		{"POST /logout", anyoneSignedIn, s.handleLogout},

		{"GET /people", careStaff, s.handlePeopleSearch},
		{"GET /people/{id}", personRecord, s.handlePerson},
		{"GET /people/{id}/access-log", personAccess, s.handlePersonAccessLog},
		{"GET /people/{id}/break-glass", breakGlass, s.handleBreakGlassForm},
		{"POST /people/{id}/break-glass", breakGlass, s.handleBreakGlass},

		{"GET /referrals", referrers, s.handleReferrals},

		{"GET /reports/overview", aggregateOnly, s.handleOverview},

		{"GET /audit", auditors, s.handleAudit},
		{"POST /audit/verify", auditors, s.handleAuditVerify},
		{"GET /audit/break-glass", glassReviewers, s.handleBreakGlassReviewList},
		{"POST /audit/break-glass/{id}/review", glassReviewers, s.handleBreakGlassReview},

		{"GET /admin/users", systemAdmins, s.handleUsers},
		{"POST /admin/users", systemAdmins, s.handleUserCreate},
	}
	rs = append(rs, s.gapMapRoutes()...)
	rs = append(rs, s.directoryRoutes()...)
	rs = append(rs, s.careRoutes()...)
	rs = append(rs, s.referralRoutes()...)
	rs = append(rs, s.measuresRoutes()...)
	rs = append(rs, s.ongoingRoutes()...)
	rs = append(rs, s.assessmentRoutes()...)
	rs = append(rs, s.principlesRoutes()...)
	rs = append(rs, s.accountRoutes()...)
	rs = append(rs, s.portalRoutes()...)
	rs = append(rs, s.languageRoutes()...)
	rs = append(rs, s.scenarioRoutes()...)
	rs = append(rs, s.messagesRoutes()...)
	rs = append(rs, s.openReferralRoutes()...)
	rs = append(rs, s.carerRoutes()...)
	rs = append(rs, s.feedbackRoutes()...)
	rs = append(rs, s.staffRoutes()...)
	rs = append(rs, s.fhirRoutes()...)
	rs = append(rs, s.fhirClientRoutes()...)
	rs = append(rs, s.referCheckRoutes()...)
	rs = append(rs, s.reflectiveRoutes()...)
	rs = append(rs, s.storedAggregateRoutes()...)
	// Anything else is a clear 404 page rather than the mux's plain text.
	return append(rs, route{"/", public, s.handleNotFound})
}
