package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestBulkAuditLandsInOrder: a bulk transaction's audit events, written
// many to a statement, all land (the last, partly filled statement too),
// in the order they were appended, each dated when it was appended rather
// than when it was written, and they seal into a chain that verifies.
func TestBulkAuditLandsInOrder(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		base := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
		clock := db.Now
		t.Cleanup(func() { db.Now = clock })
		const n = 1203 // more than two full statements
		ids := make([]int64, 0, n)
		err := db.Bulk(ctx, func(tx *store.Tx) error {
			for i := range n {
				db.Now = func() time.Time { return base.Add(time.Duration(i) * time.Minute) }
				p := care.Person{GivenName: fmt.Sprint("Bulk", i), FamilyName: "Tester", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
				if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
					return err
				}
				ids = append(ids, p.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		db.Now = clock
		checked, err := db.VerifyAudit(ctx)
		if err != nil || checked != n {
			t.Fatalf("verify = %d, %v; want %d events", checked, err, n)
		}
		events, err := db.AuditEvents(ctx, store.AuditFilter{Limit: n})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != n {
			t.Fatalf("got %d events, want %d", len(events), n)
		}
		for i, id := range ids {
			e := events[n-1-i] // newest first
			got, want := fmt.Sprintf("%s %d %s", e.Record, e.PersonID, e.At.UTC().Format(time.RFC3339)),
				fmt.Sprintf("person %d %s", id, base.Add(time.Duration(i)*time.Minute).Format(time.RFC3339))
			if got != want {
				t.Fatalf("event %d = %q, want %q", i, got, want)
			}
		}
	})
}

// TestBulkAuditRollsBackWithWrites: when a bulk transaction fails, its
// audit events go with the writes they record, those already written and
// those still buffered alike.
func TestBulkAuditRollsBackWithWrites(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		failed := errors.New("stop here")
		err := db.Bulk(ctx, func(tx *store.Tx) error {
			for i := range 700 {
				p := care.Person{GivenName: fmt.Sprint("Gone", i), FamilyName: "Tester", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
				if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
					return err
				}
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatalf("bulk = %v, want %v", err, failed)
		}
		for _, table := range []string{"people", "audit_pending", "audit_events"} {
			if got := storetest.Count(t, db, `SELECT COUNT(*) FROM `+table); got != 0 {
				t.Errorf("%s holds %d rows after the rollback, want 0", table, got)
			}
		}
	})
}

// TestBulkStopsWhenCancelled: statements given a context that is never
// cancelled (as the demo gives them, for speed) still stop when the
// bulk's context is cancelled, and nothing of the transaction commits.
func TestBulkStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		quiet := context.WithoutCancel(ctx)
		written := 0
		err := db.Bulk(ctx, func(tx *store.Tx) error {
			for i := range 10000 {
				if i == 10 {
					cancel()
				}
				p := care.Person{GivenName: fmt.Sprint("Stopped", i), FamilyName: "Tester", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
				if err := tx.CreatePerson(quiet, auth.System, &p); err != nil {
					return err
				}
				written++
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("bulk = %v, want %v", err, context.Canceled)
		}
		if written == 10000 {
			t.Errorf("all %d people were written after the cancel", written)
		}
		if got := storetest.Count(t, db, `SELECT COUNT(*) FROM people`); got != 0 {
			t.Errorf("people holds %d rows after the cancel, want 0", got)
		}
	})
}
