package store_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"slices"
	"strings"
	"testing"

	"throughline/internal/auditlog"
	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

func testAuditKey(b byte) ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = b
	return ed25519.NewKeyFromSeed(seed)
}

// signedLog makes a log of views of one person with two checkpoints, at
// event 6 and at event 11, and four events after them not yet signed.
func signedLog(t *testing.T, db *store.DB, key ed25519.PrivateKey) (first, second auditlog.Checkpoint) {
	t.Helper()
	ctx := context.Background()
	p := mustPerson(t, db, "Signed")
	views := func(n int) {
		for i := 0; i < n; i++ {
			if err := db.Audit(ctx, auth.System, auth.ActionView, p.ID, "person"); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkpoint := func() auditlog.Checkpoint {
		c, made, err := db.Checkpoint(ctx, key)
		if err != nil || !made {
			t.Fatalf("checkpoint: made = %v, err = %v", made, err)
		}
		return c
	}
	views(5)
	first = checkpoint()
	views(5)
	second = checkpoint()
	views(4)
	if first.Seq != 6 || second.Seq != 11 {
		t.Fatalf("checkpoints at events %d and %d, want 6 and 11", first.Seq, second.Seq)
	}
	return first, second
}

// rewriteFrom edits event seq with edit and recomputes the hash of it and
// of every later event, and the head, as someone who knows the hash
// function but not the key would.
func rewriteFrom(t *testing.T, db *store.DB, seq int64, edit func(*auth.Event)) {
	t.Helper()
	events, err := db.AuditEvents(context.Background(), store.AuditFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(events)
	prev := auth.GenesisHash
	for _, e := range events {
		if e.Seq == seq {
			edit(&e)
		}
		if e.Seq >= seq {
			e.PrevHash, e.Hash = prev, e.ComputeHash(prev)
			storetest.Tamper(t, db, fmt.Sprintf(`UPDATE audit_events SET user_id = %d, prev_hash = '%s', hash = '%s' WHERE seq = %d`, e.UserID, e.PrevHash, e.Hash, e.Seq))
		}
		prev = e.Hash
	}
	if err := storetest.Exec(t, db, fmt.Sprintf(`UPDATE audit_head SET hash = '%s' WHERE id = 1`, prev)); err != nil {
		t.Fatal(err)
	}
}

func TestSignedAuditDetectsRewriting(t *testing.T) {
	t.Parallel()
	key := testAuditKey(1)
	pub := key.Public().(ed25519.PublicKey)
	tests := []struct {
		name    string
		tamper  func(t *testing.T, db *store.DB, first, second auditlog.Checkpoint)
		expect  bool // give the second checkpoint as kept outside
		wantErr string
	}{
		{"intact", func(*testing.T, *store.DB, auditlog.Checkpoint, auditlog.Checkpoint) {}, true, ""},
		{"last rows deleted and head moved back", func(t *testing.T, db *store.DB, _, _ auditlog.Checkpoint) {
			storetest.Tamper(t, db, `DELETE FROM audit_events WHERE seq > 8`)
			if err := storetest.Exec(t, db, `UPDATE audit_head SET seq = 8, hash = (SELECT hash FROM audit_events WHERE seq = 8) WHERE id = 1`); err != nil {
				t.Fatal(err)
			}
		}, false, "audit event 11, signed by checkpoint 2, is no longer in the log"},
		{"row edited and every later hash recomputed", func(t *testing.T, db *store.DB, _, _ auditlog.Checkpoint) {
			rewriteFrom(t, db, 3, func(e *auth.Event) { e.UserID = 42 })
		}, false, "audit event 6 differs from what checkpoint 1 signed"},
		{"middle checkpoint deleted", func(t *testing.T, db *store.DB, _, _ auditlog.Checkpoint) {
			storetest.TamperCheckpoints(t, db, `DELETE FROM audit_checkpoints WHERE n = 1`)
		}, false, "audit checkpoint 1 missing"},
		{"checkpoint replaced by one signed with another key", func(t *testing.T, db *store.DB, first, _ auditlog.Checkpoint) {
			forged, err := auditlog.Sign(testAuditKey(2), nil, first.Seq, first.Hash, first.At)
			if err != nil {
				t.Fatal(err)
			}
			storetest.TamperCheckpoints(t, db, fmt.Sprintf(`UPDATE audit_checkpoints SET line = '%s' WHERE n = 1`, forged.Line()))
		}, false, "checkpoint 1 was signed by key"},
		{"checkpoint columns moved back", func(t *testing.T, db *store.DB, _, _ auditlog.Checkpoint) {
			storetest.TamperCheckpoints(t, db, `UPDATE audit_checkpoints SET seq = 8 WHERE n = 2`)
		}, false, "its columns differ from its signed line"},
		{"log and checkpoints cut back together", func(t *testing.T, db *store.DB, _, _ auditlog.Checkpoint) {
			storetest.Tamper(t, db, `DELETE FROM audit_events WHERE seq > 8`)
			storetest.TamperCheckpoints(t, db, `DELETE FROM audit_checkpoints WHERE n = 2`)
			if err := storetest.Exec(t, db, `UPDATE audit_head SET seq = 8, hash = (SELECT hash FROM audit_events WHERE seq = 8) WHERE id = 1`); err != nil {
				t.Fatal(err)
			}
		}, true, "checkpoint 2 (event 11), kept outside, is no longer in the log"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				first, second := signedLog(t, db, key)
				tt.tamper(t, db, first, second)
				check := store.AuditCheck{Key: pub}
				if tt.expect {
					kept, err := auditlog.ParseLine(second.Line())
					if err != nil {
						t.Fatal(err)
					}
					check.Expect = []auditlog.Checkpoint{kept}
				}
				r, err := db.VerifyAuditSigned(ctx, check)
				if tt.wantErr == "" {
					if err != nil {
						t.Fatalf("verify: %v", err)
					}
					if r.Events != 15 || r.Checkpoints != 2 || r.Unsigned() != 4 || r.Expected != 1 {
						t.Errorf("report = %+v (unsigned %d), want 15 events, 2 checkpoints, 4 unsigned, 1 expected", r, r.Unsigned())
					}
					return
				}
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("verify = %v, want error containing %q", err, tt.wantErr)
				}
			})
		})
	}
}

func TestCheckpointOnlyWhenTheChainMoved(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		key := testAuditKey(1)
		_, second := signedLog(t, db, key)
		third, made, err := db.Checkpoint(ctx, key)
		if err != nil || !made || third.N != 3 || third.Seq != 15 || third.Prev != second.Link() {
			t.Fatalf("third checkpoint = %+v, made %v, err %v", third, made, err)
		}
		again, made, err := db.Checkpoint(ctx, key)
		if err != nil || made || again.Line() != third.Line() {
			t.Errorf("checkpoint of an unmoved chain: made = %v, err = %v", made, err)
		}
		// A different key would start a second signer nobody can verify.
		if _, _, err := db.Checkpoint(ctx, testAuditKey(2)); err == nil || !strings.Contains(err.Error(), "is not the key that signed") {
			t.Errorf("checkpoint with another key: %v", err)
		}
		if err := storetest.Exec(t, db, `DELETE FROM audit_checkpoints`); err == nil {
			t.Error("deleting checkpoints succeeded, want refusal")
		}
		latest, ok, err := db.LatestCheckpoint(ctx)
		if err != nil || !ok || latest.N != 3 {
			t.Errorf("latest = %d, %v, %v", latest.N, ok, err)
		}
	})
}

func TestCheckpointIfDue(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		key := testAuditKey(1)
		if _, made, err := db.CheckpointIfDue(ctx, key, auditlog.Schedule{Every: 1 << 62, Events: 3}); err != nil || made {
			t.Fatalf("empty log: made = %v, err = %v", made, err)
		}
		p := mustPerson(t, db, "Due") // one event
		if _, made, err := db.CheckpointIfDue(ctx, key, auditlog.Schedule{Every: 1 << 62, Events: 3}); err != nil || !made {
			t.Fatalf("first events: made = %v, err = %v", made, err)
		}
		for i := 0; i < 2; i++ {
			if err := db.Audit(ctx, auth.System, auth.ActionView, p.ID, "person"); err != nil {
				t.Fatal(err)
			}
		}
		if _, made, err := db.CheckpointIfDue(ctx, key, auditlog.Schedule{Every: 1 << 62, Events: 3}); err != nil || made {
			t.Errorf("two events: made = %v, err = %v, want not yet", made, err)
		}
		if err := db.Audit(ctx, auth.System, auth.ActionView, p.ID, "person"); err != nil {
			t.Fatal(err)
		}
		if c, made, err := db.CheckpointIfDue(ctx, key, auditlog.Schedule{Every: 1 << 62, Events: 3}); err != nil || !made || c.Seq != 4 {
			t.Errorf("three events: checkpoint at %d, made = %v, err = %v", c.Seq, made, err)
		}
	})
}

// TestConcurrentCheckpointsSignOnce: several servers on one database may
// all find a checkpoint due at once; one signs, the others find it made.
func TestConcurrentCheckpointsSignOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		key := testAuditKey(1)
		mustPerson(t, db, "Busy")
		made := make(chan bool, 4)
		errs := make(chan error, 4)
		for i := 0; i < 4; i++ {
			go func() {
				_, m, err := db.Checkpoint(ctx, key)
				made <- m
				errs <- err
			}()
		}
		count := 0
		for i := 0; i < 4; i++ {
			if <-made {
				count++
			}
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		if count != 1 {
			t.Errorf("%d checkpoints made, want 1", count)
		}
		if _, err := db.VerifyAuditSigned(ctx, store.AuditCheck{Key: key.Public().(ed25519.PublicKey)}); err != nil {
			t.Error(err)
		}
	})
}
