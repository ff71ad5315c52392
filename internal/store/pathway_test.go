package store_test

import (
	"context"
	"fmt"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

func TestMoveReferral(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, worker, _ := region(t, db)
		p := mustPerson(t, db, "Ari")
		actor := auth.Actor{User: worker, Relationship: auth.RelTeamReferr}
		r := care.Referral{PersonID: p.ID, ServiceID: "cen", Status: care.ReferralWaiting, Decision: care.DecisionAccepted}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, actor, &r) }); err != nil {
			t.Fatal(err)
		}
		move := func(version int, to care.ReferralStatus) (care.Referral, error) {
			var got care.Referral
			err := db.Update(ctx, func(tx *store.Tx) error {
				var err error
				got, err = tx.MoveReferral(ctx, actor, r.ID, version, to, "")
				return err
			})
			return got, err
		}
		tests := []struct {
			name    string
			version int
			to      care.ReferralStatus
			want    string
		}{
			{"assessed before booking", 1, care.ReferralAssessed, problem.Conflict},
			{"decline as a status change", 1, care.ReferralDeclined, problem.Invalid},
			{"book", 1, care.ReferralAssessBooked, ""},
			{"stale version", 1, care.ReferralAssessed, problem.Conflict},
			{"assessed", 2, care.ReferralAssessed, ""},
			{"second appointment", 3, care.ReferralAssessBooked, ""},
		}
		for _, tt := range tests {
			got, err := move(tt.version, tt.to)
			if code := problem.Code(err); (err == nil) != (tt.want == "") || (err != nil && code != tt.want) {
				t.Errorf("%s: err = %v, want code %q", tt.name, err, tt.want)
			}
			if err == nil && got.Status != tt.to {
				t.Errorf("%s: status = %s, want %s", tt.name, got.Status, tt.to)
			}
		}
		if _, err := move(1, care.ReferralScreening); problem.Code(err) != problem.Conflict {
			t.Errorf("stale move: %v", err)
		}
		q := fmt.Sprintf(`SELECT COUNT(*) FROM referral_events WHERE referral_id = %d`, r.ID)
		if events := storetest.Count(t, db, q); events != 4 {
			t.Errorf("timeline events = %d, want 4 (received + three moves)", events)
		}
	})
}
