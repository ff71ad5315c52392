package fhir

import (
	"testing"

	"throughline/internal/care"
)

// TestReferralStatuses: every referral stage maps to a ServiceRequest
// status: held for more information, revoked when not accepted,
// completed at an outcome, active otherwise.
func TestReferralStatuses(t *testing.T) {
	want := map[care.ReferralStatus]string{care.ReferralMoreInfo: "on-hold", care.ReferralDeclined: "revoked", care.ReferralOutcome: "completed"}
	for _, s := range care.ReferralStatuses {
		w, ok := want[s]
		if !ok {
			w = "active"
		}
		if got := ReferralStatus(s); got != w {
			t.Errorf("ReferralStatus(%s) = %q, want %q", s, got, w)
		}
	}
}

// TestCrisisPlanIDsDoNotCollide: a crisis plan's id names its person but
// can never equal a care plan's scoped id.
func TestCrisisPlanIDsDoNotCollide(t *testing.T) {
	id := CrisisPlanID(7, 3)
	if id == ScopedID(7, 3) {
		t.Fatalf("crisis plan id %q equals a care plan's", id)
	}
	for _, c := range []struct {
		id   string
		want int64
		ok   bool
	}{{id, 7, true}, {ScopedID(7, 3), 7, true}, {"7-crisis-", 0, false}, {"x-crisis-3", 0, false}, {"7-crisis-0", 0, false}, {"abc", 0, false}} {
		got, ok := PersonOfID(c.id)
		if got != c.want || ok != c.ok {
			t.Errorf("PersonOfID(%q) = %d, %v; want %d, %v", c.id, got, ok, c.want, c.ok)
		}
	}
}
