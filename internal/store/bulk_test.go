package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestListingsNeverCutQuietly asks for more referrals and episodes than
// the old silent limits (Referrals turned 1,000 into 200) and checks each
// listing gives every row asked for, every row for AllRows, and a clear
// error for a limit it cannot honour: never fewer rows without saying so.
func TestListingsNeverCutQuietly(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, _ := region(t, db)
		const n = 1_050
		at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
		err := db.Bulk(ctx, func(tx *store.Tx) error {
			for i := range n {
				p := care.Person{GivenName: "Bulk", FamilyName: "Tester", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
				if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
					return err
				}
				r := care.Referral{PersonID: p.ID, ServiceID: "cen", Reason: "Test", ReceivedAt: at.Add(time.Duration(i) * time.Minute)}
				if err := tx.CreateReferral(ctx, auth.System, &r); err != nil {
					return err
				}
				e := care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "community-scm", StartedAt: r.ReceivedAt}
				if err := tx.CreateEpisode(ctx, auth.System, &e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1_000, n, store.AllRows} {
			refs, err := db.Referrals(ctx, store.ReferralFilter{ServiceID: "cen", Limit: limit})
			if err != nil {
				t.Fatalf("referrals, limit %d: %v", limit, err)
			}
			if got, want := len(refs), min(n, limit); limit == store.AllRows && got != n || limit != store.AllRows && got != want {
				t.Errorf("referrals, limit %d: got %d rows of %d", limit, got, n)
			}
			eps, err := db.Episodes(ctx, store.EpisodeFilter{WorkerID: worker.ID, Limit: limit})
			if err != nil {
				t.Fatalf("episodes, limit %d: %v", limit, err)
			}
			if got, want := len(eps), min(n, limit); limit == store.AllRows && got != n || limit != store.AllRows && got != want {
				t.Errorf("episodes, limit %d: got %d rows of %d", limit, got, n)
			}
		}
		for _, limit := range []int{store.MaxLimit + 1, -2} {
			if _, err := db.Referrals(ctx, store.ReferralFilter{Limit: limit}); problem.Code(err) != problem.Invalid {
				t.Errorf("referrals, limit %d: %v, want invalid", limit, err)
			}
			if _, err := db.Episodes(ctx, store.EpisodeFilter{Limit: limit}); problem.Code(err) != problem.Invalid {
				t.Errorf("episodes, limit %d: %v, want invalid", limit, err)
			}
			if _, err := db.Appointments(ctx, store.AppointmentFilter{Limit: limit}); problem.Code(err) != problem.Invalid {
				t.Errorf("appointments, limit %d: %v, want invalid", limit, err)
			}
			if _, err := db.Tasks(ctx, store.TaskFilter{Limit: limit}); problem.Code(err) != problem.Invalid {
				t.Errorf("tasks, limit %d: %v, want invalid", limit, err)
			}
		}
		events, err := db.VerifyAudit(ctx)
		if err != nil || events < 3*n {
			t.Errorf("audit chain after a bulk load: %d events, %v; want at least %d, verified", events, err, 3*n)
		}
	})
}

// TestAddReferralEvents: many steps added at once, across more than one
// multi-row INSERT, come back in order with what each said.
func TestAddReferralEvents(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, worker, _ := region(t, db)
		p := mustPerson(t, db, "Timeline")
		at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
		r := care.Referral{PersonID: p.ID, ServiceID: "cen", Reason: "Test", ReceivedAt: at}
		var evs []store.NewReferralEvent
		err := db.Bulk(ctx, func(tx *store.Tx) error {
			if err := tx.CreateReferral(ctx, auth.System, &r); err != nil {
				return err
			}
			for i := range 450 {
				e := store.NewReferralEvent{ReferralID: r.ID, Status: care.ReferralScreening, At: at.Add(time.Duration(i+1) * time.Minute), Note: fmt.Sprintf("step %d", i)}
				if i%2 == 0 {
					e.UserID = worker.ID
				}
				evs = append(evs, e)
			}
			return tx.AddReferralEvents(ctx, evs)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.ReferralEvents(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(evs)+1 {
			t.Fatalf("got %d events, want %d (received and %d steps)", len(got), len(evs)+1, len(evs))
		}
		for i, e := range evs {
			g := got[i+1]
			wantBy := ""
			if e.UserID != 0 {
				wantBy = worker.DisplayName
			}
			if !g.At.Equal(e.At) || g.Status != e.Status || g.Note != e.Note || g.By != wantBy {
				t.Errorf("event %d = %+v, want %+v by %q", i, g, e, wantBy)
			}
		}
	})
}
