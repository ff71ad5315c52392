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

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/indicators"
	"throughline/internal/store"
)

var declineProfile = regexp.MustCompile(`id="decline-form">\s*<input[^>]*><input[^>]*><input type="hidden" name="profile" value="([^"]*)">`)

// TestDeclineToAServiceOutsideItsCriteria: the onward list offers a
// service the page marks as not accepting the person; choosing it needs a
// written reason (a problem on the field otherwise, with what was typed
// kept); the reason goes on the letter and the referral page in plain
// words, and the principles page counts the decline apart.
func TestDeclineToAServiceOutsideItsCriteria(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		err := f.db.Update(ctx, func(tx *store.Tx) error {
			s := directory.Service{ID: "college", Name: "Recovery College", Tier: "voluntary", WaitWeeks: 2,
				Eligibility: map[string][]string{"risk": {"low"}}, Contact: directory.Contact{Phone: "01234 000111"}}
			return tx.CreateService(ctx, &s)
		})
		if err != nil {
			t.Fatal(err)
		}
		ref, rcsrf := f.session(t, f.users[auth.Referrer])
		admin, csrf := f.session(t, f.users[auth.Admin])
		id := f.submit(t, ref, referralForm(rcsrf))
		query := "?p_risk=high&p_engagement=variable&p_diagnosis=cen&p_complexity=complex-trauma&p_age=34&p_locality=N&p_substance_use=none&p_housing=settled&p_duration_needed=long"
		res, body := f.do(t, "GET", fmt.Sprintf("/referrals/%d/screen%s", id, query), admin, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Recovery College") || !strings.Contains(body, "does not currently accept: risk") {
			t.Fatalf("screening page %d does not offer the college as not accepting this profile", res.StatusCode)
		}
		m := declineProfile.FindStringSubmatch(body)
		if m == nil || m[1] == "" {
			t.Fatal("the decline form carries no profile")
		}
		profile := html.UnescapeString(m[1])
		decline := url.Values{"csrf_token": {csrf}, "version": {"1"}, "profile": {profile}, "decline_reason": {"needs-specialist-service"},
			"onward": {"college"}, "onward_outside_reason": {"  "}}
		res, body = f.do(t, "POST", fmt.Sprintf("/referrals/%d/decline", id), admin, decline)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "This service does not currently accept people with this profile") ||
			!strings.Contains(body, `href="#onward_outside_reason"`) || !strings.Contains(body, `value="needs-specialist-service" selected`) {
			t.Errorf("decline outside the criteria without a reason: status %d, want 422 on the reason, typed choices kept", res.StatusCode)
		}
		why := "Jordan has used the college's courses before and their team has agreed to talk with Jordan about a place."
		decline.Set("onward_outside_reason", why)
		if res, body = f.do(t, "POST", fmt.Sprintf("/referrals/%d/decline", id), admin, decline); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("decline with a reason: %d\n%s", res.StatusCode, body)
		}
		res, body = f.do(t, "GET", fmt.Sprintf("/referrals/%d/letter", id), ref, nil)
		want := "Recovery College does not usually take referrals like this one, so we want to explain why we still suggest them:"
		if page := html.UnescapeString(body); res.StatusCode != http.StatusOK || !strings.Contains(page, want) || !strings.Contains(page, why) {
			t.Errorf("decline letter %d lacks the reason in plain words", res.StatusCode)
		}
		if _, body = f.do(t, "GET", fmt.Sprintf("/referrals/%d", id), ref, nil); !strings.Contains(html.UnescapeString(body), why) {
			t.Error("the referral page lacks the reason")
		}
		now := f.db.Now()
		facts, err := f.db.IndicatorFacts(ctx, store.IndicatorScope{ServiceIDs: []string{"cen"}}, indicators.Period{From: now.AddDate(0, 0, -1), To: now})
		if err != nil {
			t.Fatal(err)
		}
		if len(facts.Declines) != 1 || !facts.Declines[0].OutsideCriteria {
			t.Errorf("declines read for the indicators = %+v, want one outside the onward service's criteria", facts.Declines)
		}
		manager, _ := f.session(t, f.users[auth.TeamManager])
		_, body = f.do(t, "GET", "/reports/principles", manager, nil)
		if !strings.Contains(html.UnescapeString(body), "Onward route outside the service's criteria") {
			t.Error("the principles page does not count onward routes outside the service's criteria")
		}
	})
}
