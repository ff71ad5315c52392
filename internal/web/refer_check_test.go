package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
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
}
