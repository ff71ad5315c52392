package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestSettingChangeReachesOtherServers: each serve process keeps the
// re-access window for at most a second. A change shows at once on the
// process that made it and within a second on another process sharing
// the database.
func TestSettingChangeReachesOtherServers(t *testing.T) {
	t.Parallel()
	for name, mk := range storetest.Dialects(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dsn := mk(t)
			here, there := storetest.Open(t, dsn), storetest.Open(t, dsn)
			ctx := context.Background()
			months := func(db *store.DB) int {
				t.Helper()
				m, _, err := db.ReaccessMonths(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return m
			}
			before := months(there) // now cached there
			_, version, err := here.ReaccessMonths(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := before + 1
			if err := here.SetReaccessMonths(ctx, auth.Actor{User: auth.User{ID: 0, Username: "manager", Role: auth.TeamManager}}, want, version); err != nil {
				t.Fatal(err)
			}
			if got := months(here); got != want {
				t.Errorf("re-access months on the server that changed it = %d, want %d at once", got, want)
			}
			deadline := time.Now().Add(3 * time.Second)
			for months(there) != want {
				if time.Now().After(deadline) {
					t.Fatalf("the other server still had %d months after 3 s, want %d within about a second", months(there), want)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}
