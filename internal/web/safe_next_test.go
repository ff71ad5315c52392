package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
)

func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		next, want string
	}{
		{"/\t/evil.example/", "/"}, // the issue's /login?next=%2F%09%2Fevil.example%2F
		{"/\n/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"/\\/evil.example", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"%2F", "/"},
		{" //evil.example", "/"},
		{"\x00//evil.example", "/"},
		{"https://evil.example/", "/"},
		{"HTTPS://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"data:text/html,hi", "/"},
		{"https:/evil.example", "/"},
		{"//user@evil.example", "/"},
		{"evil.example", "/"},
		{"people/3", "/"},
		{"./people", "/"},
		{"", "/"},
		{"/login", "/"},
		{"/login?next=/people/3", "/"},
		{"/" + strings.Repeat("a", 3000), "/"},
		{"/", "/"},
		{"/people/3", "/people/3"},
		{"/people/3/break-glass?next=%2Fpeople%2F3%2Freferrals", "/people/3/break-glass?next=%2Fpeople%2F3%2Freferrals"},
		{"/referrals?status=waiting&q=a+b", "/referrals?status=waiting&q=a+b"},
		{"/people/3#plan", "/people/3#plan"},
		{"/logins-report", "/logins-report"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.next); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

// browserTarget is where a browser on site goes when told to follow loc
// with a 303: it drops tabs and line breaks, reads a backslash as a slash,
// then resolves loc against the page.
func browserTarget(t *testing.T, loc string) *url.URL {
	t.Helper()
	cleaned := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(strings.TrimLeft(loc, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	ref, err := url.Parse(cleaned)
	if err != nil {
		t.Fatalf("Location %q is not a URL: %v", loc, err)
	}
	base, _ := url.Parse("https://throughline.example/login")
	return base.ResolveReference(ref)
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/\t/evil.example/", "/people/3?x=1#y", "//evil", "/\\evil", "https://evil.example", "/%2F%2Fevil", "/./../evil", "/a/..//evil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\t\r\n") {
			t.Fatalf("safeNext(%q) = %q, not a path on this site", next, got)
		}
		if to := browserTarget(t, got); to.Host != "throughline.example" || to.Scheme != "https" {
			t.Fatalf("safeNext(%q) = %q leads a browser to %s", next, got, to)
		}
		if safeNext(got) != got {
			t.Fatalf("safeNext(%q) = %q, which it would change again", next, got)
		}
	})
}

// TestSignInNeverLeavesTheSite follows the sign-in redirects as a browser
// would, for the address and others.
func TestSignInNeverLeavesTheSite(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		for _, next := range []string{"%2F%09%2Fevil.example%2F", "%2F%5Cevil.example", "%2F%0D%0A%2Fevil.example", "https%3A%2F%2Fevil.example%2F"} {
			// Already signed in: the sign-in page sends the browser on at once.
			token, _ := f.session(t, f.users[auth.Clinician])
			res, _ := f.do(t, "GET", "/login?next="+next, token, nil)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("signed-in GET /login?next=%s: status %d, want 303", next, res.StatusCode)
			}
			if to := browserTarget(t, res.Header.Get("Location")); to.Host != "throughline.example" {
				t.Errorf("signed-in GET /login?next=%s sends the browser to %s", next, to)
			}
			// Signing in through the form.
			res, body := f.do(t, "GET", "/login?next="+next, "", nil)
			m := hiddenCSRF.FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no CSRF field on the sign-in page")
			}
			req, _ := http.NewRequest("POST", f.ts.URL+"/login", strings.NewReader(url.Values{"csrf_token": {m[1]}, "username": {"clinician"},
				"password": {testPassword}, "next": {mustUnescape(t, next)}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for _, ck := range res.Cookies() {
				req.AddCookie(ck)
			}
			res, _ = send(t, req)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign-in with next=%s: status %d, want 303", next, res.StatusCode)
			}
			if to := browserTarget(t, res.Header.Get("Location")); to.Host != "throughline.example" || to.Path != "/" {
				t.Errorf("sign-in with next=%s sends the browser to %s, want the home page", next, to)
			}
		}
	})
}

func mustUnescape(t *testing.T, s string) string {
	t.Helper()
	u, err := url.QueryUnescape(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
