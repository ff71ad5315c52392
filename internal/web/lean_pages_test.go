package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// statementsFor is how many SQL statements one signed-in GET of path
// sends, on a server that is otherwise idle.
func (f *fixture) statementsFor(t *testing.T, path, token string) int64 {
	t.Helper()
	before := f.db.Statements()
	res, body := f.do(t, http.MethodGet, path, token, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, res.StatusCode, body)
	}
	return f.db.Statements() - before
}

// leastStatementsFor is the fewest statements any of three GETs of path
// took: a request that finds the re-access window's second in the cache
// over reads it again, one statement more, and on a busy machine that
// can fall in any request.
func (f *fixture) leastStatementsFor(t *testing.T, path, token string) int64 {
	t.Helper()
	least := f.statementsFor(t, path, token)
	for range 2 {
		least = min(least, f.statementsFor(t, path, token))
	}
	return least
}

// TestPagesKeepToAStatementBudget: the person page and the clinician's
// home stay within a statement budget, whatever the size of the caseload.
// They took 17 and 16 + 5 per person on the caseload when the guard and
// the handler each read the person, the session and its user were three
// statements, and continuity and measures due were read person by
// person; then 14 each. Now the person page takes 9: the session (with
// the two-factor setting), the guard's one read (person, links, crisis
// plan state), the audit insert, referrals, episodes and continuity's
// three; a tenth when the re-access window's second in the cache has
// passed. The home page takes 14: one of them names the team's services,
// so that their newest open referrals are read in date order (at scale
// 75 that one cheap statement saved a quarter of a second). The home page
// names only the first 50 of a caseload (a longer one costs one statement
// more, for its people's ids); the caseload page is paged.
func TestPagesKeepToAStatementBudget(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		// Twenty more people on the clinician's caseload: a statement per
		// person (as continuity and measures due once had) breaks the budget.
		ctx := context.Background()
		clinician := f.users[auth.Clinician]
		err := f.db.Update(ctx, func(tx *store.Tx) error {
			for i := range 20 {
				p := care.Person{GivenName: "Budget", FamilyName: fmt.Sprintf("Caseload %d", i)}
				if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
					return err
				}
				ep := care.Episode{PersonID: p.ID, TeamID: clinician.TeamIDs[0], NamedWorkerID: clinician.ID, Pathway: "community-scm", Modality: "SCM"}
				if err := tx.CreateEpisode(ctx, auth.System, &ep); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		token, _ := f.session(t, clinician)
		f.do(t, http.MethodGet, "/", token, nil) // any first-request work out of the way
		tests := []struct {
			path string
			want int64
		}{
			{fmt.Sprintf("/people/%d", f.person.ID), 10},
			{"/", 14},
			// Session, two-factor gate, team caseloads, and the page of
			// the user's own with its count.
			{"/caseload", 5},
			// Session, two-factor gate, localities, and the page of
			// services with its count.
			{"/directory", 5},
		}
		for _, tt := range tests {
			if got := f.statementsFor(t, tt.path, token); got > tt.want {
				t.Errorf("GET %s sent %d SQL statements, want at most %d", tt.path, got, tt.want)
			}
		}
	})
}

// TestSessionIsOneStatement: a signed-in request finds its session, user
// and teams in one statement, and does not write the session's last-seen
// time again within a minute of the last write.
func TestSessionIsOneStatement(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		u := f.users[auth.Clinician]
		for _, tt := range []struct {
			name      string
			lastSeen  time.Duration
			wantTouch bool
		}{
			{"seen 45 s ago", 45 * time.Second, false},
			{"seen 2 min ago", 2 * time.Minute, true},
		} {
			t.Run(tt.name, func(t *testing.T) {
				now := f.db.Now()
				token := auth.NewToken()
				seen := now.Add(-tt.lastSeen)
				err := f.db.CreateSession(ctx, auth.Session{TokenHash: auth.HashToken(token), UserID: u.ID, CSRFToken: "c", CreatedAt: seen, LastSeenAt: seen}, "")
				if err != nil {
					t.Fatal(err)
				}
				// The search page with no query reads nothing of its own;
				// the session read brings the user, their teams and the
				// two-factor setting the account gate needs (it was four
				// statements: session, user, teams, setting).
				got := f.statementsFor(t, "/people", token)
				want := int64(1)
				if tt.wantTouch {
					want = 2
				}
				if got != want {
					t.Errorf("GET /people sent %d statements, want %d (session and user in one; a touch only when stale)", got, want)
				}
				sess, err := f.db.Session(ctx, auth.HashToken(token))
				if err != nil {
					t.Fatal(err)
				}
				if touched := sess.LastSeenAt.After(seen.Add(time.Second)); touched != tt.wantTouch {
					t.Errorf("last seen %v after a request (was %v); touched = %v, want %v", sess.LastSeenAt, seen, touched, tt.wantTouch)
				}
			})
		}
	})
}

// TestSessionUserCarriesTeamsAndRole: the one-statement session read
// gives the same user as reading the user by id, teams included, and a
// role change or a new team shows on the very next read (nothing cached).
func TestSessionUserCarriesTeamsAndRole(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		for _, u := range []auth.User{f.users[auth.Clinician], f.outsider, f.users[auth.ServiceUser]} {
			token, _ := f.session(t, u)
			_, got, err := f.db.SessionUser(ctx, auth.HashToken(token))
			if err != nil {
				t.Fatal(err)
			}
			want, err := f.db.UserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("session user %s:\n got %+v\nwant %+v", u.Username, got, want)
			}
		}
		if _, _, err := f.db.SessionUser(ctx, auth.HashToken("no such token")); err == nil {
			t.Error("a missing session was found")
		}
	})
}
