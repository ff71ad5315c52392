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

var sessionLink = regexp.MustCompile(`^/supervision/(\d+)$`)

// TestSupervisionNotesReadableOnlyByParties: a clinician records a
// session supervising the peer worker and says who was discussed; the two
// parties read the notes; the team manager and the auditor see only that
// it took place; an administrator in the team and a clinician outside it
// are told it does not exist; commissioners and the person discussed
// cannot open supervision at all.
func TestSupervisionNotesReadableOnlyByParties(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		const secret = "Noticed my own frustration in the last session"
		sup, peer := f.users[auth.Clinician], f.users[auth.PeerWorker]
		tok, csrf := f.session(t, sup)
		form := url.Values{"csrf_token": {csrf}, "team": {fmt.Sprint(sup.TeamIDs[0])}, "type": {"clinical"}, "supervisor": {fmt.Sprint(sup.ID)},
			"supervisees": {fmt.Sprint(peer.ID)}, "held_on": {uktime.Date(f.db.Now())}, "minutes": {"50"}, "notes": {secret}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("minutes", "lots")
		if res, body := f.do(t, "POST", "/supervision", tok, bad); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "whole number of minutes") || !strings.Contains(body, secret) {
			t.Fatalf("bad minutes: %d, want 422 keeping the notes typed", res.StatusCode)
		}
		res, _ := f.do(t, "POST", "/supervision", tok, form)
		m := sessionLink.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("record: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		page := "/supervision/" + m[1]
		// Someone the team has never worked with cannot be named.
		if res, _ := f.do(t, "POST", page+"/people", tok, url.Values{"csrf_token": {csrf}, "people": {fmt.Sprint(f.stranger.ID)}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("discussing a stranger: %d, want 422", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", page+"/people", tok, url.Values{"csrf_token": {csrf}, "people": {fmt.Sprint(f.person.ID)}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add person discussed: %d", res.StatusCode)
		}
		name := f.person.GivenName + " " + f.person.FamilyName
		for _, tc := range []struct {
			role     string
			u        auth.User
			status   int
			notes    bool
			existing bool
		}{
			{"supervisor", sup, http.StatusOK, true, true},
			{"supervisee", peer, http.StatusOK, true, true},
			{"team manager", f.users[auth.TeamManager], http.StatusOK, false, true},
			{"auditor", f.users[auth.Auditor], http.StatusOK, false, true},
			{"administrator in the team", f.users[auth.Admin], http.StatusNotFound, false, false},
			{"clinician outside the team", f.outsider, http.StatusNotFound, false, false},
			{"commissioner", f.users[auth.Commissioner], http.StatusForbidden, false, false},
			{"the person discussed", f.users[auth.ServiceUser], http.StatusForbidden, false, false},
		} {
			t.Run(tc.role, func(t *testing.T) {
				tok, _ := f.session(t, tc.u)
				res, body := f.do(t, "GET", page, tok, nil)
				if res.StatusCode != tc.status {
					t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
				}
				if got := strings.Contains(body, secret); got != tc.notes {
					t.Errorf("notes shown %v, want %v", got, tc.notes)
				}
				if got := strings.Contains(body, name); got != tc.notes {
					t.Errorf("person discussed named %v, want %v", got, tc.notes)
				}
				if got := strings.Contains(body, "50 minutes"); got != tc.existing {
					t.Errorf("existence shown %v, want %v", got, tc.existing)
				}
				res, body = f.do(t, "GET", "/supervision", tok, nil)
				if tc.status == http.StatusForbidden {
					if res.StatusCode != http.StatusForbidden {
						t.Errorf("list: %d, want 403", res.StatusCode)
					}
					return
				}
				if res.StatusCode != http.StatusOK || strings.Contains(body, secret) || strings.Contains(body, `href="`+page+`"`) != tc.existing {
					t.Errorf("list: %d, lists the session %v (want %v), or shows the notes", res.StatusCode, strings.Contains(body, page), tc.existing)
				}
			})
		}
	})
}

// TestSupervisionOverdueInWords: a manager sets monthly clinical
// supervision for clinicians through the form; the manager then sees the
// clinician overdue, in words, and the clinician sees it too.
func TestSupervisionOverdueInWords(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		boss := f.users[auth.TeamManager]
		tok, csrf := f.session(t, boss)
		set := url.Values{"csrf_token": {csrf}, "team": {fmt.Sprint(boss.TeamIDs[0])}, "role": {"clinician"}, "type": {"clinical"}, "frequency": {"fortnightly"}}
		if res, _ := f.do(t, "POST", "/supervision/expected", tok, set); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("set expectation: %d", res.StatusCode)
		}
		set.Set("frequency", "whenever")
		if res, body := f.do(t, "POST", "/supervision/expected", tok, set); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose how often") {
			t.Errorf("bad frequency: %d", res.StatusCode)
		}
		clin, _ := f.session(t, f.users[auth.Clinician])
		tokPeer, _ := f.session(t, f.users[auth.PeerWorker])
		const words = "No clinical supervision recorded; expected fortnightly"
		for who, tk := range map[string]string{"manager": tok, "clinician": clin} {
			if _, body := f.do(t, "GET", "/supervision", tk, nil); !strings.Contains(body, words) || !strings.Contains(body, "Overdue") {
				t.Errorf("%s does not see the clinician overdue in words", who)
			}
		}
		// The peer worker's role has no expectation: nothing overdue to show.
		if _, body := f.do(t, "GET", "/supervision", tokPeer, nil); strings.Contains(body, words) {
			t.Error("the peer worker sees another person's standing")
		}
	})
}
