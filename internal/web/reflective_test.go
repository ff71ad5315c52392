package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/uktime"
)

var groupLink = regexp.MustCompile(`^/reflective/groups/(\d+)$`)

// TestReflectivePracticePages: a team manager sets up a group; a
// clinician in the team cannot; the facilitator records attendance and an
// attendee cannot; the attendee sees the session in their own months; an
// auditor and a commissioner cannot open reflective practice; a bad date
// keeps who was ticked.
func TestReflectivePracticePages(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		boss, clin, peer := f.users[auth.TeamManager], f.users[auth.Clinician], f.users[auth.PeerWorker]
		btok, bcsrf := f.session(t, boss)
		group := url.Values{"csrf_token": {bcsrf}, "name": {"Thursday reflective practice"}, "team": {fmt.Sprint(boss.TeamIDs[0])},
			"facilitator": {fmt.Sprint(clin.ID)}, "frequency": {"monthly"}}
		ctok, ccsrf := f.session(t, clin)
		clinGroup := url.Values{}
		for k, v := range group {
			clinGroup[k] = v
		}
		clinGroup.Set("csrf_token", ccsrf)
		if res, _ := f.do(t, "POST", "/reflective/groups", ctok, clinGroup); res.StatusCode != http.StatusForbidden {
			t.Errorf("a clinician setting up a group: %d, want 403", res.StatusCode)
		}
		res, _ := f.do(t, "POST", "/reflective/groups", btok, group)
		m := groupLink.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("set up: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		page := "/reflective/groups/" + m[1]
		session := url.Values{"held_on": {uktime.Date(f.db.Now())}, "facilitator": {fmt.Sprint(clin.ID)}, "attendees": {fmt.Sprint(peer.ID)}}
		ptok, pcsrf := f.session(t, peer)
		session.Set("csrf_token", pcsrf)
		if res, body := f.do(t, "POST", page+"/sessions", ptok, session); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "facilitator or a manager") {
			t.Errorf("an attendee recording: %d, want 422", res.StatusCode)
		}
		session.Set("csrf_token", ccsrf)
		session.Set("held_on", "next Thursday")
		if res, body := f.do(t, "POST", page+"/sessions", ctok, session); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "real date") ||
			!strings.Contains(body, fmt.Sprintf(`value="%d" checked`, peer.ID)) {
			t.Errorf("bad date: %d, want 422 keeping who was ticked", res.StatusCode)
		}
		session.Set("held_on", uktime.Date(f.db.Now()))
		if res, _ := f.do(t, "POST", page+"/sessions", ctok, session); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("record: %d", res.StatusCode)
		}
		if res, body := f.do(t, "GET", page, ptok, nil); res.StatusCode != http.StatusOK || !strings.Contains(body, peer.DisplayName) {
			t.Errorf("group page: %d, want the attendee listed", res.StatusCode)
		}
		_, body := f.do(t, "GET", "/reflective", ptok, nil)
		month := f.db.Now().Format("January 2006")
		if !regexp.MustCompile(month + `</th><td class="tl-num">1</td><td class="tl-num">1</td>`).MatchString(body) {
			t.Errorf("the attendee's months lack this month's session attended")
		}
		if _, body := f.do(t, "GET", "/reflective", btok, nil); !strings.Contains(body, "2.0 a session") {
			t.Error("the manager's attendance by group lacks the session, facilitator and attendee")
		}
		for _, role := range []auth.Role{auth.Auditor, auth.Commissioner, auth.ServiceUser} {
			tok, _ := f.session(t, f.users[role])
			if res, _ := f.do(t, "GET", page, tok, nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s opening a group: %d, want 403", role, res.StatusCode)
			}
		}
		otok, _ := f.session(t, f.outsider)
		if res, _ := f.do(t, "GET", page, otok, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("a clinician outside the team: %d, want 404", res.StatusCode)
		}
	})
}
