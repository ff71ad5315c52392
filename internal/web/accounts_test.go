package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
)

// lastAccountEvent is the newest audit event with action, or fails.
func (f *fixture) lastAccountEvent(t *testing.T, action string) auth.Event {
	t.Helper()
	evs, err := f.db.AuditEvents(context.Background(), store.AuditFilter{Action: action, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 {
		t.Fatalf("no %s audit event", action)
	}
	return evs[0]
}

// adminPost sends a form as the system administrator and returns the response.
func (f *fixture) adminPost(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	token, csrf := f.session(t, f.users[auth.SystemAdmin])
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf_token", csrf)
	return f.do(t, "POST", path, token, form)
}

// postPage posts a form on the page the client is on, with that page's CSRF token.
func (f *fixture) postPage(t *testing.T, c *http.Client, page, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	m := hiddenCSRF.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the page before posting %s:\n%s", path, page)
	}
	form.Set("csrf_token", html.UnescapeString(m[1]))
	res, err := c.PostForm(f.ts.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

func (f *fixture) get(t *testing.T, c *http.Client, path string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(f.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

func TestUserCreateAudited(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		res, _ := f.adminPost(t, "/admin/users", url.Values{"username": {"new.worker"}, "display_name": {"New Worker"},
			"role": {"peer-worker"}, "password": {"a brand fresh passphrase"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: status %d", res.StatusCode)
		}
		u, err := f.db.UserByUsername(context.Background(), "new.worker")
		if err != nil {
			t.Fatal(err)
		}
		e := f.lastAccountEvent(t, auth.ActionUserCreate)
		if got, want := [2]any{e.UserID, e.Record}, [2]any{f.users[auth.SystemAdmin].ID, fmt.Sprintf("user/%d", u.ID)}; got != want {
			t.Errorf("create event actor and record %v, want %v", got, want)
		}
	})
}

var temporaryPassword = regexp.MustCompile(`id="temporary-password-value">([^<]+)<`)

func TestPasswordResetWorksOnceThenForcesChange(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		u := f.users[auth.Clinician]
		oldToken, _ := f.session(t, u)
		res, body := f.adminPost(t, fmt.Sprintf("/admin/users/%d/password", u.ID), nil)
		m := temporaryPassword.FindStringSubmatch(body)
		if res.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("reset: status %d, no temporary password shown", res.StatusCode)
		}
		temp := m[1]
		if e := f.lastAccountEvent(t, auth.ActionPasswordReset); e.UserID != f.users[auth.SystemAdmin].ID {
			t.Errorf("reset audited as user %d", e.UserID)
		}
		if res, _ := f.do(t, "GET", "/", oldToken, nil); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("session from before the reset still works: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		if res, _ := f.login(t, f.browser(t), u.Username, testPassword); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("old password after reset: %d, want 401", res.StatusCode)
		}

		c := f.browser(t)
		res, page := f.login(t, c, u.Username, temp)
		if got, want := res.Request.URL.Path, passwordPath; got != want {
			t.Fatalf("signed in with the temporary password at %s, want %s", got, want)
		}
		for _, path := range []string{"/", "/people", fmt.Sprintf("/people/%d", f.person.ID)} {
			if res, _ := f.get(t, c, path); res.Request.URL.Path != passwordPath {
				t.Errorf("%s before choosing a password: at %s, want %s", path, res.Request.URL.Path, passwordPath)
			}
		}
		res, _ = f.postPage(t, c, page, passwordPath, url.Values{"current_password": {temp}, "new_password": {"short"}, "confirm_password": {"short"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("new password against the rule: %d, want 422", res.StatusCode)
		}
		const chosen = "my own chosen passphrase"
		res, body = f.postPage(t, c, page, passwordPath, url.Values{"current_password": {temp}, "new_password": {chosen}, "confirm_password": {chosen}})
		if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/" || !strings.Contains(body, "Your caseload") {
			t.Fatalf("after choosing a password: %d at %s", res.StatusCode, res.Request.URL.Path)
		}
		if res, _ := f.get(t, c, "/people"); res.Request.URL.Path != "/people" {
			t.Errorf("after the change still held at %s", res.Request.URL.Path)
		}
		if res, _ := f.login(t, f.browser(t), u.Username, temp); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("temporary password used twice: %d, want 401", res.StatusCode)
		}
		if res, _ := f.login(t, f.browser(t), u.Username, chosen); res.Request.URL.Path != "/" {
			t.Errorf("new password: at %s, want /", res.Request.URL.Path)
		}
		if e := f.lastAccountEvent(t, auth.ActionPasswordChange); e.UserID != u.ID {
			t.Errorf("password change audited as user %d, want %d", e.UserID, u.ID)
		}
	})
}

func TestOwnPasswordChangeNeedsCurrent(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		c := f.browser(t)
		f.login(t, c, "peer-worker", testPassword)
		_, page := f.get(t, c, passwordPath)
		res, body := f.postPage(t, c, page, passwordPath, url.Values{"current_password": {"not my password"}, "new_password": {"another long passphrase"}, "confirm_password": {"another long passphrase"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "current password is not right") {
			t.Errorf("wrong current password: %d", res.StatusCode)
		}
	})
}

func TestDeactivateEndsSessionsAndRefusesSignIn(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		u := f.users[auth.PeerWorker]
		c := f.browser(t)
		f.login(t, c, u.Username, testPassword)
		token, _ := f.session(t, u)
		res, _ := f.adminPost(t, fmt.Sprintf("/admin/users/%d/deactivate", u.ID), nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("deactivate: %d", res.StatusCode)
		}
		if e := f.lastAccountEvent(t, auth.ActionUserDeactivate); e.Record != fmt.Sprintf("user/%d", u.ID) {
			t.Errorf("deactivation audited on %s", e.Record)
		}
		if res, _ := f.get(t, c, "/people"); res.Request.URL.Path != "/login" {
			t.Errorf("open browser session after deactivation: at %s, want /login", res.Request.URL.Path)
		}
		if res, _ := f.do(t, "GET", "/", token, nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("second session after deactivation: %d, want a redirect to sign in", res.StatusCode)
		}
		res, body := f.login(t, f.browser(t), u.Username, testPassword)
		if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "deactivated") {
			t.Errorf("sign-in when deactivated: %d, want 403 saying so", res.StatusCode)
		}
		if res, body := f.login(t, f.browser(t), u.Username, "wrong password here"); res.StatusCode != http.StatusUnauthorized || strings.Contains(body, "deactivated") {
			t.Errorf("a wrong password must not reveal the account is deactivated: %d", res.StatusCode)
		}

		res, _ = f.adminPost(t, fmt.Sprintf("/admin/users/%d/reactivate", u.ID), nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reactivate: %d", res.StatusCode)
		}
		f.lastAccountEvent(t, auth.ActionUserReactivate)
		if res, _ := f.login(t, f.browser(t), u.Username, testPassword); res.Request.URL.Path != "/" {
			t.Errorf("sign-in after reactivation: at %s, want /", res.Request.URL.Path)
		}

		// An administrator cannot lock themselves out.
		admin := f.users[auth.SystemAdmin]
		if res, _ := f.adminPost(t, fmt.Sprintf("/admin/users/%d/deactivate", admin.ID), nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("deactivating oneself: %d, want 403", res.StatusCode)
		}
	})
}

func TestRoleAndTeamsChangeAuditedAndEffective(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		u := f.outsider // a clinician in no team
		token, _ := f.session(t, u)
		person := fmt.Sprintf("/people/%d", f.person.ID)
		if res, _ := f.do(t, "GET", person, token, nil); res.StatusCode == http.StatusOK {
			t.Fatalf("outsider sees the record before joining the team")
		}
		team := f.users[auth.Clinician].TeamIDs[0]
		res, _ := f.adminPost(t, fmt.Sprintf("/admin/users/%d/access", u.ID), url.Values{"version": {fmt.Sprint(u.Version)},
			"role": {"clinician"}, "profession": {"nurse"}, "team": {fmt.Sprint(team)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("set teams: %d", res.StatusCode)
		}
		if e := f.lastAccountEvent(t, auth.ActionUserTeams); e.UserID != f.users[auth.SystemAdmin].ID || !strings.Contains(e.Reason, fmt.Sprint(team)) {
			t.Errorf("teams event: %+v", e)
		}
		if res, _ := f.do(t, "GET", person, token, nil); res.StatusCode != http.StatusOK {
			t.Errorf("after joining the team: %d, want 200", res.StatusCode)
		}

		now, err := f.db.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		res, _ = f.adminPost(t, fmt.Sprintf("/admin/users/%d/access", u.ID), url.Values{"version": {fmt.Sprint(now.Version)}, "role": {"commissioner"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("set role: %d", res.StatusCode)
		}
		if e := f.lastAccountEvent(t, auth.ActionUserRole); !strings.Contains(e.Reason, "commissioner") {
			t.Errorf("role event reason %q", e.Reason)
		}
		if res, _ := f.do(t, "GET", "/people", token, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("people search as commissioner: %d, want 403", res.StatusCode)
		}
		// A stale form and a clinician without a profession are refused, changing nothing.
		tests := []struct {
			name string
			form url.Values
			want int
		}{
			{"stale version", url.Values{"version": {fmt.Sprint(now.Version)}, "role": {"auditor"}}, http.StatusConflict},
			{"no profession", url.Values{"role": {"clinician"}}, http.StatusUnprocessableEntity},
		}
		for _, tt := range tests {
			if res, _ := f.adminPost(t, fmt.Sprintf("/admin/users/%d/access", u.ID), tt.form); res.StatusCode != tt.want {
				t.Errorf("%s: %d, want %d", tt.name, res.StatusCode, tt.want)
			}
		}
		if got, err := f.db.UserByID(ctx, u.ID); err != nil || got.Role != auth.Commissioner {
			t.Errorf("after refused changes role is %s (%v), want commissioner", got.Role, err)
		}
	})
}

var totpSecret = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)
var recoveryCode = regexp.MustCompile(`<li><code>([a-z2-9-]{19})</code></li>`)

// enrol sets up two-factor sign-in from the page as the signed-in client
// and returns the secret and the recovery codes shown.
func (f *fixture) enrol(t *testing.T, c *http.Client) (secret string, codes []string) {
	t.Helper()
	_, page := f.get(t, c, twoFactorPath)
	m := totpSecret.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `src="data:image/png;base64,`) {
		t.Fatalf("no QR code and setup key on the enrolment page:\n%s", page)
	}
	secret = strings.ReplaceAll(m[1], " ", "")
	res, _ := f.postPage(t, c, page, twoFactorPath, url.Values{"code": {"000000"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("wrong enrolment code: %d, want 422", res.StatusCode)
	}
	res, body := f.postPage(t, c, page, twoFactorPath, url.Values{"code": {totpAt(t, secret, time.Now())}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("enrol: %d", res.StatusCode)
	}
	for _, m := range recoveryCode.FindAllStringSubmatch(body, -1) {
		codes = append(codes, m[1])
	}
	if len(codes) != auth.RecoveryCodeCount {
		t.Fatalf("enrolment showed %d recovery codes, want %d", len(codes), auth.RecoveryCodeCount)
	}
	return secret, codes
}

func totpAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := auth.TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// signInWithCode signs in and answers the second step with code.
func (f *fixture) signInWithCode(t *testing.T, username, code string) (*http.Response, string, *http.Client) {
	t.Helper()
	c := f.browser(t)
	res, page := f.login(t, c, username, testPassword)
	if res.Request.URL.Path != "/login/code" {
		t.Fatalf("after the password: at %s, want /login/code", res.Request.URL.Path)
	}
	if res, _ := f.get(t, c, "/"); res.Request.URL.Path != "/login" {
		t.Errorf("with the password alone the home page is open (at %s)", res.Request.URL.Path)
	}
	res, body := f.postPage(t, c, page, "/login/code", url.Values{"code": {code}})
	return res, body, c
}

func TestTOTPEnrolSignInReplayAndRecovery(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		u := f.users[auth.Clinician]
		c := f.browser(t)
		f.login(t, c, u.Username, testPassword)
		secret, codes := f.enrol(t, c)
		if e := f.lastAccountEvent(t, auth.ActionTwoFactorEnrol); e.UserID != u.ID {
			t.Errorf("enrolment audited as %d", e.UserID)
		}

		// The enrolment code's step is spent: sign in with the next one.
		code := totpAt(t, secret, time.Now().Add(auth.TOTPPeriod))
		res, body, _ := f.signInWithCode(t, u.Username, code)
		if res.Request.URL.Path != "/" || !strings.Contains(body, "Your caseload") {
			t.Fatalf("sign-in with a code: at %s (%d)", res.Request.URL.Path, res.StatusCode)
		}
		res, body, _ = f.signInWithCode(t, u.Username, code)
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "code is not right") {
			t.Errorf("replayed code: %d at %s, want 401", res.StatusCode, res.Request.URL.Path)
		}
		f.lastAccountEvent(t, auth.ActionTwoFactorFail)

		res, _, _ = f.signInWithCode(t, u.Username, strings.ToUpper(codes[3]))
		if res.Request.URL.Path != "/" {
			t.Errorf("recovery code: at %s, want /", res.Request.URL.Path)
		}
		f.lastAccountEvent(t, auth.ActionRecoveryCodeUsed)
		if res, _, _ := f.signInWithCode(t, u.Username, codes[3]); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("recovery code used twice: %d, want 401", res.StatusCode)
		}

		// The administrator removes two-factor (lost phone): the password is enough again.
		if res, _ := f.adminPost(t, fmt.Sprintf("/admin/users/%d/two-factor/reset", u.ID), nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reset two-factor: %d", res.StatusCode)
		}
		f.lastAccountEvent(t, auth.ActionTwoFactorReset)
		if res, _ := f.login(t, f.browser(t), u.Username, testPassword); res.Request.URL.Path != "/" {
			t.Errorf("after two-factor reset: at %s, want /", res.Request.URL.Path)
		}
	})
}

func TestSecondStepLimitsWrongCodes(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		u := f.users[auth.TeamManager]
		c := f.browser(t)
		f.login(t, c, u.Username, testPassword)
		f.enrol(t, c)
		c = f.browser(t)
		_, page := f.login(t, c, u.Username, testPassword)
		var res *http.Response
		for range pendingMaxFailures {
			res, _ = f.postPage(t, c, page, "/login/code", url.Values{"code": {"000000"}})
		}
		if res.Request.URL.Path != "/login" {
			t.Errorf("after %d wrong codes: at %s, want back at /login", pendingMaxFailures, res.Request.URL.Path)
		}
		if res, _ := f.login(t, f.browser(t), u.Username, testPassword); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("wrong codes count toward the sign-in throttle: %d, want 429", res.StatusCode)
		}
	})
}

func TestTwoFactorRequiredSetting(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		if res, _ := f.adminPost(t, "/admin/settings/two-factor", url.Values{"required": {"on"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("turn on: %d", res.StatusCode)
		}
		f.lastAccountEvent(t, auth.ActionAccountSetting)

		c := f.browser(t)
		res, page := f.login(t, c, "peer-worker", testPassword)
		if res.Request.URL.Path != twoFactorPath || !strings.Contains(page, "requires two-factor") {
			t.Fatalf("record role without two-factor: at %s, want %s", res.Request.URL.Path, twoFactorPath)
		}
		if res, _ := f.get(t, c, fmt.Sprintf("/people/%d", f.person.ID)); res.Request.URL.Path != twoFactorPath {
			t.Errorf("record before enrolling: at %s", res.Request.URL.Path)
		}
		token, csrf := f.session(t, f.users[auth.Admin])
		if res, _ := f.do(t, "POST", "/referrals/new", token, url.Values{"csrf_token": {csrf}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("form post before enrolling: %d, want 403", res.StatusCode)
		}
		f.enrol(t, c)
		if res, _ := f.get(t, c, "/people"); res.Request.URL.Path != "/people" {
			t.Errorf("after enrolling: at %s, want /people", res.Request.URL.Path)
		}

		// Roles that never open records are not held.
		if res, _ := f.login(t, f.browser(t), "commissioner", testPassword); res.Request.URL.Path != "/" {
			t.Errorf("commissioner: at %s, want /", res.Request.URL.Path)
		}
		if res, _ := f.adminPost(t, "/admin/settings/two-factor", url.Values{"required": {"off"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("turn off: %d", res.StatusCode)
		}
		if res, _ := f.login(t, f.browser(t), "clinician", testPassword); res.Request.URL.Path != "/" {
			t.Errorf("clinician with the setting off: at %s, want /", res.Request.URL.Path)
		}
	})
}

func TestUsersPageListsAccounts(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		token, _ := f.session(t, f.users[auth.SystemAdmin])
		res, body := f.do(t, "GET", "/admin/users", token, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("users page: %d", res.StatusCode)
		}
		for _, want := range []string{"CEN Community Team", "Last signed in", "Two-factor", fmt.Sprintf(`href="/admin/users/%d"`, f.outsider.ID)} {
			if !strings.Contains(body, want) {
				t.Errorf("users page lacks %q", want)
			}
		}
		for _, page := range []string{"0", "x", "-1"} {
			if res, _ := f.do(t, "GET", "/admin/users?page="+page, token, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("page %s: %d, want 404", page, res.StatusCode)
			}
		}
		if res, body := f.do(t, "GET", fmt.Sprintf("/admin/users/%d", f.users[auth.Clinician].ID), token, nil); res.StatusCode != http.StatusOK || !strings.Contains(body, "Reset password") {
			t.Errorf("account page: %d", res.StatusCode)
		}
	})
}

// TestSystemAdministratorsHomeCountsAccounts: the system administrator's
// home says how many accounts there are, counted rather than read.
func TestSystemAdministratorsHomeCountsAccounts(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		n, err := f.db.UserTotal(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		users, err := f.db.Users(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got, want := n, len(users); got != want || n < len(auth.Roles) {
			t.Errorf("UserTotal = %d, want %d (at least one a role)", got, want)
		}
		tok, _ := f.session(t, f.users[auth.SystemAdmin])
		if _, body := f.do(t, "GET", "/", tok, nil); !strings.Contains(body, fmt.Sprintf("%d user accounts", n)) {
			t.Errorf("the home page does not say %d user accounts", n)
		}
	})
}
