package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// A group commit holds back for reads under way that will audit, so that a
// busy service fsyncs once for many reads, and never for longer than its
// cap; an idle service commits at once.
func TestGroupCommitWaitsForReadsUnderWay(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := auth.Actor{User: auth.User{ID: 1, Username: "clinician", Role: auth.Clinician}, Relationship: auth.RelCaseload}
		settled := func(p *store.PendingAudit, within time.Duration) bool {
			ctx, cancel := context.WithTimeout(ctx, within)
			defer cancel()
			err := p.Wait(ctx)
			if err != nil && ctx.Err() == nil {
				t.Fatal(err)
			}
			return err == nil
		}
		// start audits a view as a page under the web's audit gate does:
		// the event is handed over queued, and its commit waited for later.
		start := func(personID int64) *store.PendingAudit {
			var p *store.PendingAudit
			take := store.WithAuditDeferral(ctx, func(q *store.PendingAudit) bool { p = q; return true })
			if err := db.Audit(take, a, auth.ActionView, personID, "person"); err != nil {
				t.Fatal(err)
			}
			return p
		}
		commits := func(do func()) int64 {
			before := db.AuditBatches()
			do()
			return db.AuditBatches() - before
		}

		// Alone: nothing expected, so the event commits without waiting,
		// however long the cap.
		db.SetAuditLinger(time.Hour)
		if got, want := commits(func() {
			if !settled(start(1), 10*time.Second) {
				t.Error("an event with no read under way did not commit")
			}
		}), int64(1); got != want {
			t.Errorf("alone: %d commits, want %d", got, want)
		}

		// Another read under way: the first event waits for the second's,
		// and both commit together.
		if got, want := commits(func() {
			other := db.ExpectAudit()
			first := start(1)
			if settled(first, 100*time.Millisecond) {
				t.Error("an event committed while another read was on its way")
			}
			second := start(2)
			other.Done()
			if !settled(first, 10*time.Second) || !settled(second, 10*time.Second) {
				t.Error("the events did not commit once the expected one arrived")
			}
		}), int64(1); got != want {
			t.Errorf("with a read under way: %d commits, want %d", got, want)
		}

		// A read that ends without auditing releases the wait.
		if got, want := commits(func() {
			other := db.ExpectAudit()
			first := start(1)
			other.Done()
			other.Done() // a second Done changes nothing
			if !settled(first, 10*time.Second) {
				t.Error("the event did not commit once the other read ended")
			}
		}), int64(1); got != want {
			t.Errorf("with a read that did not audit: %d commits, want %d", got, want)
		}

		// A read that never says Done holds a commit back no longer than
		// the cap.
		db.SetAuditLinger(20 * time.Millisecond)
		stuck := db.ExpectAudit()
		if !settled(start(1), 10*time.Second) {
			t.Error("the cap did not release the commit")
		}
		stuck.Done()
		if got := db.AuditsExpected(); got != 0 {
			t.Errorf("%d reads still expected, want 0", got)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Error(err)
		}
	})
}
