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

// TestTeamFormulationRoles: a clinician with a relationship writes the
// team formulation; staff in the team read it and its history; the person
// reads it only after the team shares it; a clinician without a
// relationship is sent to break-glass; auditors, commissioners, carers and
// referrers cannot read it at all; a stale save is refused keeping what
// was typed.
func TestTeamFormulationRoles(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		const patterns = "When replies are short, Robin feels dismissed and calls again"
		page := fmt.Sprintf("/people/%d/team-formulation", f.person.ID)
		tok, csrf := f.session(t, f.users[auth.Clinician])
		form := url.Values{"csrf_token": {csrf}, "version": {"0"}, "agreed_on": {uktime.Date(f.db.Now())}, "present": {"Test Clinician, Test Team Manager"},
			"happening": {"Robin calls the duty line most evenings"}, "patterns": {patterns}, "helps": {"A set time"}, "will_try": {"A planned call on Tuesdays"}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Del("helps")
		if res, body := f.do(t, "POST", page, tok, bad); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Say what helps") || !strings.Contains(body, patterns) {
			t.Fatalf("no what helps: %d, want 422 keeping what was typed", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", page, tok, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		if res, body := f.do(t, "POST", page, tok, form); res.StatusCode != http.StatusConflict || !strings.Contains(body, "Someone else saved") {
			t.Errorf("stale save: %d, want 409", res.StatusCode)
		}
		read := func(u auth.User, path string) (int, string) {
			t.Helper()
			tk, _ := f.session(t, u)
			res, body := f.do(t, "GET", path, tk, nil)
			return res.StatusCode, body
		}
		for _, tc := range []struct {
			name   string
			u      auth.User
			status int
			sees   bool
		}{
			{"clinician", f.users[auth.Clinician], http.StatusOK, true},
			{"peer worker", f.users[auth.PeerWorker], http.StatusOK, true},
			{"team manager", f.users[auth.TeamManager], http.StatusOK, true},
			{"the person, before it is shared", f.users[auth.ServiceUser], http.StatusOK, false},
			{"clinician without a relationship", f.outsider, http.StatusSeeOther, false},
			{"auditor", f.users[auth.Auditor], http.StatusForbidden, false},
			{"commissioner", f.users[auth.Commissioner], http.StatusForbidden, false},
			{"carer", f.users[auth.Carer], http.StatusForbidden, false},
			{"referrer", f.users[auth.Referrer], http.StatusForbidden, false},
		} {
			status, body := read(tc.u, page)
			if status != tc.status || strings.Contains(body, patterns) != tc.sees {
				t.Errorf("%s: %d, sees %v; want %d, %v", tc.name, status, !tc.sees, tc.status, tc.sees)
			}
		}
		if _, body := read(f.users[auth.ServiceUser], page); !strings.Contains(body, "has not shared a team formulation") {
			t.Error("the person is not told their team has not shared one")
		}
		if status, _ := read(f.users[auth.ServiceUser], page+"/history"); status != http.StatusForbidden {
			t.Errorf("the person reading the history of unshared versions: %d, want 403", status)
		}
		if status, body := read(f.users[auth.PeerWorker], page+"/history"); status != http.StatusOK || !strings.Contains(body, "Version 1") {
			t.Errorf("history: %d", status)
		}

		// Shared now: the person reads it, and the read is on their access log.
		form.Set("version", "1")
		form.Set("shared", "yes")
		if res, _ := f.do(t, "POST", page, tok, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("share: %d", res.StatusCode)
		}
		if status, body := read(f.users[auth.ServiceUser], page); status != http.StatusOK || !strings.Contains(body, patterns) {
			t.Errorf("the person once shared: %d, want to read it", status)
		}
		if e := f.lastAccountEvent(t, auth.ActionView); e.PersonID != f.person.ID || !strings.HasPrefix(e.Record, "team-formulation/") {
			t.Errorf("last view %+v, want the person's read of the team formulation audited against them", e)
		}

		// The next version's form does not carry the sharing over, and an
		// unshared draft leaves the person with the version shared before.
		_, body := read(f.users[auth.Clinician], page)
		if checked := regexp.MustCompile(`<input[^>]*name="shared"[^>]*checked`); checked.MatchString(body) {
			t.Error("the form for the next version comes with sharing ticked")
		}
		form.Set("version", "2")
		form.Del("shared")
		form.Set("will_try", "A planned call on Tuesdays and Fridays")
		if res, _ := f.do(t, "POST", page, tok, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("unshared draft: %d", res.StatusCode)
		}
		if status, body := read(f.users[auth.ServiceUser], page); status != http.StatusOK || !strings.Contains(body, "A planned call on Tuesdays<") {
			t.Errorf("the person after an unshared draft: %d, want the shared version 2", status)
		}
		if _, body := read(f.users[auth.Clinician], page); !strings.Contains(body, "they can still read version 2, the last one the team shared") {
			t.Error("staff are not told which version the person still reads")
		}
	})
}
