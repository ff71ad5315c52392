package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

var cheapArgon = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1}

const testPassword = "a long test password"

// fixture is a small region: one team, one user per role, a person linked to
// every role's user (caseload, referral, self), and a stranger linked to no one.
type fixture struct {
	db       *store.DB
	srv      *Server
	ts       *httptest.Server
	users    map[auth.Role]auth.User
	outsider auth.User // a clinician in no team
	person   care.Person
	stranger care.Person
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, users: map[auth.Role]auth.User{}}
	hash, err := auth.HashPassword(testPassword, cheapArgon)
	if err != nil {
		t.Fatal(err)
	}
	var team directory.Team
	err = db.Update(ctx, func(tx *store.Tx) error {
		svc := directory.Service{ID: "cen", Name: "CEN Service", Tier: "specialist-cen"}
		if err := tx.CreateService(ctx, &svc); err != nil {
			return err
		}
		team = directory.Team{Name: "CEN Community Team", ServiceID: "cen"}
		if err := tx.CreateTeam(ctx, &team); err != nil {
			return err
		}
		f.person = care.Person{GivenName: "Robin", FamilyName: "Linked", PreferredName: "Rob", NHSNumber: "9434765919", Pronouns: "they/them"}
		if err := tx.CreatePerson(ctx, auth.System, &f.person); err != nil {
			return err
		}
		f.stranger = care.Person{GivenName: "Casey", FamilyName: "Stranger"}
		if err := tx.CreatePerson(ctx, auth.System, &f.stranger); err != nil {
			return err
		}
		for _, r := range auth.Roles {
			u := auth.User{Username: string(r), DisplayName: "Test " + r.Label(), Role: r, PasswordHash: hash}
			switch r {
			case auth.Clinician:
				u.Profession = "psychologist"
			case auth.ServiceUser:
				u.PersonID = f.person.ID
			}
			if r == auth.Clinician || r == auth.PeerWorker || r == auth.Admin || r == auth.TeamManager {
				u.TeamIDs = []int64{team.ID}
			}
			if err := tx.CreateUser(ctx, &u); err != nil {
				return err
			}
			f.users[r] = u
		}
		f.outsider = auth.User{Username: "outsider", DisplayName: "Out Sider", Role: auth.Clinician, Profession: "nurse", PasswordHash: hash}
		if err := tx.CreateUser(ctx, &f.outsider); err != nil {
			return err
		}
		ep := care.Episode{PersonID: f.person.ID, TeamID: team.ID, NamedWorkerID: f.users[auth.Clinician].ID, Pathway: "community-scm", Modality: "SCM"}
		if err := tx.CreateEpisode(ctx, auth.System, &ep); err != nil {
			return err
		}
		ref := care.Referral{PersonID: f.person.ID, ServiceID: "cen", ReferrerUserID: f.users[auth.Referrer].ID, Status: care.ReferralOutcome}
		return tx.CreateReferral(ctx, auth.System, &ref)
	})
	if err != nil {
		t.Fatal(err)
	}
	// The carer role's user is a carer of the linked person with a sign-in
	// of their own (carer_test.go), as a real carer's account always is.
	_, f.users[auth.Carer] = f.linkedCarer(t, f.person.ID, "Fixture Carer", care.CarerShare{CrisisPlan: true, Appointments: true})
	cfg := DefaultConfig()
	cfg.CookieSecure = false
	cfg.Argon2 = cheapArgon
	// Errors go to the test output: a passing run logs none, and when a
	// page fails with a 500 (in CI, say) its cause is in the log.
	f.srv, err = New(db, cfg, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
	if err != nil {
		t.Fatal(err)
	}
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.ts.Close)
	return f
}

// eachFixture runs fn on a fixture over every available database.
func eachFixture(t *testing.T, fn func(t *testing.T, f *fixture)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { fn(t, newFixture(t, db)) })
}

// session creates a session directly and returns its cookie value and CSRF token.
func (f *fixture) session(t *testing.T, u auth.User) (token, csrf string) {
	t.Helper()
	token, csrf = auth.NewToken(), auth.NewToken()
	now := f.db.Now()
	if err := f.db.CreateSession(context.Background(), auth.Session{TokenHash: auth.HashToken(token), UserID: u.ID, CSRFToken: csrf, CreatedAt: now, LastSeenAt: now}, ""); err != nil {
		t.Fatal(err)
	}
	return token, csrf
}

// do sends one request with an optional session cookie, never following redirects.
func (f *fixture) do(t *testing.T, method, path, token string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, f.ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	}
	return send(t, req)
}

func send(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 20 * time.Second}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// browser is a cookie-keeping client that follows redirects, like a person.
func (f *fixture) browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 20 * time.Second}
}

var hiddenCSRF = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// login signs in through the real form and returns the client.
func (f *fixture) login(t *testing.T, c *http.Client, username, password string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(f.ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := hiddenCSRF.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no csrf token on login page:\n%s", b)
	}
	res, err = c.PostForm(f.ts.URL+"/login", url.Values{"csrf_token": {m[1]}, "username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

// therapiesTeam adds a second team to the fixture's CEN service, with one
// psychotherapist in it (username and display name given), whom the
// fixture's own team's pages should not offer.
func (f *fixture) therapiesTeam(t *testing.T, username, name string) (directory.Team, auth.User) {
	t.Helper()
	ctx := context.Background()
	team := directory.Team{Name: "CEN Therapies Team", ServiceID: "cen"}
	if err := f.db.Update(ctx, func(tx *store.Tx) error { return tx.CreateTeam(ctx, &team) }); err != nil {
		t.Fatal(err)
	}
	u := auth.User{Username: username, DisplayName: name, Role: auth.Clinician, Profession: "psychotherapist",
		TeamIDs: []int64{team.ID}, PasswordHash: f.users[auth.Clinician].PasswordHash}
	if err := f.db.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	return team, u
}
