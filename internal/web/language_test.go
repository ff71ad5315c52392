package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
)

// TestLanguageCheckAsYouType: the live check answers with the phrase
// underlined, why and the alternative; words in quotation marks, ordinary
// uses and empty text get nothing; a service user cannot use it; a
// request without a field is refused clearly.
func TestLanguageCheckAsYouType(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		tok, csrf := f.session(t, f.users[auth.Clinician])
		check := func(text string) url.Values {
			return url.Values{"csrf_token": {csrf}, "language_field": {"goal_text"}, "goal_text": {text}}
		}
		tests := []struct {
			name       string
			form       url.Values
			wantStatus int
			want       []string
			notWant    []string
		}{
			{"flagged", check("Reduce manipulative behaviour"), http.StatusOK, []string{"<u>manipulative</u>", "Try:", "You can still save"}, nil},
			{"two phrases", check("non-compliant and kicked off"), http.StatusOK, []string{"2 phrases", "<u>non-compliant</u>", "<u>kicked off</u>"}, nil},
			{"quoted", check(`She said "I'm manipulative"`), http.StatusOK, nil, []string{"<u>"}},
			{"ordinary words", check("Attention to detail; she felt manipulated by her ex-partner"), http.StatusOK, nil, []string{"<u>"}},
			{"no field", url.Values{"csrf_token": {csrf}, "goal_text": {"manipulative"}}, http.StatusUnprocessableEntity, nil, []string{"<u>"}},
			{"no csrf", url.Values{"language_field": {"goal_text"}, "goal_text": {"manipulative"}}, http.StatusForbidden, nil, []string{"<u>"}},
		}
		for _, tt := range tests {
			res, body := f.do(t, "POST", "/language/check", tok, tt.form)
			if res.StatusCode != tt.wantStatus {
				t.Errorf("%s: status %d, want %d\n%s", tt.name, res.StatusCode, tt.wantStatus, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: body lacks %q:\n%s", tt.name, w, body)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("%s: body has %q", tt.name, w)
				}
			}
		}
		suTok, suCSRF := f.session(t, f.users[auth.ServiceUser])
		if res, _ := f.do(t, "POST", "/language/check", suTok, url.Values{"csrf_token": {suCSRF}, "language_field": {"x"}, "x": {"manipulative"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("service user: status %d, want 403", res.StatusCode)
		}
	})
}

// TestLanguageFlagsOnSavedTextForStaffOnly: a goal saved in staff wording
// is saved unchanged and shown with the guide's summary to staff; the
// person's own portal shows the goal without any flag; a goal in the
// person's own words is never flagged; the goal box carries the live check.
func TestLanguageFlagsOnSavedTextForStaffOnly(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		tok, csrf := f.session(t, f.users[auth.Clinician])
		ep := f.episodeID(t)
		base := fmt.Sprintf("/people/%d/care-plan", f.person.ID)
		for _, g := range []url.Values{
			{"goal_text": {"Reduce attention-seeking and manipulative behaviour"}},
			{"goal_text": {"Stop feeling like a time-waster"}, "own_words": {"yes"}},
		} {
			g.Set("csrf_token", csrf)
			g.Set("episode", fmt.Sprint(ep))
			g.Set("goal_rating", "3")
			if res, body := f.do(t, "POST", base+"/goals", tok, g); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save goal: %d\n%s", res.StatusCode, body)
			}
		}
		_, staff := f.do(t, "GET", base, tok, nil)
		for _, w := range []string{"Language guide:", "<u>attention-seeking</u>", "<u>manipulative</u>", "Reduce attention-seeking and manipulative behaviour", `hx-post="/language/check"`, `id="goal_text-language" aria-live="polite"`} {
			if !strings.Contains(staff, w) {
				t.Errorf("staff care plan lacks %q", w)
			}
		}
		if strings.Contains(staff, "<u>time-waster</u>") {
			t.Error("a goal in the person's own words was flagged")
		}
		suTok, _ := f.session(t, f.users[auth.ServiceUser])
		res, portal := f.do(t, "GET", base, suTok, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(portal, "manipulative behaviour") {
			t.Fatalf("portal care plan: %d", res.StatusCode)
		}
		if strings.Contains(portal, "Language guide") || strings.Contains(portal, "<u>") {
			t.Error("the person's portal shows the language guide's flags")
		}
	})
}

// TestLanguageLexiconPages: everyone who writes sees the lexicon with its
// sources; a team manager adds a phrase through the page's form, it is
// checked at once, rewording keeps history, retiring stops the flag; a
// clinician cannot change the lexicon; bad input keeps what was typed.
func TestLanguageLexiconPages(t *testing.T) {
	eachFixture(t, func(t *testing.T, f *fixture) {
		clinTok, clinCSRF := f.session(t, f.users[auth.Clinician])
		res, body := f.do(t, "GET", "/language", clinTok, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Shining lights in dark corners") || !strings.Contains(body, "frequent flyer") {
			t.Fatalf("lexicon page: %d", res.StatusCode)
		}
		if strings.Contains(body, `href="/language/new"`) {
			t.Error("a clinician is offered to add phrases")
		}
		entry := url.Values{"term": {"bed blocker"}, "variants": {"bed blocking\nbed-blockers"}, "why": {"It blames the person for a delay the system causes."}, "alternatives": {"waiting for a place to live"}, "source": {"Team agreement"}}
		entry.Set("csrf_token", clinCSRF)
		if res, _ := f.do(t, "POST", "/language", clinTok, entry); res.StatusCode != http.StatusForbidden {
			t.Errorf("clinician adds: %d, want 403", res.StatusCode)
		}
		tok, csrf := f.session(t, f.users[auth.TeamManager])
		bad := url.Values{"csrf_token": {csrf}, "term": {"kept as typed"}}
		if res, body := f.do(t, "POST", "/language", tok, bad); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "kept as typed") || !strings.Contains(body, "Enter why the phrase can harm") {
			t.Errorf("incomplete entry: %d", res.StatusCode)
		}
		entry.Set("csrf_token", csrf)
		res, _ = f.do(t, "POST", "/language", tok, entry)
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/language/") {
			t.Fatalf("add: %d %q", res.StatusCode, loc)
		}
		checked := func() string {
			_, body := f.do(t, "POST", "/language/check", clinTok, url.Values{"csrf_token": {clinCSRF}, "language_field": {"n"}, "n": {"Still bed-blockers on ward 4"}})
			return body
		}
		if !strings.Contains(checked(), "<u>bed-blockers</u>") {
			t.Error("a new phrase is not checked at once")
		}
		_, page := f.do(t, "GET", loc, tok, nil)
		if !strings.Contains(page, "team-manager") || !strings.Contains(page, `name="version" value="1"`) {
			t.Errorf("entry page lacks history or version:\n%s", page)
		}
		entry.Set("version", "1")
		entry.Set("retired", "yes")
		if res, body := f.do(t, "POST", loc, tok, entry); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("retire: %d\n%s", res.StatusCode, body)
		}
		if strings.Contains(checked(), "<u>") {
			t.Error("a retired phrase is still flagged")
		}
		if res, body := f.do(t, "POST", loc, tok, entry); res.StatusCode != http.StatusConflict || !strings.Contains(body, "Someone else changed") {
			t.Errorf("stale edit: %d", res.StatusCode)
		}
		_, page = f.do(t, "GET", loc, tok, nil)
		if strings.Count(page, "(retired)") != 1 || !strings.Contains(page, "Retired: the guide no longer flags it") {
			t.Errorf("history after retiring:\n%s", page)
		}
	})
}

// TestLanguageOverTimeCountsOnly: the manager sees counts by phrase and
// month, suppressed below the disclosure threshold, and never names.
func TestLanguageOverTimeCountsOnly(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		tok, csrf := f.session(t, f.users[auth.Clinician])
		ep := f.episodeID(t)
		for i := range 9 {
			g := url.Values{"csrf_token": {csrf}, "episode": {fmt.Sprint(ep)}, "goal_text": {fmt.Sprintf("Goal %d: less manipulative", i)}, "goal_rating": {"3"}}
			if res, body := f.do(t, "POST", fmt.Sprintf("/people/%d/care-plan/goals", f.person.ID), tok, g); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save goal: %d\n%s", res.StatusCode, body)
			}
		}
		if res, _ := f.do(t, "GET", "/language/over-time", tok, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("clinician: %d, want 403", res.StatusCode)
		}
		mTok, _ := f.session(t, f.users[auth.TeamManager])
		res, body := f.do(t, "GET", "/language/over-time", mTok, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("manager: %d", res.StatusCode)
		}
		month := f.db.Now().Format("Jan 2006")
		if !strings.Contains(body, month) || !strings.Contains(body, `<th scope="row" class="nhsuk-table__cell">manipulative</th>`) {
			t.Fatalf("no row or month:\n%s", body)
		}
		row := body[strings.Index(body, ">manipulative</th>"):]
		row = row[:strings.Index(row, "</tr>")]
		if !strings.Contains(row, ">10</td>") {
			t.Errorf("9 uses should show rounded as 10: %s", row)
		}
		if strings.Contains(body, f.users[auth.Clinician].DisplayName) || strings.Contains(body, "Robin") {
			t.Error("language over time names someone")
		}
	})
}
