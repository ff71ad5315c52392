package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/store"
)

// TestClosedReferralNeedsTheRecordsRelationship: a declined referral to
// the team's service is no relationship with the person, so its four
// addresses send care staff to break glass (and refuse a referrer), as the
// person's record does; an open one is the team-referral relationship and
// can still be screened; after break-glass the pages open and the audit
// names the relationship that holds.
func TestClosedReferralNeedsTheRecordsRelationship(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		subjects := accessSubjects(t, f)
		closed, open := subjects[2], subjects[3]
		pages := []string{"/referrals/%d", "/referrals/%d/acknowledgement", "/referrals/%d/screen", "/referrals/%d/letter"}
		for _, role := range staffRoles {
			tok, _ := f.session(t, f.users[role])
			for _, p := range pages {
				path := fmt.Sprintf(p, closed.referral)
				res, body := f.do(t, "GET", path, tok, nil)
				want := breakGlassURL(closed.person, path)
				if strings.HasSuffix(p, "/screen") && !screeners.Allows(role) {
					want = "" // the role never screens: refused outright
				}
				if got := res.Header.Get("Location"); got != want || (want == "" && res.StatusCode != http.StatusForbidden) {
					t.Errorf("%s GET %s: %d %q, want break-glass %q", role, path, res.StatusCode, got, want)
				}
				if strings.Contains(body, "Declined long ago") || strings.Contains(body, "Dana") {
					t.Errorf("%s GET %s shows the referral", role, path)
				}
			}
		}
		rtok, _ := f.session(t, f.users[auth.Referrer])
		for _, p := range pages[:2] {
			if res, _ := f.do(t, "GET", fmt.Sprintf(p, closed.referral), rtok, nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("referrer GET %s: %d, want 403", p, res.StatusCode)
			}
		}
		for _, e := range auditOf(t, f, closed.person) {
			if e.Action == auth.ActionView {
				t.Errorf("a refused view was audited as a view: %+v", e)
			}
		}

		// An open referral to the team is the team-referral relationship:
		// the page opens, the screener may screen it, and that is what the
		// audit records.
		ctok, _ := f.session(t, f.users[auth.Clinician])
		if res, body := f.do(t, "GET", fmt.Sprintf("/referrals/%d/screen", open.referral), ctok, nil); res.StatusCode != http.StatusOK || !strings.Contains(body, `action="/referrals/`) {
			t.Errorf("screening an open referral to the team: %d", res.StatusCode)
		}
		if got := lastView(t, f, open.person, f.users[auth.Clinician].ID); got != auth.RelTeamReferr {
			t.Errorf("open referral viewed under %q, want %q", got, auth.RelTeamReferr)
		}

		// Break-glass opens the declined referral, audited as break-glass.
		ptok, pcsrf := f.session(t, f.users[auth.PeerWorker])
		reason := "Person at the front desk asking about their old referral"
		if res, _ := f.do(t, "POST", fmt.Sprintf("/people/%d/break-glass", closed.person), ptok, url.Values{"csrf_token": {pcsrf}, "reason": {reason}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("break-glass: %d", res.StatusCode)
		}
		if res, body := f.do(t, "GET", fmt.Sprintf("/referrals/%d", closed.referral), ptok, nil); res.StatusCode != http.StatusOK || !strings.Contains(body, "Dana") {
			t.Errorf("declined referral after break-glass: %d", res.StatusCode)
		}
		if got := lastView(t, f, closed.person, f.users[auth.PeerWorker].ID); got != auth.RelBreakGlass {
			t.Errorf("declined referral viewed under %q, want %q", got, auth.RelBreakGlass)
		}
	})
}

func auditOf(t *testing.T, f *fixture, personID int64) []auth.Event {
	t.Helper()
	events, err := f.db.AuditEvents(context.Background(), store.AuditFilter{PersonID: personID})
	if err != nil {
		t.Fatal(err)
	}
	return events
}

// lastView is the relationship the newest view of the person's referral by
// the user was audited under.
func lastView(t *testing.T, f *fixture, personID, userID int64) auth.Relationship {
	t.Helper()
	for _, e := range auditOf(t, f, personID) {
		if e.UserID == userID && e.Action == auth.ActionView && strings.HasPrefix(e.Record, "referral/") {
			return e.Relationship
		}
	}
	t.Fatalf("no view of person %d's referral by user %d audited", personID, userID)
	return auth.RelNone
}
