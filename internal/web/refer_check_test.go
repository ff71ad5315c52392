package web

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"throughline/internal/auth"
)

// gapProfile is the demo directory's deliberate gap: no non-crisis service
// takes high risk with chaotic engagement and no diagnosis.
var gapProfile = url.Values{"risk": {"high"}, "engagement": {"chaotic"}, "diagnosis": {"none"}, "complexity": {"multiple"},
	"substance_use": {"none"}, "housing": {"settled"}, "duration_needed": {"long"}, "age": {"30"}, "locality": {"any"}}

// TestReferCheckCountsUnmetNeedOncePerAddressPerDay: the public page
// answers every time, but a profile no non-crisis service accepts is
// counted once per address per UK day.
func TestReferCheckCountsUnmetNeedOncePerAddressPerDay(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo region")
	}
	d := newDemoServer(t)
	post := func(addr string) string {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, "/services/check", strings.NewReader(gapProfile.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = addr + ":40000"
		rec := httptest.NewRecorder()
		d.srv.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("POST /services/check = %d:\n%s", rec.Code, rec.Body)
		}
		return rec.Body.String()
	}
	count := func() int {
		t.Helper()
		n, err := d.db.UnmetNeedSince(t.Context(), "2000-01")
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps := []struct {
		addr string
		want int
	}{{"192.0.2.1", 1}, {"192.0.2.1", 1}, {"192.0.2.1", 1}, {"198.51.100.7", 2}}
	for i, s := range steps {
		body := post(s.addr)
		if !strings.Contains(body, "No service takes this situation") {
			t.Fatalf("ask %d from %s: the page does not say no service takes it:\n%s", i+1, s.addr, body)
		}
		if got := count(); got != s.want {
			t.Errorf("after ask %d from %s: unmet need = %d, want %d", i+1, s.addr, got, s.want)
		}
	}
	// The gap map shows the signal through disclosure: two is not shown,
	// ten is.
	if page := d.get(t, "commissioner", "/gaps"); !strings.Contains(page, `id="unmet-need"`) || !strings.Contains(page, "<strong>not shown</strong>") {
		t.Errorf("gap map with 2 unmet-need situations does not show them as not shown")
	}
	for i := range 8 {
		post(fmt.Sprintf("203.0.113.%d", i+1))
	}
	if page := d.get(t, "commissioner", "/gaps"); !strings.Contains(page, "<strong>10</strong> situations described") {
		t.Errorf("gap map with 10 unmet-need situations does not show 10")
	}
	// "Before you refer" is a link only for those who may use it.
	for user, want := range map[string]bool{"commissioner": false, "clinician": true} {
		if got := strings.Contains(d.get(t, user, "/gaps"), `href="/refer/check"`); got != want {
			t.Errorf("%s's gap map links to Before you refer: %v, want %v", user, got, want)
		}
	}
}

// postAs posts a form as username through the real guard, CSRF and all.
func (d *demoServer) postAs(t *testing.T, username, path string, v url.Values) (int, string) {
	t.Helper()
	u := d.user(t, username)
	token, csrf := auth.NewToken(), auth.NewToken()
	now := d.db.Now()
	if err := d.db.CreateSession(context.Background(), auth.Session{TokenHash: auth.HashToken(token), UserID: u.ID, CSRFToken: csrf, CreatedAt: now, LastSeenAt: now}, ""); err != nil {
		t.Fatal(err)
	}
	v = maps.Clone(v)
	v.Set("csrf_token", csrf)
	req, err := http.NewRequest(http.MethodPost, d.ts.URL+path, strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	res, body := send(t, req)
	return res.StatusCode, body
}

// TestReferCheckForReferrers: the signed-in page links the CEN service to
// this system's referral form, counts a referrer's unmatched situation once
// a day whatever address they use, and a bad answer is a clear error linked
// to its question with nothing counted.
func TestReferCheckForReferrers(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo region")
	}
	d := newDemoServer(t)
	cen := url.Values{"risk": {"moderate"}, "engagement": {"variable"}, "diagnosis": {"cen"}, "complexity": {"complex-trauma"},
		"substance_use": {"none"}, "housing": {"settled"}, "duration_needed": {"long"}, "age": {"30"}, "locality": {"N"}}
	code, body := d.postAs(t, "referrer", "/refer/check", cen)
	if code != http.StatusOK || !strings.Contains(body, `href="/referrals/new"`) {
		t.Errorf("POST /refer/check as referrer = %d, want the CEN service with a link to the referral form:\n%s", code, body)
	}
	for range 2 {
		if code, _ := d.postAs(t, "referrer", "/refer/check", gapProfile); code != http.StatusOK {
			t.Fatalf("POST /refer/check (gap) = %d", code)
		}
	}
	if n, err := d.db.UnmetNeedSince(t.Context(), "2000-01"); err != nil || n != 1 {
		t.Errorf("unmet need after one referrer asked twice = %d (%v), want 1", n, err)
	}
	bad := maps.Clone(gapProfile)
	bad.Set("age", "thirty")
	bad.Del("risk")
	code, body = d.postAs(t, "referrer", "/refer/check", bad)
	for _, want := range []string{`href="#age"`, `href="#risk"`, "Enter their age as a whole number"} {
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
			t.Errorf("bad answers = %d, want 422 with %q", code, want)
		}
	}
	if n, err := d.db.UnmetNeedSince(t.Context(), "2000-01"); err != nil || n != 1 {
		t.Errorf("unmet need after bad answers = %d (%v), want still 1", n, err)
	}
}
