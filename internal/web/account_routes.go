package web

// accountRoutes are the second sign-in step, a person's own account and
// the system administrator's management of accounts.
func (s *Server) accountRoutes() []route {
	return []route{
		// The code step reads its own short-lived cookie, not a session:
		// a correct password alone reaches nothing else.
		{"GET /login/code", public, s.handleLoginCodeForm},
		{"POST /login/code", public, s.handleLoginCode},

		{"GET /account/password", anyoneSignedIn, s.handlePasswordForm},
		{"POST /account/password", anyoneSignedIn, s.handlePasswordChange},
		{"GET /account/two-factor", anyoneSignedIn, s.handleTwoFactorForm},
		{"POST /account/two-factor", anyoneSignedIn, s.handleTwoFactorEnrol},

		{"GET /admin/users/{id}", systemAdmins, s.handleUser},
		{"POST /admin/users/{id}/access", systemAdmins, s.handleUserAccess},
		{"POST /admin/users/{id}/password", systemAdmins, s.handleUserPasswordReset},
		{"POST /admin/users/{id}/deactivate", systemAdmins, s.handleUserDeactivate},
		{"POST /admin/users/{id}/reactivate", systemAdmins, s.handleUserReactivate},
		{"POST /admin/users/{id}/two-factor/reset", systemAdmins, s.handleUserTwoFactorReset},
		{"POST /admin/settings/two-factor", systemAdmins, s.handleTwoFactorSetting},
	}
}
