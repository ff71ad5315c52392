package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/store/storetest"
)

// TestAuditLogShowsItsTotal: the audit log says how many events the whole
// log holds, or the filter selects, beside its pages of 50, and the
// "older events" link reaches the rest under the same filter.
func TestAuditLogShowsItsTotal(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		viewer := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
		for range 60 {
			if err := f.db.Audit(ctx, viewer, auth.ActionView, f.person.ID, "crisis-plan"); err != nil {
				t.Fatal(err)
			}
		}
		tok, _ := f.session(t, f.users[auth.Auditor])
		filter := fmt.Sprintf("/audit?action=view&person_id=%d&user_id=%d", f.person.ID, viewer.User.ID)
		res, body := f.do(t, http.MethodGet, filter, tok, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "60 events match this filter") {
			t.Fatalf("GET %s: %d, want 60 events matching\n%s", filter, res.StatusCode, body)
		}
		older := regexp.MustCompile(`<a href="([^"]+)">Older events</a>`).FindStringSubmatch(body)
		if older == nil {
			t.Fatal("no link to older events on a first page of 50 of 60")
		}
		next := html.UnescapeString(older[1])
		res, body = f.do(t, http.MethodGet, next, tok, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "60 events match this filter") || strings.Contains(body, "Older events") {
			t.Errorf("GET %s: %d, want the last 10 of the same 60 and no older link", next, res.StatusCode)
		}
		if got := strings.Count(body, "looked at their crisis plan"); got != 10 {
			t.Errorf("GET %s shows %d events, want 10", next, got)
		}
		_, body = f.do(t, http.MethodGet, "/audit", tok, nil)
		all := storetest.Count(t, f.db, `SELECT COUNT(*) FROM audit_events`) + storetest.Count(t, f.db, `SELECT COUNT(*) FROM audit_pending`)
		if want := thousands(all) + " events in the log"; !strings.Contains(body, want) {
			t.Errorf("GET /audit does not say %q", want)
		}
		if res, _ := f.do(t, http.MethodGet, "/audit?before=x", tok, nil); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("GET /audit?before=x: %d, want 422", res.StatusCode)
		}
	})
}
