package care

import "throughline/internal/problem"

// transitions is the referral lifecycle from DESIGN.md as the moves it
// allows. Screening may be done as soon as a referral arrives; a request
// for more information pauses the clock until the answer comes back to
// screening; an assessment can be rebooked or followed by a second one;
// the team may ask for further assessment. Declined and outcome end the
// referral: coming back means a new referral, or re-access to an episode.
var transitions = map[ReferralStatus][]ReferralStatus{
	ReferralReceived:       {ReferralScreening, ReferralAccepted, ReferralDeclined, ReferralMoreInfo},
	ReferralScreening:      {ReferralAccepted, ReferralDeclined, ReferralMoreInfo},
	ReferralMoreInfo:       {ReferralScreening, ReferralAccepted, ReferralDeclined},
	ReferralAccepted:       {ReferralWaiting, ReferralAssessBooked},
	ReferralWaiting:        {ReferralAssessBooked},
	ReferralAssessBooked:   {ReferralAssessed, ReferralWaiting},
	ReferralAssessed:       {ReferralTeamDiscussion, ReferralAssessBooked},
	ReferralTeamDiscussion: {ReferralOutcome, ReferralAssessBooked},
}

// CanMove reports whether a referral may move from one status to another.
func CanMove(from, to ReferralStatus) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// CheckMove explains a refused move in words a screen can show.
func CheckMove(from, to ReferralStatus) error {
	if CanMove(from, to) {
		return nil
	}
	if !from.Open() {
		return problem.Errorf(problem.Conflict, "This referral has ended (%s); a new referral or re-access is needed", from.Label())
	}
	return problem.Errorf(problem.Conflict, "A referral that is %q cannot move to %q", from.Label(), to.Label())
}

// NextStatuses lists where a referral may go next, in pathway order.
func NextStatuses(from ReferralStatus) []ReferralStatus {
	return append([]ReferralStatus(nil), transitions[from]...)
}
