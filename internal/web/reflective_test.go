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

// TestReflectiveFacilitatorIsChosenATeamAtATime: the facilitator is chosen
// from one team's staff at a time, as every team's at once was 2,735
// options at scale 75: the manager's own team first, another team's when
// asked for, and on a group's page the usual facilitator's own team, so
// that they are offered and chosen as before. A facilitator from another
// team is saved, and the chosen team comes back with a refused form.
func TestReflectiveFacilitatorIsChosenATeamAtATime(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		therapies, therapist := f.therapiesTeam(t, "facilitator", "Fay Cilitator")
		boss, clin := f.users[auth.TeamManager], f.users[auth.Clinician]
		btok, bcsrf := f.session(t, boss)
		option := func(u auth.User) string { return fmt.Sprintf(`<option value="%d">%s</option>`, u.ID, u.DisplayName) }
		selected := func(u auth.User) string {
			return fmt.Sprintf(`<option value="%d" selected>%s</option>`, u.ID, u.DisplayName)
		}
		for _, tc := range []struct {
			name, path   string
			offered, not auth.User
		}{
			{"the manager's own team first", "/reflective", clin, therapist},
			{"another team asked for", fmt.Sprintf("/reflective?facilitator_team=%d", therapies.ID), therapist, clin},
			{"no such team asked for", "/reflective?facilitator_team=999999", clin, therapist},
		} {
			_, body := f.do(t, "GET", tc.path, btok, nil)
			if !strings.Contains(body, option(tc.offered)) || strings.Contains(body, option(tc.not)) {
				t.Errorf("%s: offers %s %v, %s %v; want only the first", tc.name, tc.offered.Username, strings.Contains(body, option(tc.offered)),
					tc.not.Username, strings.Contains(body, option(tc.not)))
			}
		}
		group := url.Values{"csrf_token": {bcsrf}, "name": {""}, "team": {fmt.Sprint(boss.TeamIDs[0])},
			"facilitator_team": {fmt.Sprint(therapies.ID)}, "facilitator": {fmt.Sprint(therapist.ID)}, "frequency": {"monthly"}}
		res, body := f.do(t, "POST", "/reflective/groups", btok, group)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, selected(therapist)) {
			t.Errorf("a group with no name: %d, want 422 with the other team's facilitator still chosen", res.StatusCode)
		}
		group.Set("name", "Monday reflective practice")
		res, _ = f.do(t, "POST", "/reflective/groups", btok, group)
		m := groupLink.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("set up with another team's facilitator: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		_, body = f.do(t, "GET", "/reflective/groups/"+m[1], btok, nil)
		if !strings.Contains(body, selected(therapist)) || strings.Contains(body, option(clin)) {
			t.Error("the group's page does not offer, chosen, its usual facilitator from their own team")
		}
	})
}
