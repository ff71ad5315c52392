package store_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"throughline/internal/auditlog"
	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// everySeal signs a checkpoint whenever a seal moves the chain.
var everySeal = auditlog.Schedule{Every: 0, Events: 1}

func viewer(i int) auth.Actor {
	return auth.Actor{User: auth.User{ID: int64(i), Username: fmt.Sprint("u", i), Role: auth.Clinician}}
}

// TestAppendsAreSealedInBatches: an append waits unsealed, takes no place
// in the chain until a seal, and a second seal finds nothing to do.
func TestAppendsAreSealedInBatches(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		key := testAuditKey(1)
		p := mustPerson(t, db, "Sealed")
		for i := 0; i < 5; i++ {
			if err := db.Audit(ctx, viewer(i), auth.ActionView, p.ID, "person"); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := db.AuditWaiting(ctx); err != nil || got != 6 {
			t.Errorf("waiting before the seal = %d, %v; want 6", got, err)
		}
		if got := storetest.Count(t, db, `SELECT COUNT(*) FROM audit_events`); got != 0 {
			t.Errorf("chain before the seal holds %d events, want 0", got)
		}
		r, err := db.SealAudit(ctx, key, everySeal)
		if err != nil || r.Sealed != 6 || !r.Signed || r.Checkpoint.Seq != 6 {
			t.Fatalf("seal = %+v, %v; want 6 sealed and signed at 6", r, err)
		}
		if r, err := db.SealAudit(ctx, key, everySeal); err != nil || r.Sealed != 0 || r.Signed {
			t.Errorf("second seal = %+v, %v; want nothing done", r, err)
		}
		rep, err := db.VerifyAuditSigned(ctx, store.AuditCheck{Key: key.Public().(ed25519.PublicKey)})
		if err != nil || rep.Events != 6 || rep.Pending != 0 || rep.Checkpoints != 1 {
			t.Errorf("verify = %+v, %v; want 6 events, none pending, 1 checkpoint", rep, err)
		}
		// Sealing keeps the order of appending.
		events, err := db.AuditEvents(ctx, store.AuditFilter{PersonID: p.ID, Action: auth.ActionView})
		if err != nil || len(events) != 5 {
			t.Fatalf("views = %d, %v", len(events), err)
		}
		for i, e := range events {
			if got, want := e.UserID, int64(4-i); got != want {
				t.Errorf("view %d (seq %d) by user %d, want %d", i, e.Seq, got, want)
			}
		}
	})
}

// TestSealFailureLosesNothing: a seal that fails after writing the chain,
// as a sealer killed mid-batch would, leaves the chain, the head and the
// pending rows as they were; the next seal seals each event once.
func TestSealFailureLosesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		key := testAuditKey(1)
		p := mustPerson(t, db, "Interrupted")
		if _, _, err := db.Checkpoint(ctx, key); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if err := db.Audit(ctx, viewer(i), auth.ActionView, p.ID, "person"); err != nil {
				t.Fatal(err)
			}
		}
		crash := errors.New("sealer killed")
		db.SetSealFault(func() error { return crash })
		if _, err := db.SealAudit(ctx, key, everySeal); !errors.Is(err, crash) {
			t.Fatalf("seal with a fault = %v, want the fault", err)
		}
		if got, err := db.AuditWaiting(ctx); err != nil || got != 3 {
			t.Errorf("waiting after the failed seal = %d, %v; want 3", got, err)
		}
		if got := storetest.Count(t, db, `SELECT COUNT(*) FROM audit_events`); got != 1 {
			t.Errorf("chain after the failed seal = %d events, want 1", got)
		}
		if got := storetest.Count(t, db, `SELECT seq FROM audit_head`); got != 1 {
			t.Errorf("head after the failed seal = %d, want 1", got)
		}
		db.SetSealFault(nil)
		r, err := db.SealAudit(ctx, key, everySeal)
		if err != nil || r.Sealed != 3 || !r.Signed || r.Checkpoint.N != 2 {
			t.Fatalf("seal after the fault = %+v, %v", r, err)
		}
		if n, err := db.VerifyAudit(ctx); err != nil || n != 4 {
			t.Errorf("verify = %d, %v; want 4", n, err)
		}
	})
}

// TestSealerRefusesACutChain: events removed from the end with the head
// moved back must not be hidden by sealing new events onto the cut.
func TestSealerRefusesACutChain(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		key := testAuditKey(1)
		signedLog(t, db, key)
		if _, err := db.VerifyAudit(ctx); err != nil { // seals the last four
			t.Fatal(err)
		}
		storetest.Tamper(t, db, `DELETE FROM audit_events WHERE seq > 8`)
		if err := storetest.Exec(t, db, `UPDATE audit_head SET seq = 8, hash = (SELECT hash FROM audit_events WHERE seq = 8) WHERE id = 1`); err != nil {
			t.Fatal(err)
		}
		if err := db.Audit(ctx, auth.System, auth.ActionSearch, 0, "people"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SealAudit(ctx, key, everySeal); err == nil || !strings.Contains(err.Error(), "behind checkpoint 2") {
			t.Errorf("seal onto a cut chain = %v, want refusal", err)
		}
		if got, err := db.AuditWaiting(ctx); err != nil || got != 1 {
			t.Errorf("waiting = %d, %v; want the new event kept", got, err)
		}
		// The log can still be read, and verifying says what happened.
		if events, err := db.AuditEvents(ctx, store.AuditFilter{}); err != nil || len(events) != 8 {
			t.Errorf("listing = %d events, %v; want the 8 sealed", len(events), err)
		}
		if _, err := db.VerifyAudit(ctx); err == nil || !strings.Contains(err.Error(), "is no longer in the log") {
			t.Errorf("verify = %v", err)
		}
	})
}

// TestReadAuditsCommitTogether: reads arriving while a commit runs are
// committed together in the next one, and each returns only once its
// event is committed.
func TestReadAuditsCommitTogether(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := mustPerson(t, db, "Popular")
		db.SetAuditDirect(false) // as Open sets it, whatever an earlier test did
		waiting := func() int64 {
			n, err := db.AuditWaiting(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := waiting()
		// Hold the appends back: the one writer of SQLite's journal of
		// reads is busy, and on PostgreSQL the table is locked against
		// inserts.
		release := make(chan struct{})
		held := make(chan struct{})
		holder := make(chan error, 1)
		go func() { holder <- db.HoldAppendsForTest(ctx, held, release) }()
		<-held
		const readers = 20
		var wg sync.WaitGroup
		errs := make(chan error, readers)
		read := func(i int) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- db.Audit(ctx, viewer(i), auth.ActionView, p.ID, "person")
			}()
		}
		// The first reader's commit starts and waits on the holder; only
		// then do the rest arrive, so they queue behind it. Waiting on the
		// queue's length alone let all twenty arrive before the committer
		// took the first, and they went in one commit.
		deadline := time.Now().Add(10 * time.Second)
		read(0)
		for db.AuditBatches() < 1 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		for i := 1; i < readers; i++ {
			read(i)
		}
		for db.AuditQueued() < readers-1 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if got := waiting() - before; got != 0 {
			t.Errorf("%d views committed while the writer was held", got)
		}
		close(release)
		if err := <-holder; err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got, want := db.AuditBatches(), int64(2); got != want {
			t.Errorf("%d commits for %d reads, want %d", got, readers, want)
		}
		events, err := db.AuditEvents(ctx, store.AuditFilter{PersonID: p.ID, Action: auth.ActionView})
		if err != nil || len(events) != readers {
			t.Errorf("views = %d, %v; want %d", len(events), err, readers)
		}
	})
}

// TestTwoServersOneDatabase runs two store pools on one database, as two
// serve processes would, each writing, reading and sealing in the
// background at once. Afterwards the chain verifies, every event is in it
// exactly once, nothing waits unsealed, and every checkpoint was signed
// once by exactly one of the sealers.
func TestTwoServersOneDatabase(t *testing.T) {
	t.Parallel()
	for name, mk := range storetest.Dialects(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dsn := mk(t)
			servers := []*store.DB{storetest.Open(t, dsn), storetest.Open(t, dsn)}
			ctx := context.Background()
			key := testAuditKey(1)
			p := mustPerson(t, servers[0], "Shared")
			const perServer, clients = 60, 4
			var signed, sealed [2]int64
			stop := make(chan struct{})
			var sealers, load sync.WaitGroup
			errs := make(chan error, 2*clients+2)
			for s, db := range servers {
				sealers.Add(1)
				go func() {
					defer sealers.Done()
					for {
						r, err := db.SealAudit(ctx, key, everySeal)
						if err != nil {
							errs <- fmt.Errorf("server %d sealer: %w", s, err)
							return
						}
						sealed[s] += r.Sealed
						if r.Signed {
							signed[s]++
						}
						select {
						case <-stop:
							return
						case <-time.After(time.Millisecond):
						}
					}
				}()
				for c := 0; c < clients; c++ {
					load.Add(1)
					go func() {
						defer load.Done()
						for i := c; i < perServer; i += clients {
							record := fmt.Sprintf("probe/%d/%d", s, i)
							var err error
							if i%3 == 0 { // a write and its event, together
								err = db.Update(ctx, func(tx *store.Tx) error { return tx.AuditForTest(ctx, viewer(i), auth.ActionUpdate, p.ID, record) })
							} else {
								err = db.Audit(ctx, viewer(i), auth.ActionView, p.ID, record)
							}
							if err != nil {
								errs <- fmt.Errorf("server %d: %w", s, err)
								return
							}
						}
					}()
				}
			}
			load.Wait()
			close(stop)
			sealers.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			// Whatever the sealers left, a final seal on either finishes.
			if r, err := servers[1].SealAudit(ctx, key, everySeal); err != nil {
				t.Fatal(err)
			} else {
				sealed[1] += r.Sealed
				if r.Signed {
					signed[1]++
				}
			}
			rep, err := servers[0].VerifyAuditSigned(ctx, store.AuditCheck{Key: key.Public().(ed25519.PublicKey)})
			if err != nil {
				t.Fatal(err)
			}
			total := int64(1 + 2*perServer)
			if rep.Events != total || rep.Pending != 0 || rep.Unsigned() != 0 {
				t.Errorf("verify = %+v; want %d events, none pending or unsigned", rep, total)
			}
			if got := sealed[0] + sealed[1]; got != total {
				t.Errorf("sealers sealed %d events, want %d", got, total)
			}
			if got := signed[0] + signed[1]; got != rep.Checkpoints {
				t.Errorf("sealers signed %d checkpoints, the log holds %d", got, rep.Checkpoints)
			}
			t.Logf("server 0 sealed %d and signed %d; server 1 sealed %d and signed %d", sealed[0], signed[0], sealed[1], signed[1])
			if got := storetest.Count(t, servers[0], `SELECT COUNT(DISTINCT record) FROM audit_events WHERE record LIKE 'probe/%'`); got != 2*perServer {
				t.Errorf("%d distinct events in the chain, want %d", got, 2*perServer)
			}
		})
	}
}
