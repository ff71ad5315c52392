package store_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// lastEvent is the newest audit event, which an account change must have written.
func lastEvent(t *testing.T, db *store.DB) auth.Event {
	t.Helper()
	evs, err := db.AuditEvents(context.Background(), store.AuditFilter{Limit: 1})
	if err != nil || len(evs) == 0 {
		t.Fatalf("audit events: %v (%d)", err, len(evs))
	}
	return evs[0]
}

func TestAccountLifecycleAudited(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, inside, _ := region(t, db)
		admin := mustUser(t, db, auth.User{Username: "admin1", DisplayName: "Ad Min", Role: auth.SystemAdmin})
		actor := auth.Actor{User: admin}

		u := auth.User{Username: "newbie", DisplayName: "New Bie", Role: auth.PeerWorker, PasswordHash: "x", TeamIDs: []int64{team.ID}}
		if err := db.CreateUserAs(ctx, actor, &u); err != nil {
			t.Fatal(err)
		}
		check := func(step, action string) {
			t.Helper()
			e := lastEvent(t, db)
			if got, want := [3]any{e.Action, e.UserID, e.Record}, [3]any{action, admin.ID, "user/" + itoa(u.ID)}; got != want {
				t.Errorf("%s: last event %v, want %v", step, got, want)
			}
		}
		check("create", auth.ActionUserCreate)

		if err := db.SetAccountAccess(ctx, actor, u.ID, store.AccountAccess{Version: 1, Role: auth.Clinician, Profession: "nurse", TeamIDs: []int64{team.ID}}); err != nil {
			t.Fatal(err)
		}
		check("role", auth.ActionUserRole)
		got, err := db.UserByID(ctx, u.ID)
		if err != nil || got.Role != auth.Clinician || got.Profession != "nurse" {
			t.Errorf("role not changed: %+v %v", got, err)
		}
		if err := db.SetAccountAccess(ctx, actor, u.ID, store.AccountAccess{Version: 1, Role: auth.Clinician, Profession: "nurse"}); problem.Code(err) != problem.Conflict {
			t.Errorf("stale version: got %v, want a conflict", err)
		}
		if err := db.SetAccountAccess(ctx, actor, u.ID, store.AccountAccess{Version: got.Version, Role: auth.Clinician, Profession: "nurse"}); err != nil {
			t.Fatal(err)
		}
		check("teams", auth.ActionUserTeams)
		if got, err := db.UserByID(ctx, u.ID); err != nil || len(got.TeamIDs) != 0 {
			t.Errorf("teams not cleared: %v %v", got.TeamIDs, err)
		}
		if err := db.SetAccountAccess(ctx, actor, u.ID, store.AccountAccess{Role: auth.Clinician}); problem.Code(err) != problem.Invalid {
			t.Errorf("clinician without profession: got %v, want invalid", err)
		}

		// Deactivation ends the account's sessions in the same step.
		now := db.Now()
		if err := db.CreateSession(ctx, auth.Session{TokenHash: "h1", UserID: u.ID, CSRFToken: "c", CreatedAt: now, LastSeenAt: now}, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAccountActive(ctx, actor, u.ID, false); err != nil {
			t.Fatal(err)
		}
		check("deactivate", auth.ActionUserDeactivate)
		if _, err := db.Session(ctx, "h1"); problem.Code(err) != problem.Unauthorized {
			t.Errorf("session after deactivation: %v, want it gone", err)
		}
		if err := db.SetAccountActive(ctx, actor, u.ID, false); problem.Code(err) != problem.Conflict {
			t.Errorf("deactivating twice: %v, want a conflict", err)
		}
		if err := db.SetAccountActive(ctx, actor, u.ID, true); err != nil {
			t.Fatal(err)
		}
		check("reactivate", auth.ActionUserReactivate)

		if err := db.ResetPassword(ctx, actor, u.ID, "newhash"); err != nil {
			t.Fatal(err)
		}
		check("reset", auth.ActionPasswordReset)
		if got, err := db.UserByID(ctx, u.ID); err != nil || !got.MustChangePassword || got.PasswordHash != "newhash" {
			t.Errorf("after reset: must change %v, hash %q, %v", got.MustChangePassword, got.PasswordHash, err)
		}
		if err := db.ChangePassword(ctx, u, "own", ""); err != nil {
			t.Fatal(err)
		}
		if got, err := db.UserByID(ctx, u.ID); err != nil || got.MustChangePassword {
			t.Errorf("after change: must change %v, %v", got.MustChangePassword, err)
		}

		page, err := db.ListUsers(ctx, 0, 2)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(page.Users), 2; got != want || page.Total < 4 {
			t.Errorf("page of 2: got %d users of %d", got, page.Total)
		}
		if _, err := db.ListUsers(ctx, 0, store.MaxLimit+1); problem.Code(err) != problem.Invalid {
			t.Errorf("unbounded list: %v, want invalid", err)
		}
		all, err := db.ListUsers(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range all.Users {
			if x.ID == inside.ID && !slices.Equal(x.TeamIDs, []int64{team.ID}) {
				t.Errorf("listed teams of %s: %v", x.Username, x.TeamIDs)
			}
		}
	})
}

func TestTwoFactorStore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := mustUser(t, db, auth.User{Username: "twofa", DisplayName: "Two Fa", Role: auth.PeerWorker})
		if err := db.UseTOTPStep(ctx, u.ID, 5); problem.Code(err) != problem.Conflict {
			t.Errorf("step without enrolment: %v", err)
		}
		if got, err := db.StartTOTPEnrolment(ctx, u.ID, "SECRET"); err != nil || got != "SECRET" {
			t.Fatalf("first enrolment: pending %q, %v; want SECRET", got, err)
		}
		// A second enrolment page opened before the first is confirmed
		// shows the same secret, so a code from either works.
		if got, err := db.StartTOTPEnrolment(ctx, u.ID, "LATER"); err != nil || got != "SECRET" {
			t.Errorf("second enrolment: pending %q, %v; want SECRET", got, err)
		}
		if err := db.EnableTOTP(ctx, u, 10, []string{"h1", "h2"}); err != nil {
			t.Fatal(err)
		}
		if got, err := db.UserByID(ctx, u.ID); err != nil || !got.TwoFactor {
			t.Errorf("two-factor flag after enrolment: %v %v", got.TwoFactor, err)
		}
		if _, err := db.StartTOTPEnrolment(ctx, u.ID, "OTHER"); problem.Code(err) != problem.Conflict {
			t.Errorf("re-enrolling over an enabled secret: %v", err)
		}
		tests := []struct {
			step int64
			ok   bool
		}{{10, false}, {11, true}, {11, false}, {9, false}, {12, true}}
		for _, tt := range tests {
			err := db.UseTOTPStep(ctx, u.ID, tt.step)
			if got := err == nil; got != tt.ok {
				t.Errorf("use step %d: ok %v, want %v (%v)", tt.step, got, tt.ok, err)
			}
		}
		for i, want := range []bool{true, false} {
			got, err := db.UseRecoveryCode(ctx, u, "h1")
			if err != nil || got != want {
				t.Errorf("recovery code use %d: %v %v, want %v", i+1, got, err, want)
			}
		}
		if e := lastEvent(t, db); e.Action != auth.ActionRecoveryCodeUsed {
			t.Errorf("last event %s, want %s", e.Action, auth.ActionRecoveryCodeUsed)
		}
		admin := auth.Actor{User: auth.User{ID: 0, Username: "system", Role: auth.SystemAdmin}}
		if err := db.ResetTwoFactor(ctx, admin, u.ID); err != nil {
			t.Fatal(err)
		}
		if st, err := db.TOTP(ctx, u.ID); err != nil || st.Secret != "" {
			t.Errorf("after reset: %+v %v", st, err)
		}
		if ok, err := db.UseRecoveryCode(ctx, u, "h2"); err != nil || ok {
			t.Errorf("recovery code after reset: %v %v", ok, err)
		}

		for _, on := range []bool{true, false, true} {
			if err := db.SetTwoFactorRequired(ctx, admin, on); err != nil {
				t.Fatal(err)
			}
			if got, err := db.TwoFactorRequired(ctx); err != nil || got != on {
				t.Errorf("required: got %v, want %v (%v)", got, on, err)
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestTwoFactorEnrolmentOpenedAtOnce: enrolment pages opened at the same
// moment (two tabs, or two servers on one database) all show one pending
// secret, and none fails on another's row.
func TestTwoFactorEnrolmentOpenedAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := mustUser(t, db, auth.User{Username: "twotabs", DisplayName: "Two Tabs", Role: auth.Clinician, Profession: "nurse"})
		const n = 8
		got := make([]string, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { got[i], errs[i] = db.StartTOTPEnrolment(ctx, u.ID, fmt.Sprintf("SECRET%d", i)) })
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil || got[i] != got[0] {
				t.Errorf("page %d: pending %q, %v; want %q like the first", i, got[i], errs[i], got[0])
			}
		}
		st, err := db.TOTP(ctx, u.ID)
		if err != nil || st.Secret != got[0] || st.Enabled {
			t.Errorf("stored state %+v, %v; want pending %q", st, err, got[0])
		}
	})
}
