package store_test

import (
	"context"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestClosedReferralIsNoRelationship: a referral to the team gives the
// team-referral relationship only while it is open, for every closed status.
func TestClosedReferralIsNoRelationship(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, inside, _ := region(t, db)
		for _, status := range care.ReferralStatuses {
			p := mustPerson(t, db, "Status "+string(status))
			r := care.Referral{PersonID: p.ID, ServiceID: "cen", Status: status}
			if status == care.ReferralDeclined {
				r.Decision, r.DeclineReason = care.DecisionDeclined, "needs-specialist-service"
			}
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &r) }); err != nil {
				t.Fatal(err)
			}
			l, err := db.PersonLinks(ctx, inside, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := l.TeamReferral, status.Open(); got != want {
				t.Errorf("%s referral to the team: team-referral link = %v, want %v", status, got, want)
			}
		}
	})
}
