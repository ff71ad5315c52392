package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestWaitingPageIsTheWholeListSorted: every page of the waiting list, in
// each of its four orders, for one service and for two, holds exactly the
// rows the whole list would show there when read and sorted in full (the
// way the page was built before it read only as far as it needs): the
// same rows, in the same order, with the same total. The list mixes what
// makes the order hard: many people accepted on the same day, referrals
// received at the same moment, time paused (some still running), decisions
// dated in the last day or in the future, referrals on the list with no
// acceptance date, and referrals that are not waiting at all.
func TestWaitingPageIsTheWholeListSorted(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		intakeRegion(t, db)
		now := time.Date(2026, 3, 10, 14, 30, 0, 0, time.UTC)
		rng := rand.New(rand.NewPCG(12, 75))
		day := 24 * time.Hour
		var fixes []string
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := range 400 {
				p := care.Person{GivenName: fmt.Sprintf("Waiting %03d", i), FamilyName: "Tester"}
				if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
					return err
				}
				service := []string{"cen", "cen", "cmht"}[rng.IntN(3)]
				// Received within 30 days, so that many share a day, some
				// at the very same moment.
				received := now.Add(-time.Duration(rng.IntN(30))*day - time.Duration(rng.IntN(3))*8*time.Hour)
				if i%17 == 0 {
					received = now.Add(-9 * day)
				}
				decided := received.Add(time.Duration(rng.IntN(10*24)) * time.Hour)
				if i%23 == 0 {
					decided = now.Add(time.Duration(rng.IntN(48)-12) * time.Hour) // in the last day, or later
				}
				status := []care.ReferralStatus{care.ReferralWaiting, care.ReferralWaiting, care.ReferralAccepted, care.ReferralAssessBooked, care.ReferralOutcome}[rng.IntN(5)]
				r := care.Referral{PersonID: p.ID, ServiceID: service, Status: status, ReceivedAt: received,
					Decision: care.DecisionAccepted, DecidedAt: decided}
				if err := tx.CreateReferral(ctx, auth.System, &r); err != nil {
					return err
				}
				switch {
				case i%29 == 0:
					fixes = append(fixes, fmt.Sprintf(`UPDATE referrals SET decision = '', decided_at = NULL WHERE id = %d`, r.ID))
				case i%31 == 0:
					fixes = append(fixes, fmt.Sprintf(`UPDATE referrals SET decided_at = NULL WHERE id = %d`, r.ID))
				case i%37 == 0:
					fixes = append(fixes, fmt.Sprintf(`UPDATE referrals SET paused_at = '%s' WHERE id = %d`,
						now.Add(-time.Duration(rng.IntN(30))*day).Format("2006-01-02 15:04:05-07:00"), r.ID))
				}
				if rng.IntN(2) == 0 {
					fixes = append(fixes, fmt.Sprintf(`UPDATE referrals SET paused_seconds = %d WHERE id = %d`, rng.IntN(28*24*3600), r.ID))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := storetest.Exec(t, db, strings.Join(fixes, ";\n")); err != nil { // one connection for them all
			t.Fatal(err)
		}
		for _, services := range [][]string{{"cen"}, {"cmht", "cen"}} {
			whole, err := db.WaitingList(ctx, services) // oldest referral first
			if err != nil {
				t.Fatal(err)
			}
			for _, chunk := range []int{0, 3, 20} {
				for _, o := range []care.WaitOrder{{}, {Shortest: true}, {FromReferral: true}, {FromReferral: true, Shortest: true}} {
					want := slices.Clone(whole)
					slices.SortStableFunc(want, func(a, b store.WaitingRow) int {
						if o.Shortest {
							return o.Days(a.ReferralDetail, now) - o.Days(b.ReferralDetail, now)
						}
						return o.Days(b.ReferralDetail, now) - o.Days(a.ReferralDetail, now)
					})
					for n := 1; ; n++ {
						db.SetWaitingChunk(chunk)
						got, err := db.WaitingPage(ctx, services, o, now, store.Page{Number: n})
						if err != nil {
							t.Fatal(err)
						}
						if got.Total != len(whole) {
							t.Fatalf("%v %+v chunk %d page %d: total %d, want %d", services, o, chunk, n, got.Total, len(whole))
						}
						lo := min((n-1)*store.PageSize, len(want))
						wantIDs := ids(want[lo:min(lo+store.PageSize, len(want))])
						if gotIDs := ids(got.Rows); !slices.Equal(gotIDs, wantIDs) {
							t.Errorf("%v %+v chunk %d page %d:\n got %v\nwant %v", services, o, chunk, n, gotIDs, wantIDs)
						}
						for i, row := range got.Rows {
							if w := want[lo+i]; row.PersonName != w.PersonName || row.ServiceName != w.ServiceName || row.Paused != w.Paused {
								t.Errorf("%v %+v page %d row %d = %s at %s paused %v, want %s at %s paused %v", services, o, n, i,
									row.PersonName, row.ServiceName, row.Paused, w.PersonName, w.ServiceName, w.Paused)
							}
						}
						if lo+store.PageSize >= len(want) {
							break
						}
					}
				}
			}
		}
	})
}

func ids(rows []store.WaitingRow) []int64 {
	var out []int64
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}
