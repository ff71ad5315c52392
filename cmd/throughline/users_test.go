package main

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/store"
)

// TestUserLifecycleCommands runs every "user" subcommand against one
// SQLite database and checks each change took effect and was audited
// with the system as the actor.
func TestUserLifecycleCommands(t *testing.T) {
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "users.db")
	env := map[string]string{"THROUGHLINE_DB": dsn}
	if out, err := run(t, "a long enough password\n", env, "user", "add", "--username", "sam", "--name", "Sam Lee", "--role", "peer-worker"); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	team := directory.Team{Name: "Night Team", ServiceID: "svc"}
	err = db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateService(ctx, &directory.Service{ID: "svc", Name: "A Service", Tier: "specialist-cen"}); err != nil {
			return err
		}
		return tx.CreateTeam(ctx, &team)
	})
	if err != nil {
		t.Fatal(err)
	}
	user := func() auth.User {
		t.Helper()
		u, err := db.UserByUsername(ctx, "sam")
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	lastAction := func() string {
		t.Helper()
		evs, err := db.AuditEvents(ctx, store.AuditFilter{Limit: 1})
		if err != nil || len(evs) == 0 {
			t.Fatalf("audit: %v", err)
		}
		if evs[0].Username != auth.System.User.Username || evs[0].Record != fmt.Sprintf("user/%d", user().ID) {
			t.Errorf("event %s by %s on %s, want by the system on sam's account", evs[0].Action, evs[0].Username, evs[0].Record)
		}
		return evs[0].Action
	}
	if got, want := lastAction(), auth.ActionUserCreate; got != want {
		t.Errorf("user add audited as %q, want %q", got, want)
	}

	tests := []struct {
		args       []string
		wantOut    string
		wantAction string
		check      func(auth.User) bool
	}{
		{[]string{"set-role", "sam", "clinician", "--profession", "nurse"}, "now Clinician", auth.ActionUserRole,
			func(u auth.User) bool { return u.Role == auth.Clinician && u.Profession == "nurse" }},
		{[]string{"set-teams", "sam", fmt.Sprint(team.ID)}, "teams are now", auth.ActionUserTeams,
			func(u auth.User) bool { return len(u.TeamIDs) == 1 && u.TeamIDs[0] == team.ID }},
		{[]string{"deactivate", "sam"}, "deactivated sam", auth.ActionUserDeactivate, func(u auth.User) bool { return u.Disabled }},
		{[]string{"reactivate", "sam"}, "reactivated sam", auth.ActionUserReactivate, func(u auth.User) bool { return !u.Disabled }},
		{[]string{"reset-password", "sam"}, "temporary password for sam", auth.ActionPasswordReset, func(u auth.User) bool { return u.MustChangePassword }},
	}
	for _, tt := range tests {
		out, err := run(t, "", env, append([]string{"user"}, tt.args...)...)
		if err != nil || !strings.Contains(out, tt.wantOut) {
			t.Errorf("user %v: %v\n%s", tt.args, err, out)
			continue
		}
		if got := lastAction(); got != tt.wantAction {
			t.Errorf("user %v audited as %q, want %q", tt.args, got, tt.wantAction)
		}
		if !tt.check(user()) {
			t.Errorf("user %v: change not made: %+v", tt.args, user())
		}
	}
	out, err := run(t, "", env, "user", "reset-password", "sam")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`temporary password for sam: (\S+)`).FindStringSubmatch(out)
	if m == nil || !auth.CheckPassword(user().PasswordHash, m[1]) {
		t.Errorf("printed temporary password does not sign in: %s", out)
	}

	// reset-2fa needs someone enrolled.
	if _, err := db.StartTOTPEnrolment(ctx, user().ID, auth.NewTOTPSecret()); err != nil {
		t.Fatal(err)
	}
	if err := db.EnableTOTP(ctx, user(), 1, nil); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "", env, "user", "reset-2fa", "sam"); err != nil || user().TwoFactor {
		t.Errorf("reset-2fa: %v\n%s", err, out)
	}
	if got, want := lastAction(), auth.ActionTwoFactorReset; got != want {
		t.Errorf("reset-2fa audited as %q, want %q", got, want)
	}

	out, err = run(t, "", env, "user", "list")
	if err != nil || !regexp.MustCompile(`sam\s+Sam Lee\s+clinician\s+\d+\s+must change password\s+never\s+off`).MatchString(out) {
		t.Errorf("user list: %v\n%s", err, out)
	}

	bad := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"deactivate"}, "want 1 arguments"},
		{[]string{"deactivate", "nobody"}, "No such user"},
		{[]string{"set-role", "sam", "boss"}, "Choose a role"},
		{[]string{"set-role", "sam", "clinician"}, "profession"},
		{[]string{"set-teams", "sam", "one"}, "not a team id"},
		{[]string{"reactivate", "sam"}, "already active"},
		{[]string{"reset-2fa", "sam"}, "not set up"},
		{[]string{"promote", "sam"}, "unknown user command"},
	}
	for _, tt := range bad {
		_, err := run(t, "", env, append([]string{"user"}, tt.args...)...)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("user %v: err = %v, want %q", tt.args, err, tt.wantErr)
		}
	}
	if out, err := run(t, "", env, "audit", "verify"); err != nil {
		t.Errorf("audit verify: %v\n%s", err, out)
	}
}
