package store_test

import (
	"context"
	"fmt"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// recordRoles are the roles a page of a person's record allows.
var recordRoles = []auth.Role{auth.Clinician, auth.PeerWorker, auth.Admin, auth.TeamManager, auth.Referrer, auth.ServiceUser}

// TestSessionRecordGuardReadsWhatTheTwoReadsRead: the session read with
// the guard's gives the session and user SessionUser gives and, on
// PostgreSQL, the person, links and crisis plan state RecordGuard gives,
// for users with every kind of link and none, and reads nothing of the
// person for a role the page does not allow, a deactivated account, a
// missing session or a missing person. SQLite reads the session alone.
func TestSessionRecordGuardReadsWhatTheTwoReadsRead(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, inside, outside := region(t, db)
		referrer := mustUser(t, db, auth.User{Username: "gp", DisplayName: "GP", Role: auth.Referrer})
		person := mustPerson(t, db, "Guarded")
		self := mustUser(t, db, auth.User{Username: "own", DisplayName: "Own", Role: auth.ServiceUser, PersonID: person.ID})
		auditor := mustUser(t, db, auth.User{Username: "aud", DisplayName: "Aud", Role: auth.Auditor})
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateEpisode(ctx, auth.System, &care.Episode{PersonID: person.ID, TeamID: team.ID, NamedWorkerID: inside.ID, Pathway: "community-scm"}); err != nil {
				return err
			}
			if err := tx.CreateReferral(ctx, auth.System, &care.Referral{PersonID: person.ID, ServiceID: "cen", ReferrerUserID: referrer.ID}); err != nil {
				return err
			}
			return tx.SaveCrisisPlan(ctx, auth.System, &care.CrisisPlan{PersonID: person.ID, WarningSigns: "I stop eating",
				Contacts: []care.CrisisContact{{Name: "Samaritans", Role: "Listening line", Phone: "116 123", Hours: "24 hours, every day"}}})
		})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name      string
			user      auth.User
			personID  int64
			roles     []auth.Role
			wantGuard bool
		}{
			{"named worker", inside, person.ID, recordRoles, true},
			{"clinician with no link", outside, person.ID, recordRoles, true},
			{"referrer", referrer, person.ID, recordRoles, true},
			{"the person themself", self, person.ID, recordRoles, true},
			{"another person's own account", self, mustPerson(t, db, "Other").ID, recordRoles, true},
			{"a role the page does not allow", auditor, person.ID, recordRoles, false},
			{"a page allowing only other roles", inside, person.ID, []auth.Role{auth.ServiceUser}, false},
			{"no such person", inside, person.ID + 1000, recordRoles, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				token := mustSession(t, db, tt.user)
				sess, u, g, err := db.SessionRecordGuard(ctx, token, tt.personID, tt.roles)
				if err != nil {
					t.Fatal(err)
				}
				wantSess, wantUser, err := db.SessionUser(ctx, token)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := fmt.Sprint(sess, u), fmt.Sprint(wantSess, wantUser); got != want {
					t.Errorf("session and user:\n got %s\nwant %s", got, want)
				}
				if got, want := g != nil, tt.wantGuard && db.Dialect() == store.Postgres; got != want {
					t.Fatalf("guard read = %v, want one: %v", g, want)
				}
				if g == nil {
					return
				}
				p, links, crisis, err := db.RecordGuard(ctx, tt.user, tt.personID)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := fmt.Sprint(*g), fmt.Sprint(store.GuardRead{Person: p, Links: links, Crisis: crisis}); got != want {
					t.Errorf("guard read:\n got %s\nwant %s", got, want)
				}
			})
		}

		t.Run("deactivated account", func(t *testing.T) {
			// Deactivating ends the account's sessions; one left behind
			// (another process mid-request) still reads nothing.
			token := mustSession(t, db, outside)
			err := db.Update(ctx, func(tx *store.Tx) error {
				return tx.LockForTest(ctx, fmt.Sprintf(`UPDATE users SET disabled = TRUE WHERE id = %d`, outside.ID))
			})
			if err != nil {
				t.Fatal(err)
			}
			_, u, g, err := db.SessionRecordGuard(ctx, token, person.ID, recordRoles)
			if err != nil || !u.Disabled || g != nil {
				t.Errorf("deactivated: user disabled %v, guard read %v, error %v; want disabled, no guard read", u.Disabled, g, err)
			}
		})
		t.Run("no such session", func(t *testing.T) {
			_, _, g, err := db.SessionRecordGuard(ctx, auth.HashToken("no such token"), person.ID, recordRoles)
			if got, want := problem.Code(err), problem.Unauthorized; got != want || g != nil {
				t.Errorf("missing session: code %q, guard read %v; want %q and none", got, g, want)
			}
		})
	})
}

// TestSessionRecordGuardTakesOneRoundTrip: on PostgreSQL the session's
// read and the guard's go to the server together, one send where they
// were two.
func TestSessionRecordGuardTakesOneRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if db.Dialect() != store.Postgres {
			t.Skip("SQLite runs in-process: its statements take no round trip")
		}
		ctx := context.Background()
		_, inside, _ := region(t, db)
		person := mustPerson(t, db, "Guarded")
		token := mustSession(t, db, inside)
		if _, _, _, err := db.SessionRecordGuard(ctx, token, person.ID, recordRoles); err != nil { // the re-access window read and kept
			t.Fatal(err)
		}
		sends, statements := db.Sends(), db.Statements()
		if _, _, g, err := db.SessionRecordGuard(ctx, token, person.ID, recordRoles); err != nil || g == nil {
			t.Fatalf("guard read %v, %v", g, err)
		}
		if got, want := db.Statements()-statements, int64(2); got != want {
			t.Errorf("%d statements, want %d", got, want)
		}
		if got, want := db.Sends()-sends, int64(1); got != want {
			t.Errorf("%d sends, want %d", got, want)
		}
	})
}

// mustSession stores a new session for u and returns its token hash.
func mustSession(t *testing.T, db *store.DB, u auth.User) string {
	t.Helper()
	hash := auth.HashToken(auth.NewToken())
	now := db.Now()
	if err := db.CreateSession(context.Background(), auth.Session{TokenHash: hash, UserID: u.ID, CSRFToken: auth.NewToken(), CreatedAt: now, LastSeenAt: now}, ""); err != nil {
		t.Fatal(err)
	}
	return hash
}
