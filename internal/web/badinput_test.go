package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/disclosure"
)

// TestBadInputGetsClearPages sends malformed, oversized and wrong requests:
// each gets a clear 4xx page, never a 500 or internals.
func TestBadInputGetsClearPages(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		clin, _ := f.session(t, f.users[auth.Clinician])
		admin, csrf := f.session(t, f.users[auth.SystemAdmin])
		aud, _ := f.session(t, f.users[auth.Auditor])
		huge := strings.Repeat("x", 2<<20)
		tests := []struct {
			name        string
			method      string
			path        string
			token       string
			body        string
			contentType string
			want        int
			wantText    string
		}{
			{"unknown page", "GET", "/no/such/page", clin, "", "", 404, "Page not found"},
			{"non-numeric id", "GET", "/people/abc", clin, "", "", 404, "does not name a record"},
			{"negative id", "GET", "/people/-4", clin, "", "", 404, "does not name a record"},
			{"missing person", "GET", "/people/999999", clin, "", "", 404, "No person"},
			{"huge id", "GET", "/people/99999999999999999999999", clin, "", "", 404, "does not name a record"},
			{"huge body", "POST", "/admin/users", admin, "csrf_token=" + csrf + "&x=" + huge, "application/x-www-form-urlencoded", 413, "too large"},
			{"malformed form", "POST", "/admin/users", admin, "csrf_token=%zz&a=%", "application/x-www-form-urlencoded", 400, "could not be read"},
			{"bad filter", "GET", "/audit?person_id=abc", aud, "", "", 422, "whole number"},
			{"long search", "GET", "/people?q=" + strings.Repeat("a", 101), clin, "", "", 422, "at most 100"},
			{"missing review", "POST", "/audit/break-glass/424242/review", "", "", "", 401, "sign in"},
			{"bad user form", "POST", "/admin/users", admin, url.Values{"csrf_token": {csrf}, "username": {"bad name"}, "role": {"clinician"}, "password": {"short"}}.Encode(), "application/x-www-form-urlencoded", 422, "at least 12 characters"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				req, _ := http.NewRequest(tt.method, f.ts.URL+tt.path, strings.NewReader(tt.body))
				if tt.contentType != "" {
					req.Header.Set("Content-Type", tt.contentType)
				}
				if tt.token != "" {
					req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tt.token})
				}
				res, body := send(t, req)
				if res.StatusCode != tt.want {
					t.Errorf("status %d, want %d", res.StatusCode, tt.want)
				}
				if !strings.Contains(body, tt.wantText) {
					t.Errorf("page lacks %q", tt.wantText)
				}
				for _, leak := range []string{"goroutine", "panic", "sql:", "SQLSTATE", "runtime error"} {
					if strings.Contains(body, leak) {
						t.Errorf("page leaks %q", leak)
					}
				}
			})
		}
	})
}

func TestUserFormKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		admin, csrf := f.session(t, f.users[auth.SystemAdmin])
		form := url.Values{"csrf_token": {csrf}, "username": {"new.person"}, "display_name": {"New Person"}, "role": {"clinician"}, "password": {"a good long password"}}
		res, body := f.do(t, "POST", "/admin/users", admin, form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Clinicians need a profession") || !strings.Contains(body, `value="new.person"`) {
			t.Errorf("missing profession: %d, message or typed username lost", res.StatusCode)
		}
		if strings.Contains(body, "a good long password") {
			t.Error("password echoed back into the page")
		}
		form.Set("profession", "nurse")
		if res, _ := f.do(t, "POST", "/admin/users", admin, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("valid user: %d", res.StatusCode)
		}
		res, body = f.do(t, "POST", "/admin/users", admin, form)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "already taken") {
			t.Errorf("duplicate username: %d", res.StatusCode)
		}
		c := f.browser(t)
		if res, _ := f.login(t, c, "new.person", "a good long password"); res.StatusCode != 200 || res.Request.URL.Path != "/" {
			t.Errorf("new user cannot sign in: %d at %s", res.StatusCode, res.Request.URL.Path)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		for _, path := range []string{"/login", "/no-such-page", "/static/app.css"} {
			res, _ := f.do(t, "GET", path, "", nil)
			tests := map[string]string{
				"Content-Security-Policy": "frame-ancestors 'none'",
				"X-Content-Type-Options":  "nosniff",
				"X-Frame-Options":         "DENY",
				"Referrer-Policy":         "same-origin",
			}
			for h, want := range tests {
				if got := res.Header.Get(h); !strings.Contains(got, want) {
					t.Errorf("%s %s = %q, want it to contain %q", path, h, got, want)
				}
			}
			if csp := res.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") {
				t.Errorf("%s CSP allows inline script: %s", path, csp)
			}
		}
	})
}

func TestCommissionerSeesNoIdentifiableData(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		tok, _ := f.session(t, f.users[auth.Commissioner])
		for _, path := range []string{"/", "/reports/overview"} {
			res, body := f.do(t, "GET", path, tok, nil)
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d", path, res.StatusCode)
			}
			for _, leak := range []string{"Robin", "Linked", "9434765919", fmt.Sprintf("/people/%d", f.person.ID)} {
				if strings.Contains(body, leak) {
					t.Errorf("%s shows identifiable %q", path, leak)
				}
			}
			if !strings.Contains(body, `<td class="tl-num">`+disclosure.Hidden+`</td>`) {
				t.Errorf("%s: small numbers not suppressed", path)
			}
		}
	})
}

func TestSuppressSmall(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0"}, {1, disclosure.Hidden}, {7, disclosure.Hidden}, {8, "10"}, {120, "120"}}
	for _, tt := range tests {
		if got := csvCount(disclosure.NewCount(tt.n)).String(); got != tt.want {
			t.Errorf("csvCount(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
