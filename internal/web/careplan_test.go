package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
)

var hiddenVersion = regexp.MustCompile(`<form method="post" action="/people/\d+/care-plan" novalidate id="plan-form">\s*<input type="hidden" name="csrf_token" value="[^"]*">\s*<input type="hidden" name="version" value="(\d+)">`)

func (f *fixture) episodeID(t *testing.T) int64 {
	t.Helper()
	eps, err := f.db.Episodes(context.Background(), store.EpisodeFilter{PersonID: f.person.ID})
	if err != nil || len(eps) == 0 {
		t.Fatalf("fixture episode: %v", err)
	}
	return eps[0].ID
}

// postedPlan is a filled care plan form as a clinician would post it.
func postedPlan(csrf, version string, episode int64, need, comments string) url.Values {
	return url.Values{"csrf_token": {csrf}, "version": {version}, "episode": {fmt.Sprint(episode)},
		"need-housing": {need}, "action-housing-text": {"Ring the repairs line together", ""}, "action-housing-owner": {"person", ""},
		"review_on": {time.Now().AddDate(0, 3, 0).Format("2006-01-02")}, "agreement": {"agreed"}, "person_comments": {comments}}
}

// TestCarePlanConflictShowsBothVersions: two clinicians open version 0;
// the first save wins; the second gets a 409 page with both versions side
// by side and everything they typed still in the form, and saving again
// from there replaces the plan.
func TestCarePlanConflictShowsBothVersions(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ep := f.episodeID(t)
		path := fmt.Sprintf("/people/%d/care-plan", f.person.ID)
		first, csrf1 := f.session(t, f.users[auth.Clinician])
		second, csrf2 := f.session(t, f.users[auth.TeamManager])
		for _, tok := range []string{first, second} {
			res, body := f.do(t, "GET", path, tok, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("open care plan: %d", res.StatusCode)
			}
			if m := hiddenVersion.FindStringSubmatch(body); m == nil || m[1] != "0" {
				t.Fatalf("form version = %v, want 0", m)
			}
		}
		res, _ := f.do(t, "POST", path, first, postedPlan(csrf1, "0", ep, "Damp flat, cannot sleep", "Mine first"))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: %d", res.StatusCode)
		}
		typed := "Landlord has not replied in six weeks & it's getting worse"
		res, body := f.do(t, "POST", path, second, postedPlan(csrf2, "0", ep, typed, "Robin wants to be at the meeting"))
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("second save: status %d, want 409", res.StatusCode)
		}
		page := html.UnescapeString(body)
		for _, want := range []string{"Someone else saved this care plan", "Their saved version", "What you typed",
			"Damp flat, cannot sleep", "Mine first", ">" + typed + "</textarea>", "Robin wants to be at the meeting</textarea>", "Test Clinician saved a new version"} {
			if !strings.Contains(page, want) {
				t.Errorf("conflict page lacks %q", want)
			}
		}
		m := hiddenVersion.FindStringSubmatch(body)
		if m == nil || m[1] != "1" {
			t.Fatalf("conflict form version = %v, want the saved version 1", m)
		}
		res, _ = f.do(t, "POST", path, second, postedPlan(csrf2, m[1], ep, typed, "Robin wants to be at the meeting"))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save after seeing theirs: %d", res.StatusCode)
		}
		plan, err := f.db.CarePlan(context.Background(), auth.System, ep)
		if err != nil || plan.Version != 2 || plan.Need("housing").Description != typed || plan.UpdatedBy != "Test Team manager" {
			t.Errorf("plan = %+v, %v", plan, err)
		}
	})
}

func TestCarePlanBadInputKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ep := f.episodeID(t)
		tok, csrf := f.session(t, f.users[auth.Clinician])
		base := fmt.Sprintf("/people/%d", f.person.ID)
		long := strings.Repeat("so much to say ", 80)
		tests := []struct {
			name, path string
			form       url.Values
			status     int
			wantText   []string
		}{
			{"action without owner", base + "/care-plan", func() url.Values {
				v := postedPlan(csrf, "0", ep, "Bills piling up", "Keep this comment")
				v["action-housing-owner"] = []string{"", ""}
				return v
			}(), 422, []string{"choose who will do the action", "Bills piling up</textarea>", "Keep this comment</textarea>", `value="Ring the repairs line together"`}},
			{"bad review date", base + "/care-plan", func() url.Values {
				v := postedPlan(csrf, "0", ep, "Bills", "c")
				v.Set("review_on", "31/01/2027")
				return v
			}(), 422, []string{"real date", `value="31/01/2027"`}},
			{"goal too long", base + "/care-plan/goals", url.Values{"csrf_token": {csrf}, "episode": {fmt.Sprint(ep)}, "goal_text": {long}, "own_words": {"yes"}, "goal_rating": {"4"}},
				422, []string{"1,000 characters or fewer", long}},
			{"rating out of range", base + "/care-plan/goals", url.Values{"csrf_token": {csrf}, "episode": {fmt.Sprint(ep)}, "goal_text": {"Sleep through"}, "goal_rating": {"eleven"}},
				422, []string{"from 0 to 10", "Sleep through</textarea>"}},
			{"reassign without handover", fmt.Sprintf("%s/episodes/%d/reassign", base, ep), url.Values{"csrf_token": {csrf}, "version": {"1"},
				"re-worker": {fmt.Sprint(f.users[auth.PeerWorker].ID)}, "re-reason": {"Going on leave for three months"}},
				422, []string{"Write a handover note", "Going on leave for three months</textarea>"}},
			{"step with no direction", fmt.Sprintf("%s/episodes/%d/step", base, ep), url.Values{"csrf_token": {csrf}, "version": {"1"}, "step-reason": {"Keep me"}},
				422, []string{"steps up or down", "Keep me</textarea>"}},
			{"crisis plan without contacts", base + "/crisis-plan", url.Values{"csrf_token": {csrf}, "version": {"0"}, "warning_signs": {"I go quiet"}},
				422, []string{"at least one contact", "I go quiet</textarea>"}},
			{"carer without relationship", base + "/carers", url.Values{"csrf_token": {csrf}, "carer_name": {"Jo Reed"}, "consent_on": {"2020-01-01"}, "share": {"crisis-plan"}},
				422, []string{"Say how they are related", `value="Jo Reed"`, `value="crisis-plan" checked`}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res, body := f.do(t, "POST", tt.path, tok, tt.form)
				if res.StatusCode != tt.status {
					t.Errorf("status %d, want %d", res.StatusCode, tt.status)
				}
				page := html.UnescapeString(body)
				for _, want := range tt.wantText {
					if !strings.Contains(page, want) {
						t.Errorf("page lacks %q", want)
					}
				}
				if !strings.Contains(page, "There is a problem") {
					t.Error("no error summary")
				}
			})
		}
		// Oversized: a clear 413, not a 500.
		huge := url.Values{"csrf_token": {csrf}, "need-housing": {strings.Repeat("x", 2<<20)}}
		res, body := f.do(t, "POST", base+"/care-plan", tok, huge)
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "too large") {
			t.Errorf("oversized care plan: %d", res.StatusCode)
		}
	})
}

// TestOngoingCareJourney: a clinician steps up support, adds a goal with a
// rating, writes a crisis plan and prints it; the service user can read
// their plans but not change them, and the referrer cannot see them.
func TestOngoingCareJourney(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ep := f.episodeID(t)
		tok, csrf := f.session(t, f.users[auth.Clinician])
		base := fmt.Sprintf("/people/%d", f.person.ID)
		steps := []struct {
			path string
			form url.Values
		}{
			{fmt.Sprintf("%s/episodes/%d/step", base, ep), url.Values{"csrf_token": {csrf}, "version": {"1"}, "step-direction": {"up"}, "step-level": {"high"}, "step-reason": {"Eviction notice; more contact for now"}}},
			{base + "/care-plan/goals", url.Values{"csrf_token": {csrf}, "episode": {fmt.Sprint(ep)}, "goal_text": {"To go back to the allotment"}, "own_words": {"yes"}, "goal_rating": {"3"}}},
			{base + "/crisis-plan", url.Values{"csrf_token": {csrf}, "version": {"0"}, "warning_signs": {"I stop answering my phone"}, "helps": {"A walk with my dog"},
				"contact-name": {"Samaritans", ""}, "contact-role": {"Listening line", ""}, "contact-phone": {"116 123", ""}, "contact-hours": {"24 hours, every day", ""},
				"share-recipient": {"GP", ""}, "share-consented": {"yes", ""}, "share-on": {"2020-02-03", ""}}},
		}
		for _, s := range steps {
			if res, body := f.do(t, "POST", s.path, tok, s.form); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("POST %s: %d\n%s", s.path, res.StatusCode, body)
			}
		}
		checks := []struct {
			path string
			want []string
		}{
			{fmt.Sprintf("%s/episodes/%d", base, ep), []string{"Stepped up", "Eviction notice; more contact for now", "High: more than weekly"}},
			{base + "/care-plan", []string{"To go back to the allotment", "Own words", "<polyline"}},
			{base + "/crisis-plan/print", []string{"My crisis plan", "I stop answering my phone", "116 123", "24 hours, every day", "Shared, with my consent, with: GP"}},
			{"/caseload", []string{"CEN Community Team", "Weighted caseload", "Robin Linked"}},
			{base + "/care", []string{"Episodes of care", "Care plan"}},
			{base + "/medication", []string{"Add a medicine"}},
			{base + "/carers", []string{"Add someone to involve"}},
		}
		for _, c := range checks {
			res, body := f.do(t, "GET", c.path, tok, nil)
			page := html.UnescapeString(body)
			if res.StatusCode != http.StatusOK || strings.Contains(page, "<no value>") || strings.Contains(page, ">false<") {
				t.Errorf("GET %s: %d, or a template printed a missing value", c.path, res.StatusCode)
			}
			for _, want := range c.want {
				if !strings.Contains(page, want) {
					t.Errorf("GET %s lacks %q", c.path, want)
				}
			}
		}
		self, selfCSRF := f.session(t, f.users[auth.ServiceUser])
		if res, body := f.do(t, "GET", base+"/crisis-plan", self, nil); res.StatusCode != http.StatusOK || strings.Contains(body, `id="crisis-form"`) {
			t.Errorf("service user reading own crisis plan: %d (form shown: %v)", res.StatusCode, strings.Contains(body, `id="crisis-form"`))
		}
		if res, _ := f.do(t, "POST", base+"/crisis-plan", self, url.Values{"csrf_token": {selfCSRF}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("service user changing crisis plan: %d, want 403", res.StatusCode)
		}
		ref, _ := f.session(t, f.users[auth.Referrer])
		if res, _ := f.do(t, "GET", base+"/care-plan", ref, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("referrer reading care plan: %d, want 403", res.StatusCode)
		}
	})
}
