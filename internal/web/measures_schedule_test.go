package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
)

// TestMeasureSchedulePage: a team manager sees the rules in force with
// defaults marked, adds, changes and removes a rule for their team with
// clear errors that keep what was chosen, gets a 409 with both versions
// when someone else saved first, and sees who changed what; a rule for
// every team is a system administrator's.
func TestMeasureSchedulePage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		mgr := f.users[auth.TeamManager]
		tok, csrf := f.session(t, mgr)
		team := fmt.Sprint(mgr.TeamIDs[0])
		rule := func(kv ...string) url.Values {
			v := url.Values{"csrf_token": {csrf}, "team": {team}, "modality": {"SCM"}, "measure": {"CORE-10"}, "mode": {"on"}}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}

		res, page := f.do(t, "GET", "/measures/schedule", tok, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, "at assessment, every 6 attended sessions, at the ending of care <span class=\"tl-muted\">(default)</span>") {
			t.Fatalf("schedule page: %d, want CORE-10's default in force", res.StatusCode)
		}

		// Refused input: the message, the field it belongs to, what was typed.
		bad := []struct {
			name  string
			form  url.Values
			field string
			kept  string
		}{
			{"no sessions", rule("every_sessions", "0"), "every_sessions", `value="0"`},
			{"too many sessions", rule("every_sessions", "53"), "every_sessions", `value="53"`},
			{"sessions in words", rule("every_sessions", "six"), "every_sessions", `value="six"`},
			{"nothing chosen", rule(), "mode", `<option value="CORE-10" selected>`},
			{"no measure", rule("measure", "", "at_ending", "yes"), "measure", `id="at_ending" name="at_ending" type="checkbox" value="yes" checked`},
			{"every team", rule("team", "", "at_ending", "yes"), "team", `<option value="SCM" selected>`},
			{"another team", rule("team", "999", "at_ending", "yes"), "team", `<option value="CORE-10" selected>`},
		}
		for _, tt := range bad {
			res, page := f.do(t, "POST", "/measures/schedule", tok, tt.form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", tt.name, res.StatusCode)
				continue
			}
			if !strings.Contains(page, fmt.Sprintf(`href="#%s"`, tt.field)) || !strings.Contains(page, fmt.Sprintf(`id="%s-error"`, tt.field)) {
				t.Errorf("%s: no error for %s", tt.name, tt.field)
			}
			if !strings.Contains(page, tt.kept) {
				t.Errorf("%s: lost what was chosen (%s)", tt.name, tt.kept)
			}
			if _, broken, _ := brokenSummaryLinks(page); len(broken) > 0 {
				t.Errorf("%s: error summary links to %v, not on the page", tt.name, broken)
			}
		}
		if rows, _ := f.db.ScheduleRuleRows(ctx); len(rows) != 0 {
			t.Fatalf("refused input saved rules: %+v", rows)
		}

		// Add, then the same scope again is refused.
		if res, body := f.do(t, "POST", "/measures/schedule", tok, rule("every_sessions", "4")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add rule: %d\n%s", res.StatusCode, body)
		}
		if res, _ := f.do(t, "POST", "/measures/schedule", tok, rule("at_ending", "yes")); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("second rule for the same scope: %d, want 422", res.StatusCode)
		}
		rows, _ := f.db.ScheduleRuleRows(ctx)
		if len(rows) != 1 || rows[0].EverySessions != 4 {
			t.Fatalf("rules = %+v", rows)
		}
		id := fmt.Sprint(rows[0].ID)
		_, page = f.do(t, "GET", "/measures/schedule?edit="+id, tok, nil)
		if !strings.Contains(page, `id="every_sessions" name="every_sessions" type="text" value="4" inputmode="numeric"`) || !strings.Contains(page, "every 4 attended sessions <span class=\"tl-muted\">(this team and modality)</span>") {
			t.Errorf("edit form or in-force table does not show the rule")
		}
		// Two managers change it from version 1: the second gets both.
		if res, _ := f.do(t, "POST", "/measures/schedule", tok, rule("id", id, "version", "1", "every_sessions", "8")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("change rule: %d", res.StatusCode)
		}
		res, page = f.do(t, "POST", "/measures/schedule", tok, rule("id", id, "version", "1", "every_sessions", "2", "at_ending", "yes"))
		if res.StatusCode != http.StatusConflict || !strings.Contains(page, "every 8 attended sessions</td><td>CORE-10 (SCM): every 2 attended sessions, at the ending of care") ||
			!strings.Contains(page, `name="version" value="2"`) || !strings.Contains(page, `value="2" inputmode="numeric" aria-describedby`) {
			t.Errorf("stale change: %d, want 409 with both versions and the typed value kept", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", "/measures/schedule/"+id+"/remove", tok, url.Values{"csrf_token": {csrf}, "version": {"1"}}); res.StatusCode != http.StatusConflict {
			t.Errorf("stale removal: %d, want 409", res.StatusCode)
		}
		// A system administrator's rule for every team: managers see it, cannot change it.
		admin, adminCSRF := f.session(t, f.users[auth.SystemAdmin])
		if res, body := f.do(t, "POST", "/measures/schedule", admin, url.Values{"csrf_token": {adminCSRF}, "team": {""}, "modality": {""}, "measure": {"GAD-7"}, "mode": {"off"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("admin rule for every team: %d\n%s", res.StatusCode, body)
		}
		rows, _ = f.db.ScheduleRuleRows(ctx)
		var global string
		for _, r := range rows {
			if r.TeamID == 0 {
				global = fmt.Sprint(r.ID)
			}
		}
		if res, _ := f.do(t, "POST", "/measures/schedule/"+global+"/remove", tok, url.Values{"csrf_token": {csrf}, "version": {"1"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("manager removing a rule for every team: %d, want 404", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", "/measures/schedule/"+id+"/remove", tok, url.Values{"csrf_token": {csrf}, "version": {"2"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("remove: %d", res.StatusCode)
		}
		_, page = f.do(t, "GET", "/measures/schedule", tok, nil)
		changes := between(page, `id="change-table"`, "</table>")
		for _, want := range []string{"Removed (was every 8 attended sessions)", "Changed from every 4 attended sessions to every 8 attended sessions", "Added: every 4 attended sessions",
			"Added: switched off", mgr.DisplayName, f.users[auth.SystemAdmin].DisplayName} {
			if !strings.Contains(changes, want) {
				t.Errorf("changes lack %q", want)
			}
		}
		if !strings.Contains(page, "Set by a system administrator") || !strings.Contains(page, "switched off <span class=\"tl-muted\">(every team)</span>") {
			t.Errorf("manager's page should show the rule for every team, in force and not changeable")
		}

		// Linked from the due and outcomes pages for managers, not in the nav; others cannot open it.
		for _, tt := range []struct {
			role auth.Role
			path string
			link bool
		}{
			{auth.TeamManager, "/measures/due", true},
			{auth.TeamManager, "/measures/outcomes", true},
			{auth.Clinician, "/measures/due", false},
			{auth.Commissioner, "/measures/outcomes", false},
		} {
			tok, _ := f.session(t, f.users[tt.role])
			_, page := f.do(t, "GET", tt.path, tok, nil)
			if got := strings.Contains(page, `href="/measures/schedule"`); got != tt.link {
				t.Errorf("%s on %s: link %v, want %v", tt.role, tt.path, got, tt.link)
			}
		}
		clin, _ := f.session(t, f.users[auth.Clinician])
		if res, _ := f.do(t, "GET", "/measures/schedule", clin, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("clinician opening the schedule: %d, want 403", res.StatusCode)
		}
	})
}
