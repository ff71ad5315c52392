package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

func TestLoginHomeLogout(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		tests := []struct {
			role auth.Role
			want string
		}{
			{auth.Clinician, "Your caseload"},
			{auth.PeerWorker, "Your caseload"},
			{auth.TeamManager, "Your teams"},
			{auth.Admin, "Referrals in progress"},
			{auth.Referrer, "Your referrals"},
			{auth.ServiceUser, "Hello, Rob"},
			{auth.Commissioner, "Service overview"},
			{auth.SystemAdmin, "System administration"},
			{auth.Auditor, "Latest events"},
		}
		for _, tt := range tests {
			c := f.browser(t)
			res, body := f.login(t, c, string(tt.role), testPassword)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, tt.want) {
				t.Errorf("%s home: status %d, want %q in page", tt.role, res.StatusCode, tt.want)
				continue
			}
			m := hiddenCSRF.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("%s: no sign-out form", tt.role)
			}
			res, err := c.PostForm(f.ts.URL+"/logout", url.Values{"csrf_token": {m[1]}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.Request.URL.Path != "/login" {
				t.Errorf("%s after sign-out at %s, want /login", tt.role, res.Request.URL.Path)
			}
			res, err = c.Get(f.ts.URL + "/")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.Request.URL.Path != "/login" {
				t.Errorf("%s still signed in after sign-out", tt.role)
			}
		}
	})
}

func TestLoginErrorsAndThrottle(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		c := f.browser(t)
		res, body := f.login(t, c, "clinician", "wrong password here")
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "username or password is not right") {
			t.Errorf("wrong password: %d", res.StatusCode)
		}
		res, body = f.login(t, c, "nobody", "wrong password here")
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "username or password is not right") {
			t.Errorf("unknown user must look the same as a wrong password: %d", res.StatusCode)
		}
		res, body = f.login(t, c, "", "")
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter your username") {
			t.Errorf("empty form: %d", res.StatusCode)
		}
		for i := 0; i < 4; i++ {
			f.login(t, c, "clinician", "wrong password here")
		}
		res, body = f.login(t, c, "clinician", testPassword)
		if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "too many attempts") {
			t.Errorf("after 5 failures the right password: status %d, want 429", res.StatusCode)
		}
		res, _ = f.login(t, c, "peer-worker", testPassword)
		if res.StatusCode != http.StatusOK {
			t.Errorf("throttle is per user: peer got %d", res.StatusCode)
		}
	})
}

func TestLoginCSRFAndRedirects(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		res, _ := f.do(t, "POST", "/login", "", url.Values{"username": {"clinician"}, "password": {testPassword}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("login without CSRF cookie: %d, want 403", res.StatusCode)
		}
		for _, next := range []string{"//evil.example", "https://evil.example/", "/\\evil"} {
			if got := safeNext(next); got != "/" {
				t.Errorf("safeNext(%q) = %q, want /", next, got)
			}
		}
		if got := safeNext("/people/3"); got != "/people/3" {
			t.Errorf("safeNext local = %q", got)
		}
	})
}

func TestCSRFRequiredOnEveryStateChange(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		token, csrf := f.session(t, f.users[auth.SystemAdmin])
		tests := []struct {
			name string
			form url.Values
			want int
		}{
			{"missing", url.Values{"username": {"x"}}, http.StatusForbidden},
			{"wrong", url.Values{"csrf_token": {"not-the-token"}}, http.StatusForbidden},
			{"another session's", url.Values{"csrf_token": {func() string { _, c := f.session(t, f.users[auth.SystemAdmin]); return c }()}}, http.StatusForbidden},
			{"right", url.Values{"csrf_token": {csrf}}, http.StatusUnprocessableEntity},
		}
		for _, tt := range tests {
			res, _ := f.do(t, "POST", "/admin/users", token, tt.form)
			if res.StatusCode != tt.want {
				t.Errorf("%s token: status %d, want %d", tt.name, res.StatusCode, tt.want)
			}
		}
		req, _ := http.NewRequest("POST", f.ts.URL+"/logout", strings.NewReader("csrf_token="+csrf))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
		if res, _ := send(t, req); res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST: %d, want 403", res.StatusCode)
		}
	})
}

func TestSessionExpiryAndRotation(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		u := f.users[auth.Clinician]
		tests := []struct {
			name              string
			created, lastSeen time.Duration // ago
			wantSignedIn      bool
		}{
			{"fresh", time.Minute, time.Minute, true},
			{"idle too long", time.Hour, 31 * time.Minute, false},
			{"past absolute limit", 13 * time.Hour, time.Minute, false},
		}
		for _, tt := range tests {
			token := auth.NewToken()
			now := time.Now().UTC()
			s := auth.Session{TokenHash: auth.HashToken(token), UserID: u.ID, CSRFToken: "x", CreatedAt: now.Add(-tt.created), LastSeenAt: now.Add(-tt.lastSeen)}
			if err := f.db.CreateSession(ctx, s, ""); err != nil {
				t.Fatal(err)
			}
			res, _ := f.do(t, "GET", "/", token, nil)
			signedIn := res.StatusCode == http.StatusOK
			if signedIn != tt.wantSignedIn {
				t.Errorf("%s: status %d, signed in = %v, want %v", tt.name, res.StatusCode, signedIn, tt.wantSignedIn)
			}
			if !tt.wantSignedIn {
				if loc := res.Header.Get("Location"); !strings.Contains(loc, "expired=1") {
					t.Errorf("%s: redirect %q should say the session expired", tt.name, loc)
				}
				if _, err := f.db.Session(ctx, s.TokenHash); err == nil {
					t.Errorf("%s: expired session still stored", tt.name)
				}
			}
		}

		// Signing in replaces any session cookie the browser already had,
		// so a planted or previous session cannot be carried over.
		oldToken, _ := f.session(t, f.users[auth.PeerWorker])
		res, body := f.do(t, "GET", "/login", "", nil)
		var loginCSRF string
		for _, ck := range res.Cookies() {
			if ck.Name == loginCSRFCookie {
				loginCSRF = ck.Value
			}
		}
		m := hiddenCSRF.FindStringSubmatch(body)
		if loginCSRF == "" || m == nil {
			t.Fatal("login page lacks its CSRF cookie or field")
		}
		req, _ := http.NewRequest("POST", f.ts.URL+"/login", strings.NewReader(url.Values{"csrf_token": {m[1]}, "username": {"clinician"}, "password": {testPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: oldToken})
		req.AddCookie(&http.Cookie{Name: loginCSRFCookie, Value: loginCSRF})
		res, _ = send(t, req)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", res.StatusCode)
		}
		if _, err := f.db.Session(ctx, auth.HashToken(oldToken)); err == nil {
			t.Error("old session survived a new sign-in")
		}
		var newToken string
		for _, ck := range res.Cookies() {
			if ck.Name == sessionCookie {
				newToken = ck.Value
				if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
					t.Errorf("session cookie flags: HttpOnly=%v SameSite=%v", ck.HttpOnly, ck.SameSite)
				}
			}
		}
		if newToken == "" || newToken == oldToken {
			t.Error("sign-in did not issue a new session token")
		}
	})
}

func TestPersonRecordRelationshipAndBreakGlass(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		person := fmt.Sprintf("/people/%d", f.person.ID)
		stranger := fmt.Sprintf("/people/%d", f.stranger.ID)

		// Relationship holders see the record, and the view is audited.
		token, _ := f.session(t, f.users[auth.Clinician])
		if res, body := f.do(t, "GET", person, token, nil); res.StatusCode != 200 || !strings.Contains(body, "Robin Linked") {
			t.Fatalf("clinician on caseload: %d", res.StatusCode)
		}
		events, _ := f.db.AuditEvents(ctx, store.AuditFilter{PersonID: f.person.ID, UserID: f.users[auth.Clinician].ID, Action: auth.ActionView})
		if len(events) != 1 || events[0].Relationship != auth.RelCaseload {
			t.Errorf("view audit = %+v, want one caseload view", events)
		}

		// A referrer and a service user cannot open someone unrelated.
		for _, r := range []auth.Role{auth.Referrer, auth.ServiceUser} {
			tok, _ := f.session(t, f.users[r])
			if res, _ := f.do(t, "GET", stranger, tok, nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s opening a stranger: %d, want 403", r, res.StatusCode)
			}
		}

		// Staff without a relationship are asked for a reason first.
		tok, csrf := f.session(t, f.outsider)
		res, _ := f.do(t, "GET", stranger, tok, nil)
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "/break-glass") {
			t.Fatalf("outsider: %d %s, want redirect to break-glass", res.StatusCode, res.Header.Get("Location"))
		}
		res, body := f.do(t, "POST", stranger+"/break-glass", tok, url.Values{"csrf_token": {csrf}, "reason": {"need it"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "need it") || !strings.Contains(body, "at least 15 characters") {
			t.Errorf("short reason: %d; the typed reason must be kept", res.StatusCode)
		}
		reason := "Person in A&E now; liaison asked for their crisis plan"
		res, _ = f.do(t, "POST", stranger+"/break-glass", tok, url.Values{"csrf_token": {csrf}, "reason": {reason}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("break-glass: %d", res.StatusCode)
		}
		res, body = f.do(t, "GET", stranger, tok, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "You are using emergency access") {
			t.Errorf("after break-glass: %d", res.StatusCode)
		}
		events, _ = f.db.AuditEvents(ctx, store.AuditFilter{PersonID: f.stranger.ID, UserID: f.outsider.ID})
		var sawGlass, sawView bool
		for _, e := range events {
			sawGlass = sawGlass || (e.Action == auth.ActionBreakGlass && e.Reason == reason)
			sawView = sawView || (e.Action == auth.ActionView && e.Relationship == auth.RelBreakGlass)
		}
		if !sawGlass || !sawView {
			t.Errorf("audit lacks break-glass (%v) or view under break-glass (%v): %+v", sawGlass, sawView, events)
		}

		// The auditor sees it for review; the person sees it in their access log.
		atok, acsrf := f.session(t, f.users[auth.Auditor])
		if _, body := f.do(t, "GET", "/audit/break-glass", atok, nil); !strings.Contains(body, html.EscapeString(reason)) {
			t.Error("break-glass not listed for review")
		}
		grants, _ := f.db.BreakGlassGrants(ctx, true, 10)
		if res, _ := f.do(t, "POST", fmt.Sprintf("/audit/break-glass/%d/review", grants[0].ID), atok, url.Values{"csrf_token": {acsrf}, "note": {"Appropriate"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("review: %d", res.StatusCode)
		}
		stok, _ := f.session(t, f.users[auth.ServiceUser])
		if _, body := f.do(t, "GET", person+"/access-log", stok, nil); !strings.Contains(body, "Test Clinician") {
			t.Error("service user's access log does not show the clinician's view")
		}
	})
}

func TestAuditVerifyPage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		tok, csrf := f.session(t, f.users[auth.Auditor])
		res, body := f.do(t, "POST", "/audit/verify", tok, url.Values{"csrf_token": {csrf}})
		if res.StatusCode != 200 || !strings.Contains(body, "are intact") {
			t.Errorf("verify intact: %d", res.StatusCode)
		}
		storetest.Tamper(t, f.db, `DELETE FROM audit_events WHERE seq = 2`)
		if _, body := f.do(t, "POST", "/audit/verify", tok, url.Values{"csrf_token": {csrf}}); !strings.Contains(body, "has been altered") {
			t.Error("tampering not reported on the audit page")
		}
	})
}
