package store_test

import (
	"context"
	"testing"

	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// summary is what ReferralSummaries keeps of a referral row.
func summary(r store.ReferralRow) store.ReferralRow {
	var s store.ReferralRow
	s.ID, s.PersonID, s.Status, s.ReceivedAt = r.ID, r.PersonID, r.Status, r.ReceivedAt
	s.PersonName, s.ServiceName = r.PersonName, r.ServiceName
	return s
}

// TestReferralSummariesAreReferralsTableFields: for every kind of filter,
// ReferralSummaries gives the same referrals in the same order as
// Referrals, with the fields a referral table shows and nothing else.
func TestReferralSummariesAreReferralsTableFields(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ref, _ := intakeRegion(t, db)
		first, err := db.SubmitReferral(ctx, ref, newReferral(ref, "9434765919"))
		if err != nil {
			t.Fatal(err)
		}
		other := newReferral(ref, "9434765927")
		other.Person.GivenName, other.Intake.ServiceID = "Sam", "cmht"
		if _, err := db.SubmitReferral(ctx, ref, other); err != nil {
			t.Fatal(err)
		}
		again := newReferral(ref, "9434765919")
		again.Person.ID, again.Intake.ServiceID = first.PersonID, "cmht"
		if _, err := db.SubmitReferral(ctx, ref, again); err != nil {
			t.Fatal(err)
		}
		for _, f := range []store.ReferralFilter{
			{}, {PersonID: first.PersonID}, {ReferrerID: ref.User.ID, Limit: 2}, {ServiceID: "cmht"},
			{OpenOnly: true}, {Status: first.Status}, {PersonID: -1},
		} {
			full, err := db.Referrals(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.ReferralSummaries(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(full) {
				t.Fatalf("%+v: %d summaries, want %d", f, len(got), len(full))
			}
			for i := range full {
				if want := summary(full[i]); got[i] != want {
					t.Errorf("%+v row %d:\ngot  %+v\nwant %+v", f, i, got[i], want)
				}
			}
		}
		if all, err := db.ReferralSummaries(ctx, store.ReferralFilter{}); err != nil || len(all) != 3 || all[0].Reason != "" {
			t.Errorf("all summaries = %+v, %v; want the 3 referrals without their reasons", all, err)
		}
	})
}
