package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

func TestLoginAttemptsByAccountAndAddress(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		now := start
		db.Now = func() time.Time { return now }
		th := auth.Throttle{Account: auth.Backoff{Window: 24 * time.Hour}, Address: auth.Backoff{Window: time.Hour}}
		u := mustUser(t, db, auth.User{Username: "sam", DisplayName: "Sam", Role: auth.Admin})
		record := func(username, addr string, user auth.User, ok bool) {
			t.Helper()
			now = now.Add(time.Minute)
			if err := db.RecordSignIn(ctx, store.SignInAttempt{Username: username, User: user, Address: addr, Succeeded: ok}, th.Keep()); err != nil {
				t.Fatal(err)
			}
		}
		count := func() (account, address int) {
			t.Helper()
			f, err := db.LoginFailures(ctx, "sam", "10.0.0.1", th)
			if err != nil {
				t.Fatal(err)
			}
			return len(f.Account), len(f.Address)
		}
		record("sam", "10.0.0.1", u, false)
		record("sam", "10.0.0.2", u, false)
		record("kim", "10.0.0.1", auth.User{}, false)
		tests := []struct {
			name                     string
			then                     func()
			wantAccount, wantAddress int
		}{
			{"failures counted per account and per address", func() {}, 2, 2},
			{"a success clears the account, not the address", func() { record("sam", "10.0.0.1", u, true) }, 0, 2},
			{"later failures count again", func() { record("sam", "10.0.0.3", u, false) }, 1, 2},
			{"address failures over an hour old do not count", func() { now = now.Add(time.Hour) }, 1, 0},
		}
		for _, tt := range tests {
			tt.then()
			if gotAccount, gotAddress := count(); gotAccount != tt.wantAccount || gotAddress != tt.wantAddress {
				t.Errorf("%s: account %d, address %d; want %d, %d", tt.name, gotAccount, gotAddress, tt.wantAccount, tt.wantAddress)
			}
		}
		// A day on, a new attempt prunes everything older than the throttle needs.
		now = now.Add(24 * time.Hour)
		record("kim", "10.0.0.9", auth.User{}, false)
		long := auth.Throttle{Account: auth.Backoff{Window: 1000 * time.Hour}, Address: auth.Backoff{Window: 1000 * time.Hour}}
		if f, err := db.LoginFailures(ctx, "sam", "10.0.0.1", long); err != nil || len(f.Account)+len(f.Address) != 0 {
			t.Errorf("day-old attempts = %+v, %v; want deleted", f, err)
		}
		if f, err := db.LoginFailures(ctx, "kim", "10.0.0.9", long); err != nil || len(f.Account) != 1 || len(f.Address) != 1 {
			t.Errorf("newest attempt = %+v, %v; want kept", f, err)
		}
		// Each attempt is in the audit chain, the unknown user as user 0.
		fails, err := db.AuditEvents(ctx, store.AuditFilter{Action: auth.ActionLoginFail})
		if err != nil || len(fails) != 5 || fails[0].Username != "kim" || fails[0].UserID != 0 || fails[0].Reason != "from 10.0.0.9" {
			t.Errorf("failure events = %+v, %v", fails, err)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Error(err)
		}
	})
}
