package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

var testPolicy = store.AggregatePolicy{Every: 5 * time.Minute, Keep: 24 * time.Hour, Retry: time.Minute, Lease: 10 * time.Minute}

// TestStoredAggregateLifecycle: a set asked for is due at once; a claim
// keeps it from a second claimant; stored figures are not due again until
// they are older than Every, or a refresh is asked for; a failure waits
// Retry; a claim that ran out cannot store its figures over another's.
func TestStoredAggregateLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		if _, ok, err := db.StoredAggregate(ctx, "r", "a=1"); err != nil || ok {
			t.Fatalf("before anyone asked: %v %v", ok, err)
		}
		if err := db.WantAggregate(ctx, "r", "a=1", now); err != nil {
			t.Fatal(err)
		}
		c, ok, err := db.ClaimDueAggregate(ctx, "one", now, testPolicy)
		if err != nil || !ok || c.Params != "a=1" {
			t.Fatalf("claim a new set: %+v %v %v", c, ok, err)
		}
		if _, ok, err := db.ClaimDueAggregate(ctx, "two", now, testPolicy); err != nil || ok {
			t.Fatalf("a claimed set was claimed again: %v %v", ok, err)
		}
		if _, ok, err := db.ClaimAggregate(ctx, "r", "a=1", "two", now, testPolicy.Lease); err != nil || ok {
			t.Fatalf("a claimed set was claimed directly: %v %v", ok, err)
		}
		if err := db.SaveAggregate(ctx, c, []byte("raw"), now, 1500*time.Millisecond, "3 referrals"); err != nil {
			t.Fatal(err)
		}
		got, ok, err := db.StoredAggregate(ctx, "r", "a=1")
		if err != nil || !ok || string(got.Figures) != "raw" || !got.ComputedAt.Equal(now) || got.Source != "3 referrals" || got.Took != 1500*time.Millisecond || got.ClaimedBy != "" {
			t.Fatalf("stored: %+v %v %v", got, ok, err)
		}
		steps := []struct {
			name string
			at   time.Time
			want bool
		}{
			{"just computed", now.Add(time.Minute), false},
			{"older than Every", now.Add(6 * time.Minute), true},
			{"nobody has read it for longer than Keep", now.Add(25 * time.Hour), false},
		}
		for _, s := range steps {
			_, ok, err := db.ClaimDueAggregate(ctx, "two", s.at, testPolicy)
			if err != nil || ok != s.want {
				t.Fatalf("%s: claimed %v, want %v (%v)", s.name, ok, s.want, err)
			}
			if ok {
				if err := db.ReleaseAggregate(ctx, store.AggregateClaim{Report: "r", Params: "a=1", Worker: "two", Until: s.at.Add(testPolicy.Lease)}); err != nil {
					t.Fatalf("%s: release: %v", s.name, err)
				}
			}
		}
		// A refresh asked for makes it due however fresh it is.
		if err := db.RefreshAggregate(ctx, "r", "a=1", now.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := db.StoredAggregate(ctx, "r", "a=1"); !got.RefreshPending() {
			t.Fatal("refresh not pending")
		}
		c, ok, err = db.ClaimDueAggregate(ctx, "two", now.Add(2*time.Minute), testPolicy)
		if err != nil || !ok {
			t.Fatalf("claim a refresh: %v %v", ok, err)
		}
		if err := db.FailAggregate(ctx, c, "disk full", now.Add(3*time.Minute)); err != nil {
			t.Fatal(err)
		}
		got, _, _ = db.StoredAggregate(ctx, "r", "a=1")
		if got.Failure != "disk full" || string(got.Figures) != "raw" {
			t.Fatalf("a failure keeps the figures before it: %+v", got)
		}
		if _, ok, _ := db.ClaimDueAggregate(ctx, "two", now.Add(3*time.Minute+30*time.Second), testPolicy); ok {
			t.Fatal("a failed set was tried again before Retry")
		}
		// A claim that ran out is taken over, and the first claimant
		// cannot store over the second.
		late, ok, err := db.ClaimDueAggregate(ctx, "slow", now.Add(5*time.Minute), testPolicy)
		if err != nil || !ok {
			t.Fatalf("claim after Retry: %v %v", ok, err)
		}
		taken, ok, err := db.ClaimAggregate(ctx, "r", "a=1", "fast", now.Add(16*time.Minute), testPolicy.Lease)
		if err != nil || !ok {
			t.Fatalf("an expired claim was not taken over: %v %v", ok, err)
		}
		if err := db.SaveAggregate(ctx, late, []byte("late"), now.Add(5*time.Minute), time.Second, ""); !errors.Is(err, store.ErrAggregateClaimLost) {
			t.Fatalf("a lost claim stored its figures: %v", err)
		}
		if err := db.SaveAggregate(ctx, taken, []byte("fresh"), now.Add(16*time.Minute), time.Second, ""); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := db.StoredAggregate(ctx, "r", "a=1"); string(got.Figures) != "fresh" || got.Failure != "" || got.RefreshPending() {
			t.Fatalf("after the takeover: %+v", got)
		}
	})
}

// TestTwoPoolsClaimOneAggregate: two processes' pools on one database
// race to claim the same due sets; each set goes to exactly one.
func TestTwoPoolsClaimOneAggregate(t *testing.T) {
	t.Parallel()
	for name, mk := range storetest.Dialects(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dsn := mk(t)
			pools := []*store.DB{storetest.Open(t, dsn), storetest.Open(t, dsn)}
			ctx := context.Background()
			now := time.Now().UTC()
			const sets = 20
			for i := range sets {
				if err := pools[0].WantAggregate(ctx, "r", string(rune('a'+i)), now); err != nil {
					t.Fatal(err)
				}
			}
			var mu sync.Mutex
			claimed := map[string][]int{}
			var wg sync.WaitGroup
			for p, db := range pools {
				for range 3 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for {
							c, ok, err := db.ClaimDueAggregate(ctx, name, now, testPolicy)
							if err != nil {
								t.Error(err)
								return
							}
							if !ok {
								return
							}
							mu.Lock()
							claimed[c.Params] = append(claimed[c.Params], p)
							mu.Unlock()
						}
					}()
				}
			}
			wg.Wait()
			if len(claimed) != sets {
				t.Errorf("%d sets claimed, want %d", len(claimed), sets)
			}
			for params, by := range claimed {
				if len(by) != 1 {
					t.Errorf("set %s claimed %d times (by pools %v)", params, len(by), by)
				}
			}
		})
	}
}

// TestAClaimAfterAnotherComputedItIsRefused: a process that saw a set due,
// then claims it after another process has computed and released it, is
// refused, so the set is not computed twice.
func TestAClaimAfterAnotherComputedItIsRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
		if err := db.WantAggregate(ctx, "principles", "all", now); err != nil {
			t.Fatal(err)
		}
		seen, _, err := db.StoredAggregate(ctx, "principles", "all")
		if err != nil || !testPolicy.Due(seen, now) {
			t.Fatalf("the new set is not due: %+v, %v", seen, err)
		}
		c, ok, err := db.ClaimAggregateIfDue(ctx, "principles", "all", "first", now, testPolicy)
		if err != nil || !ok {
			t.Fatalf("first claim: %v, %v", ok, err)
		}
		if err := db.SaveAggregate(ctx, c, []byte("raw"), now, time.Second, ""); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := db.ClaimAggregateIfDue(ctx, "principles", "all", "second", now.Add(time.Second), testPolicy); err != nil || ok {
			t.Errorf("a claim after the set was computed: %v, %v; want refused", ok, err)
		}
		if _, ok, err := db.ClaimAggregateIfDue(ctx, "principles", "all", "later", now.Add(testPolicy.Every), testPolicy); err != nil || !ok {
			t.Errorf("a claim once the figures are stale: %v, %v; want taken", ok, err)
		}
	})
}

// TestUnreadAggregatesAreDropped: a set nobody has read since the cut-off
// is removed with its figures; one read since, and one a process holds,
// are kept.
func TestUnreadAggregatesAreDropped(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		old := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		now := old.AddDate(0, 0, 40)
		for _, params := range []string{"rules=1", "rules=2"} {
			if err := db.WantAggregate(ctx, "gap-over-time", params, old); err != nil {
				t.Fatal(err)
			}
		}
		c, ok, err := db.ClaimAggregate(ctx, "gap-over-time", "rules=1", "one", old, testPolicy.Lease)
		if err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if err := db.SaveAggregate(ctx, c, []byte("figures"), old, time.Second, "old"); err != nil {
			t.Fatal(err)
		}
		if err := db.WantAggregate(ctx, "gap-over-time", "rules=3", now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		held, ok, err := db.ClaimAggregate(ctx, "gap-over-time", "rules=2", "two", now.Add(-time.Minute), testPolicy.Lease)
		if err != nil || !ok {
			t.Fatalf("claim the old set now: %v %v", ok, err)
		}
		n, err := db.DropUnreadAggregates(ctx, now.AddDate(0, 0, -30), now)
		if err != nil || n != 1 {
			t.Fatalf("dropped %d (%v), want the one unread and unheld set", n, err)
		}
		for params, want := range map[string]bool{"rules=1": false, "rules=2": true, "rules=3": true} {
			if _, ok, err := db.StoredAggregate(ctx, "gap-over-time", params); err != nil || ok != want {
				t.Errorf("%s kept %v, want %v (%v)", params, ok, want, err)
			}
		}
		if err := db.ReleaseAggregate(ctx, held); err != nil {
			t.Fatal(err)
		}
		if n, err := db.DropUnreadAggregates(ctx, now.AddDate(0, 0, -30), now); err != nil || n != 1 {
			t.Errorf("once released, the old set: dropped %d (%v), want 1", n, err)
		}
	})
}
