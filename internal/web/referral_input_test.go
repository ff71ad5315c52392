package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/store"
)

// referralServices adds an adult service received here, and two services
// taking self-referrals that no team here receives, one a crisis service.
func referralServices(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	eighteen := 18
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		for _, sv := range []directory.Service{
			{ID: "adult", Name: "Adult CEN Service", Tier: "specialist-cen", MinAge: &eighteen},
			{ID: "mind", Name: "Kingsmere Mind", Tier: "voluntary", SelfReferral: true,
				Contact: directory.Contact{Phone: "01632 960300", URL: "https://mind.example/kingsmere", Hours: "Weekdays"}},
			{ID: "cafe", Name: "The Haven Crisis Café", Tier: "crisis", SelfReferral: true,
				Contact: directory.Contact{Address: "12 Market Street, Kingsmere"}},
		} {
			if err := tx.CreateService(ctx, &sv); err != nil {
				return err
			}
		}
		return tx.CreateTeam(ctx, &directory.Team{Name: "Adult Team", ServiceID: "adult"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// postReferralJSON sends body to the referral API as the session's user.
func (f *fixture) postReferralJSON(t *testing.T, token, csrf, contentType, body string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest("POST", f.ts.URL+"/api/referrals", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("X-CSRF-Token", csrf)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	res, b := send(t, req)
	var out map[string]any
	if err := json.Unmarshal([]byte(b), &out); err != nil {
		t.Errorf("answer is not JSON: %q", b)
	}
	return res, out
}

func referralCount(t *testing.T, f *fixture) int {
	t.Helper()
	refs, err := f.db.Referrals(context.Background(), store.ReferralFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(refs)
}

// TestReferralAPIRefusesWhatTheDomainRefuses: bad input is refused with a
// field problem, a body that is not JSON with 415, and nothing is stored.
func TestReferralAPIRefusesWhatTheDomainRefuses(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		referralServices(t, f)
		token, csrf := f.session(t, f.users[auth.Referrer])
		today := f.db.Now().Format("2006-01-02")
		referral := func(change func(map[string]any)) string {
			v := map[string]any{"service_id": "adult", "given_name": "Ari", "family_name": "Lee", "date_of_birth": "1988-01-02",
				"email": "ari.lee@example.com", "reason": "Needs support", "consent": true, "referrer_tier": "primary"}
			change(v)
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		before := referralCount(t, f)
		tests := []struct {
			name        string
			contentType string
			body        string
			status      int
			field       string // the field the problem names, if any
		}{
			{"NUL in a name", "application/json", referral(func(v map[string]any) { v["given_name"] = "Ari\x00" }), 422, "given_name"},
			{"escape in the reason", "application/json", referral(func(v map[string]any) { v["reason"] = "Needs\x1b[31m support" }), 422, "reason"},
			{"not an email", "application/json", referral(func(v map[string]any) { v["email"] = "not-an-email" }), 422, "email"},
			{"born today, adult service", "application/json", referral(func(v map[string]any) { v["date_of_birth"] = today }), 422, "date_of_birth"},
			{"wrong NHS check digit", "application/json", referral(func(v map[string]any) { v["nhs_number"] = "4010232138" }), 422, "nhs_number"},
			{"a service nobody here receives", "application/json", referral(func(v map[string]any) { v["service_id"] = "mind" }), 422, "service_id"},
			{"a service not in the directory", "application/json", referral(func(v map[string]any) { v["service_id"] = "nowhere" }), 422, "service_id"},
			{"text/plain body", "text/plain", referral(func(map[string]any) {}), 415, ""},
			{"no content type", "", referral(func(map[string]any) {}), 415, ""},
			{"a form", "application/x-www-form-urlencoded", "given_name=Ari", 415, ""},
			{"unknown field", "application/json", referral(func(v map[string]any) { v["admin"] = true }), 400, ""},
			{"two objects", "application/json", referral(func(map[string]any) {}) + "{}", 400, ""},
			{"too large", "application/json", referral(func(v map[string]any) { v["tried"] = strings.Repeat("a", 300<<10) }), 413, ""},
		}
		for _, tt := range tests {
			res, out := f.postReferralJSON(t, token, csrf, tt.contentType, tt.body)
			if res.StatusCode != tt.status || out["error"] == nil {
				t.Errorf("%s: status %d %v, want %d with an error", tt.name, res.StatusCode, out, tt.status)
			}
			fields, _ := out["fields"].(map[string]any)
			if tt.field != "" && fields[tt.field] == nil {
				t.Errorf("%s: fields %v, want a problem with %s", tt.name, fields, tt.field)
			}
		}
		if got := referralCount(t, f); got != before {
			t.Errorf("refused referrals stored: %d referrals, want %d", got, before)
		}
		res, out := f.postReferralJSON(t, token, csrf, "application/json; charset=utf-8", referral(func(map[string]any) {}))
		if res.StatusCode != http.StatusCreated {
			t.Errorf("good referral: %d %v", res.StatusCode, out)
		}
	})
}

// TestReferralFormRefusesWhatTheDomainRefuses: the HTML form runs the same
// domain checks, keeping what was typed.
func TestReferralFormRefusesWhatTheDomainRefuses(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		referralServices(t, f)
		token, csrf := f.session(t, f.users[auth.Admin])
		now := f.db.Now()
		tests := []struct {
			name   string
			change func(url.Values)
			want   string
		}{
			{"NUL in a name", func(v url.Values) { v.Set("family_name", "Okoro\x00") }, "hidden control character"},
			{"not an email", func(v url.Values) { v.Set("email", "not-an-email") }, "Enter an email address in the correct format"},
			{"born today, adult service", func(v url.Values) {
				v.Set("service_id", "adult")
				v.Set("dob_day", now.Format("2"))
				v.Set("dob_month", now.Format("1"))
				v.Set("dob_year", now.Format("2006"))
			}, "is for people aged 18 and over"},
			{"a service nobody here receives", func(v url.Values) { v.Set("service_id", "mind") }, "does not receive referrals through Throughline"},
		}
		before := referralCount(t, f)
		for _, tt := range tests {
			form := referralForm(csrf)
			tt.change(form)
			res, body := f.do(t, "POST", "/referrals/new", token, form)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tt.want) {
				t.Errorf("%s: status %d, want 422 saying %q", tt.name, res.StatusCode, tt.want)
			}
			if !strings.Contains(body, "Long-standing distress in relationships") {
				t.Errorf("%s: typed reason lost", tt.name)
			}
		}
		if got := referralCount(t, f); got != before {
			t.Errorf("refused referrals stored: %d referrals, want %d", got, before)
		}
	})
}

// TestSelfReferralListsWhereToGo: a service user is shown the services
// taking self-referrals, with how to reach those outside Throughline
// instead of a form that would send a referral nowhere; a referral to a
// service nobody here receives is refused from every role that refers.
func TestSelfReferralListsWhereToGo(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		referralServices(t, f)
		token, csrf := f.session(t, f.users[auth.ServiceUser])
		res, body := f.do(t, "GET", "/referrals/new", token, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("refer yourself: %d", res.StatusCode)
		}
		for _, want := range []string{"Kingsmere Mind", "01632 960300", `href="https://mind.example/kingsmere"`, "The Haven Crisis Café", "12 Market Street, Kingsmere",
			"A GP or another professional who knows you can refer you"} {
			if !strings.Contains(body, want) {
				t.Errorf("refer yourself page lacks %q", want)
			}
		}
		if strings.Index(body, "The Haven Crisis Café") > strings.Index(body, "Kingsmere Mind") {
			t.Error("crisis services are not listed first")
		}
		if strings.Contains(body, `action="/referrals/new"`) {
			t.Error("a referral form is offered with no service here to receive it")
		}

		// A service here that takes self-referrals gets the form; the
		// others are still listed.
		if err := f.db.Update(context.Background(), func(tx *store.Tx) error {
			return tx.CreateService(context.Background(), &directory.Service{ID: "drop-in", Name: "CEN Drop-in", Tier: "specialist-cen", SelfReferral: true})
		}); err != nil {
			t.Fatal(err)
		}
		if err := f.db.Update(context.Background(), func(tx *store.Tx) error {
			return tx.CreateTeam(context.Background(), &directory.Team{Name: "Drop-in Team", ServiceID: "drop-in"})
		}); err != nil {
			t.Fatal(err)
		}
		_, body = f.do(t, "GET", "/referrals/new", token, nil)
		if !strings.Contains(body, `<option value="drop-in"`) || strings.Contains(body, `<option value="mind"`) || !strings.Contains(body, "Other services you can contact yourself") {
			t.Error("refer yourself: want the drop-in in the form and Kingsmere Mind listed outside it")
		}

		before := referralCount(t, f)
		self := url.Values{"csrf_token": {csrf}, "service_id": {"mind"}, "reason": {"I would like some support"}}
		if res, body := f.do(t, "POST", "/referrals/new", token, self); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "01632 960300") {
			t.Errorf("self-referral to a service outside Throughline: %d, want 422 with its contact route", res.StatusCode)
		}
		for _, role := range []auth.Role{auth.Referrer, auth.Admin, auth.TeamManager, auth.ServiceUser} {
			tok, csrf := f.session(t, f.users[role])
			form := referralForm(csrf)
			form.Set("service_id", "mind")
			if res, _ := f.do(t, "POST", "/referrals/new", tok, form); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s form to a service outside Throughline: %d, want 422", role, res.StatusCode)
			}
			body := `{"service_id":"mind","given_name":"Ari","family_name":"Lee","reason":"Needs support","consent":true,"referrer_tier":"primary"}`
			res, out := f.postReferralJSON(t, tok, csrf, "application/json", body)
			if fields, _ := out["fields"].(map[string]any); res.StatusCode != http.StatusUnprocessableEntity || fields["service_id"] == nil {
				t.Errorf("%s API to a service outside Throughline: %d %v, want 422 on service_id", role, res.StatusCode, out)
			}
		}
		if got := referralCount(t, f); got != before {
			t.Errorf("referrals to a service nobody receives were stored: %d, want %d", got, before)
		}
		if res, _ := f.do(t, "POST", "/referrals/new", token, url.Values{"csrf_token": {csrf}, "service_id": {"drop-in"}, "reason": {"I would like some support"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("self-referral to the drop-in: %d", res.StatusCode)
		}
	})
}
