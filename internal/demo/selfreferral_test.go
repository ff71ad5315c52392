package demo

import "testing"

// TestSelfReferralServicesHaveAWayIn: a service user asking to refer
// themselves is shown the services that take self-referrals; the demo has
// some, and each one no team here receives says how to reach it.
func TestSelfReferralServicesHaveAWayIn(t *testing.T) {
	t.Parallel()
	here := map[string]bool{}
	for _, d := range teamDefs {
		here[d.service] = true
	}
	var outside int
	for _, s := range services() {
		if !s.SelfReferral || here[s.ID] {
			continue
		}
		outside++
		if c := s.Contact; c.Phone == "" && c.Email == "" && c.URL == "" && c.Address == "" {
			t.Errorf("%s takes self-referrals outside Throughline but has no contact route", s.ID)
		}
	}
	if outside == 0 {
		t.Error("no service in the demo takes self-referrals: the refer-yourself page would be empty")
	}
}
