package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// clockFixture is a fixture whose clock the test moves forward.
func clockFixture(t *testing.T, fn func(t *testing.T, f *fixture, wait func(time.Duration))) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// A clock that stands still between moves keeps the waits exact.
		start := time.Now().UTC().Truncate(time.Second)
		var offset atomic.Int64
		// Set before the server starts, so its goroutines see it.
		db.Now = func() time.Time { return start.Add(time.Duration(offset.Load())) }
		fn(t, newFixture(t, db), func(d time.Duration) { offset.Add(int64(d)) })
	})
}

// TestSignInThrottleByAccountLetsTheOwnerIn: failures slow an account with
// a growing wait the page states, and the owner's right password works once
// it has passed (today's main locks the owner out for 15 minutes).
func TestSignInThrottleByAccountLetsTheOwnerIn(t *testing.T) {
	t.Parallel()
	clockFixture(t, func(t *testing.T, f *fixture, wait func(time.Duration)) {
		c := f.browser(t)
		for i := range 4 {
			if res, _ := f.login(t, c, "clinician", "wrong password here"); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i+1, res.StatusCode)
			}
		}
		tests := []struct {
			name       string
			password   string
			advance    time.Duration
			wantStatus int
			wantRetry  string // Retry-After, "" when none
			wantText   string
		}{
			{"fifth failure is still checked", "wrong password here", 0, http.StatusUnauthorized, "", "not right"},
			{"then a 5 second wait", testPassword, time.Second, http.StatusTooManyRequests, "4", "Wait 4 seconds"},
			{"after it another failure", "wrong password here", 4 * time.Second, http.StatusUnauthorized, "", "not right"},
			{"then a 10 second wait", testPassword, 0, http.StatusTooManyRequests, "10", "Wait 10 seconds"},
			{"the owner who waits gets in", testPassword, 10 * time.Second, http.StatusOK, "", "Your caseload"},
		}
		for _, tt := range tests {
			wait(tt.advance)
			res, body := f.login(t, c, "clinician", tt.password)
			if res.StatusCode != tt.wantStatus || res.Header.Get("Retry-After") != tt.wantRetry || !strings.Contains(body, tt.wantText) {
				t.Errorf("%s: status %d, Retry-After %q; want %d, %q and %q in the page", tt.name, res.StatusCode, res.Header.Get("Retry-After"), tt.wantStatus, tt.wantRetry, tt.wantText)
			}
		}
		// A success clears the account: the next typo is free again.
		c = f.browser(t)
		if res, _ := f.login(t, c, "clinician", "wrong password here"); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("typo after signing in: status %d, want 401", res.StatusCode)
		}
		// However many failures, the wait never passes five minutes.
		for range 30 {
			wait(5 * time.Minute)
			f.login(t, c, "peer-worker", "wrong password here")
		}
		res, body := f.login(t, c, "peer-worker", testPassword)
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "300" || !strings.Contains(body, "Wait 5 minutes") {
			t.Errorf("after 30 failures: status %d, Retry-After %q, want 429 and 300", res.StatusCode, res.Header.Get("Retry-After"))
		}
		wait(5 * time.Minute)
		if res, _ := f.login(t, c, "peer-worker", testPassword); res.StatusCode != http.StatusOK {
			t.Errorf("the owner after five minutes: status %d, want 200", res.StatusCode)
		}
	})
}

// TestSignInThrottleByAddress: one address trying one password against many
// usernames is slowed down, though each username has failed only once.
func TestSignInThrottleByAddress(t *testing.T) {
	t.Parallel()
	clockFixture(t, func(t *testing.T, f *fixture, wait func(time.Duration)) {
		c := f.browser(t)
		for i := range 20 {
			if res, _ := f.login(t, c, fmt.Sprintf("guess%d", i), "Summer2026!"); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("guess %d: status %d, want 401", i, res.StatusCode)
			}
		}
		res, _ := f.login(t, c, "guess20", "Summer2026!")
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("twenty-first guess: status %d, want 401", res.StatusCode)
		}
		res, body := f.login(t, c, "guess21", "Summer2026!")
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "5" || !strings.Contains(body, "too many attempts") {
			t.Errorf("a fresh username from the spraying address: status %d, Retry-After %q; want 429, 5", res.StatusCode, res.Header.Get("Retry-After"))
		}
		wait(5 * time.Second)
		if res, _ := f.login(t, c, "guess21", "Summer2026!"); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("after the wait: status %d, want the password checked (401)", res.StatusCode)
		}
		// An hour later the address's failures are forgotten; a day later
		// they are deleted.
		wait(time.Hour)
		if res, _ := f.login(t, c, "clinician", testPassword); res.StatusCode != http.StatusOK {
			t.Errorf("an hour later: status %d, want 200", res.StatusCode)
		}
		wait(24 * time.Hour)
		if res, _ := f.login(t, f.browser(t), "clinician", testPassword); res.StatusCode != http.StatusOK {
			t.Errorf("a day later: status %d, want 200", res.StatusCode)
		}
		fails, err := f.db.LoginFailures(context.Background(), "guess1", "127.0.0.1", auth.Throttle{
			Account: auth.Backoff{Window: 100 * time.Hour}, Address: auth.Backoff{Window: 100 * time.Hour}})
		if err != nil || len(fails.Account)+len(fails.Address) != 0 {
			t.Errorf("failures older than the throttle needs = %+v, %v; want pruned", fails, err)
		}
	})
}
