package auth

import "testing"

// TestReferralAccess: a referral needs the person's record relationship;
// an open referral to the user's team is team-referral, a closed one is
// nothing on its own, and a referrer sees only what they made.
func TestReferralAccess(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		role Role
		l    ReferralLinks
		want Relationship
	}{
		{"open referral to the team", PeerWorker, ReferralLinks{OpenToTeam: true, Person: Links{TeamReferral: true}}, RelTeamReferr},
		{"open referral to the team, person on caseload", Clinician, ReferralLinks{OpenToTeam: true, Person: Links{OnCaseload: true, TeamReferral: true}}, RelTeamReferr},
		{"closed referral to the team, nothing else", PeerWorker, ReferralLinks{}, RelNone},
		{"closed referral to the team, person on caseload", Admin, ReferralLinks{Person: Links{OnCaseload: true}}, RelCaseload},
		{"closed referral, another open one to the team", TeamManager, ReferralLinks{Person: Links{TeamReferral: true}}, RelTeamReferr},
		{"closed referral, break-glass", PeerWorker, ReferralLinks{Person: Links{BreakGlass: true}}, RelBreakGlass},
		{"closed referral they declined lately, nothing else", Clinician, ReferralLinks{DecidedIt: true}, RelDecided},
		{"closed referral they declined lately, person on caseload", Clinician, ReferralLinks{DecidedIt: true, Person: Links{OnCaseload: true}}, RelCaseload},
		{"referrer cannot claim a decision", Referrer, ReferralLinks{DecidedIt: true}, RelNone},
		{"referrer who made it", Referrer, ReferralLinks{MadeIt: true, Person: Links{ReferredBy: true}}, RelReferrer},
		{"referrer of the person, not of this referral", Referrer, ReferralLinks{Person: Links{ReferredBy: true}}, RelNone},
		{"referrer, open to a team they are in", Referrer, ReferralLinks{OpenToTeam: true}, RelNone},
		{"service user, own referral", ServiceUser, ReferralLinks{Person: Links{Self: true}}, RelSelf},
		{"service user, someone else's", ServiceUser, ReferralLinks{OpenToTeam: true}, RelNone},
		{"commissioner", Commissioner, ReferralLinks{OpenToTeam: true, Person: Links{OnCaseload: true}}, RelNone},
		{"auditor", Auditor, ReferralLinks{OpenToTeam: true, Person: Links{BreakGlass: true}}, RelNone},
	}
	for _, tt := range tests {
		if got := ReferralAccess(User{Role: tt.role}, tt.l); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
