package web

import (
	"throughline/internal/auth"
)

// Referral intake, screening and the waiting list. A referral page is part
// of a person's record, but its address names the referral, so handlers
// check the relationship themselves (referralActor): a referrer sees only
// the referrals they made, a service user only their own.
var (
	referralMakers  = auth.Policy{Name: "referral-maker", Roles: []auth.Role{auth.Referrer, auth.Admin, auth.TeamManager, auth.ServiceUser}}
	referralReaders = auth.Policy{Name: "referral-record", Roles: append(append([]auth.Role{}, auth.CareStaff...), auth.Referrer, auth.ServiceUser)}
	screeners       = auth.Policy{Name: "screener", Roles: []auth.Role{auth.Clinician, auth.Admin, auth.TeamManager}}
	teamManagers    = auth.Policy{Name: "team-manager", Roles: []auth.Role{auth.TeamManager}}
)

func (s *Server) referralRoutes() []route {
	return []route{
		{"GET /referrals/new", referralMakers, s.handleReferralForm},
		{"POST /referrals/new", referralMakers, s.handleReferralSubmit},
		{"POST /api/referrals", referralMakers, s.handleReferralAPI},
		{"GET /referrals/{id}", referralReaders, s.handleReferral},
		{"GET /referrals/{id}/acknowledgement", referralReaders, s.handleReferralAcknowledgement},
		{"GET /referrals/{id}/letter", referralReaders, s.handleDeclineLetter},
		{"GET /referrals/{id}/screen", screeners, s.handleScreening},
		{"POST /referrals/{id}/accept", screeners, s.handleScreenAccept},
		{"POST /referrals/{id}/more-info", screeners, s.handleScreenMoreInfo},
		{"POST /referrals/{id}/information", screeners, s.handleScreenInformation},
		{"POST /referrals/{id}/decline", screeners, s.handleScreenDecline},
		{"POST /referrals/{id}/check-ins", careStaff, s.handleCheckIn},
		{"GET /waiting", careStaff, s.handleWaitingList},
		{"GET /waiting/thresholds", teamManagers, s.handleThresholdsForm},
		{"POST /waiting/thresholds", teamManagers, s.handleThresholdsSave},
	}
}
