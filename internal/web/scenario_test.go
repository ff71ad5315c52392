package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
)

// gapAtHighChaotic gives the fixture's catch-all service a diagnosis
// rule, so risk=high, engagement=chaotic is in the gap and the CMHT's
// engagement rule is its one change.
func gapAtHighChaotic(t *testing.T, f *fixture) {
	t.Helper()
	importSmall(t, f)
	s, _ := f.db.Service(context.Background(), "cen")
	s.Eligibility = map[string][]string{"diagnosis": {"cen"}}
	if err := f.db.SaveService(context.Background(), auth.System, &s); err != nil {
		t.Fatal(err)
	}
}

func TestScenarioDraftReplayShareAndMakeLive(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		gapAtHighChaotic(t, f)
		comm, commCSRF := f.session(t, f.users[auth.Commissioner])
		mgr, mgrCSRF := f.session(t, f.users[auth.TeamManager])
		clin, _ := f.session(t, f.users[auth.Clinician])
		profile := "risk=high,engagement=chaotic"

		// The gap cell offers the one change as a draft, to those who draft.
		_, body := f.do(t, "GET", "/gaps/cell?"+url.Values{"profile": {profile}}.Encode(), comm, nil)
		if !strings.Contains(body, `action="/gaps/scenarios/from-cell"`) || !strings.Contains(body, `name="service" value="cmht-all"`) {
			t.Fatal("gap cell lacks the draft button for the CMHT's engagement rule")
		}
		if _, body := f.do(t, "GET", "/gaps/cell?"+url.Values{"profile": {profile}}.Encode(), clin, nil); strings.Contains(body, "/gaps/scenarios/from-cell") {
			t.Error("a clinician is offered a scenario draft")
		}
		// A purpose rule or a made-up change is not drafted.
		res, _ := f.do(t, "POST", "/gaps/scenarios/from-cell", comm, url.Values{"csrf_token": {commCSRF}, "profile": {profile}, "service": {"cmht-all"}, "dimension": {"risk"}})
		if res.StatusCode != http.StatusConflict {
			t.Errorf("made-up change: status %d, want 409", res.StatusCode)
		}
		res, _ = f.do(t, "POST", "/gaps/scenarios/from-cell", comm, url.Values{"csrf_token": {commCSRF}, "profile": {profile}, "service": {"cmht-all"}, "dimension": {"engagement"}})
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/gaps/scenarios/") {
			t.Fatalf("draft from cell: status %d, location %q", res.StatusCode, res.Header.Get("Location"))
		}
		page := res.Header.Get("Location")

		// The commissioner sees the change, the replay and both grids, but
		// cannot make it live.
		res, body = f.do(t, "GET", page, comm, nil)
		for _, want := range []string{"Engagement: able, variable → able, variable, chaotic", `id="replay-figures"`, "Gap closed for",
			`id="grid-baseline"`, "Now: 6 profiles in the gap", `id="grid-scenario"`, "With this scenario: 3 profiles in the gap", "tl-changed"} {
			if !strings.Contains(body, want) {
				t.Errorf("scenario page lacks %q", want)
			}
		}
		if res.StatusCode != 200 || strings.Contains(body, "Make this scenario live") {
			t.Errorf("commissioner's scenario page: status %d, offers make-live: %v", res.StatusCode, strings.Contains(body, "Make this scenario live"))
		}
		if res, _ := f.do(t, "POST", page+"/live", comm, url.Values{"csrf_token": {commCSRF}, "version": {"1"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("commissioner make live: status %d, want 403", res.StatusCode)
		}
		if res, _ := f.do(t, "GET", page, clin, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("clinician reads a scenario: status %d, want 403", res.StatusCode)
		}

		// Editing rules: a bad value is refused and nothing is saved; a
		// real edit saves a new version.
		res, body = f.do(t, "POST", page+"/rules", comm, url.Values{"csrf_token": {commCSRF}, "version": {"1"}, "service": {"youth-south"},
			"elig_risk": {"severe"}, "min_age": {"sixteen"}, "tier": {"voluntary"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad rule value: status %d, want 422", res.StatusCode)
		}
		for _, want := range []string{"severe is not a value of Risk", "Enter the minimum age as a whole number", `value="sixteen"`, `href="#youth-south-min-age"`} {
			if !strings.Contains(body, want) {
				t.Errorf("refused rules form lacks %q", want)
			}
		}
		res, _ = f.do(t, "POST", page+"/rules", comm, url.Values{"csrf_token": {commCSRF}, "version": {"1"}, "service": {"youth-south"},
			"elig_risk": {"low", "moderate"}, "min_age": {"16"}, "max_age": {"25"}, "tier": {"voluntary"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit rules: status %d", res.StatusCode)
		}
		_, body = f.do(t, "GET", page, mgr, nil)
		if !strings.Contains(body, "Risk: low → low, moderate") || !strings.Contains(body, `name="version" value="2"`) {
			t.Error("edited rule not shown, or version not moved on")
		}
		// A stale form is a conflict.
		if res, _ := f.do(t, "POST", page+"/title", comm, url.Values{"csrf_token": {commCSRF}, "version": {"1"}, "title": {"Old"}}); res.StatusCode != http.StatusConflict {
			t.Errorf("stale title: status %d, want 409", res.StatusCode)
		}
		// Dropping the second change again.
		if res, _ := f.do(t, "POST", page+"/rules", mgr, url.Values{"csrf_token": {mgrCSRF}, "version": {"2"}, "service": {"youth-south"}, "remove": {"yes"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("drop change: status %d", res.StatusCode)
		}

		// The directory moves on: the page says so and replays against it.
		cmht, _ := f.db.Service(ctx, "cmht-all")
		cmht.WaitWeeks++
		if err := f.db.SaveService(ctx, auth.System, &cmht); err != nil {
			t.Fatal(err)
		}
		_, body = f.do(t, "GET", page, mgr, nil)
		if !strings.Contains(body, `id="scenario-stale"`) || !strings.Contains(body, "Make this scenario live") {
			t.Fatal("team manager's page lacks the stale warning or the make-live button")
		}

		// The team manager makes it live: the directory changes, with
		// history, and the gap map shows it.
		if res, _ := f.do(t, "POST", page+"/live", mgr, url.Values{"csrf_token": {mgrCSRF}, "version": {"3"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("make live: status %d", res.StatusCode)
		}
		hist, err := f.db.ServiceHistory(ctx, "cmht-all")
		if err != nil || !strings.HasPrefix(hist[0].Action, "made live from scenario") || hist[0].Username != f.users[auth.TeamManager].Username {
			t.Errorf("history = %+v, %v", hist[0], err)
		}
		_, body = f.do(t, "GET", "/gaps", comm, nil)
		if !strings.Contains(body, "<strong>3</strong> of 12 profiles are in the gap") {
			t.Error("gap map does not show the live scenario's rules")
		}
		_, body = f.do(t, "GET", page, comm, nil)
		if !strings.Contains(body, `id="scenario-live"`) || strings.Contains(body, "Change the rules") {
			t.Error("live scenario does not say so, or still offers edits")
		}
		if res, _ := f.do(t, "POST", page+"/live", mgr, url.Values{"csrf_token": {mgrCSRF}, "version": {"4"}}); res.StatusCode != http.StatusConflict {
			t.Errorf("make live twice: status %d, want 409", res.StatusCode)
		}
		_, body = f.do(t, "GET", "/gaps/scenarios", comm, nil)
		if !strings.Contains(body, "Live") || !strings.Contains(body, "CMHT") && !strings.Contains(body, "cmht") {
			t.Error("scenario list lacks the live scenario")
		}
	})
}
