package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestBulkNumbersRowsAsInsertsWould: a bulk load numbers the people it
// writes itself (on PostgreSQL, ahead of COPY). A person added meanwhile
// by another transaction waits for the load and takes the next id after
// the load's, the load's people have the ids the load handed back, and a
// person added after has the next id again: no id is used twice or
// skipped.
func TestBulkNumbersRowsAsInsertsWould(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		first := mustPerson(t, db, "Before")
		var loaded []int64
		meanwhile := make(chan care.Person, 1)
		err := db.Bulk(ctx, func(tx *store.Tx) error {
			for i := range 3 {
				p := care.Person{GivenName: fmt.Sprint("Loaded", i), FamilyName: "Tester", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
				if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
					return err
				}
				loaded = append(loaded, p.ID)
			}
			go func() {
				p := care.Person{GivenName: "Meanwhile", FamilyName: "Tester", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
				if err := db.CreatePerson(ctx, auth.System, &p); err != nil {
					t.Errorf("person added during the load: %v", err)
				}
				meanwhile <- p
			}()
			select {
			case p := <-meanwhile:
				t.Errorf("person %d was added while the load numbering people was still open", p.ID)
			case <-time.After(300 * time.Millisecond):
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		during := <-meanwhile
		after := mustPerson(t, db, "After")
		got := append([]int64{first.ID}, loaded...)
		got = append(got, during.ID, after.ID)
		want := []int64{first.ID, first.ID + 1, first.ID + 2, first.ID + 3, first.ID + 4, first.ID + 5}
		if !slices.Equal(got, want) {
			t.Errorf("ids before, in the load, during it and after = %v, want %v", got, want)
		}
		for _, id := range got {
			if p, err := db.PersonNoAudit(ctx, id); err != nil || p.ID != id {
				t.Errorf("person %d: %+v, %v", id, p, err)
			}
		}
	})
}

// TestBulkRefusesADuplicateAndKeepsNothing: two people with one NHS
// number in a bulk load fail it, whether a read refuses the second (SQLite)
// or the unique index does when the rows are copied (PostgreSQL), and
// nothing of the load is kept.
func TestBulkRefusesADuplicateAndKeepsNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		region(t, db)
		before := countAll(t, db)
		err := db.Bulk(ctx, func(tx *store.Tx) error {
			for i := range 3 {
				p := care.Person{GivenName: fmt.Sprint("Twin", i), FamilyName: "Tester", NHSNumber: "9434765919",
					DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
				if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
					return err
				}
				r := care.Referral{PersonID: p.ID, ServiceID: "cen", Reason: "Test", ReceivedAt: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
				if err := tx.CreateReferral(ctx, auth.System, &r); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			t.Fatal("a bulk load with one NHS number twice succeeded")
		}
		if msg := strings.ToLower(err.Error()); !strings.Contains(msg, "nhs") {
			t.Errorf("error %q does not say the NHS number is taken", err)
		}
		if got, want := countAll(t, db), before; !slices.Equal(got, want) {
			t.Errorf("rows of people, referrals, steps, pending audit after the failed load: %v, want %v", got, want)
		}
	})
}

// TestBulkForgetsWhatItChanges: a bulk load remembers the episode its
// checks read, and forgets it when it changes it. Medication added to an
// open episode is accepted; once the same load has ended the episode,
// more medication for it is refused, as it would be in a transaction of
// its own.
func TestBulkForgetsWhatItChanges(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, _ := region(t, db)
		actor := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		ep := openEpisode(t, db, team, worker, care.PathwayCommunity, "SCM", "standard")
		med := func() care.Medication {
			return care.Medication{PersonID: ep.PersonID, EpisodeID: ep.ID, Name: "Sertraline", Dose: "50mg", Frequency: "once a day",
				Prescriber: "Dr Chaudhry", StartedOn: now.AddDate(0, -2, 0), ReviewOn: now.AddDate(0, 1, 0)}
		}
		err := db.Bulk(ctx, func(tx *store.Tx) error {
			first := med()
			if err := tx.AddMedication(ctx, actor, &first); err != nil {
				return fmt.Errorf("medication for the open episode: %w", err)
			}
			end := care.Ending{EpisodeID: ep.ID, Kind: care.EndingPlanned, EndedOn: now, FurtherSupport: "GP review in a month", HowToComeBack: "Ask the GP to refer again"}
			if err := tx.EndEpisode(ctx, actor, ep.PersonID, &end); err != nil {
				return fmt.Errorf("end the episode: %w", err)
			}
			late := med()
			if err := tx.AddMedication(ctx, actor, &late); problem.Code(err) != problem.Conflict && problem.Code(err) != problem.Invalid {
				t.Errorf("medication after the load ended the episode: %v, want refused", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
