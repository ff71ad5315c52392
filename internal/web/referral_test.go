package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/store"
)

func referralForm(csrf string) url.Values {
	return url.Values{"csrf_token": {csrf}, "service_id": {"cen"}, "given_name": {"Jordan"}, "family_name": {"Okoro"},
		"dob_day": {"4"}, "dob_month": {"11"}, "dob_year": {"1991"}, "nhs_number": {"4010232137"}, "worker_gender": {"woman"},
		"interpreter_language": {"Yoruba"}, "reason": {"Long-standing distress in relationships"}, "tried": {"Talking therapies twice"},
		"consent": {"yes"}, "referrer_name": {"Dr Test"}, "referrer_tier": {"primary"}}
}

var referralLocation = regexp.MustCompile(`^/referrals/(\d+)/acknowledgement$`)

// submit posts the referral form and returns the new referral's id.
func (f *fixture) submit(t *testing.T, token string, form url.Values) int64 {
	t.Helper()
	res, body := f.do(t, "POST", "/referrals/new", token, form)
	m := referralLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("submit referral: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	var id int64
	fmt.Sscan(m[1], &id)
	return id
}

func TestReferrerSubmitsAndSeesOnlyOwnReferrals(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ref, csrf := f.session(t, f.users[auth.Referrer])
		id := f.submit(t, ref, referralForm(csrf))
		res, body := f.do(t, "GET", fmt.Sprintf("/referrals/%d/acknowledgement", id), ref, nil)
		if res.StatusCode != 200 || !strings.Contains(body, fmt.Sprintf("TL-%06d", id)) || !strings.Contains(body, "Dear Dr Test") {
			t.Errorf("acknowledgement: %d", res.StatusCode)
		}
		if res, body := f.do(t, "GET", fmt.Sprintf("/referrals/%d", id), ref, nil); res.StatusCode != 200 || !strings.Contains(body, "Received") {
			t.Errorf("own referral page: %d", res.StatusCode)
		}
		// Another referrer sees neither the referral nor it in their list.
		hash, _ := auth.HashPassword(testPassword, cheapArgon)
		other := auth.User{Username: "other.gp", DisplayName: "Other GP", Role: auth.Referrer, PasswordHash: hash}
		if err := f.db.Update(context.Background(), func(tx *store.Tx) error { return tx.CreateUser(context.Background(), &other) }); err != nil {
			t.Fatal(err)
		}
		otok, _ := f.session(t, other)
		for _, path := range []string{"/referrals/%d", "/referrals/%d/acknowledgement", "/referrals/%d/letter"} {
			if res, _ := f.do(t, "GET", fmt.Sprintf(path, id), otok, nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("other referrer %s: %d, want 403", path, res.StatusCode)
			}
		}
		if _, body := f.do(t, "GET", "/referrals", otok, nil); strings.Contains(body, "Okoro") {
			t.Error("another referrer's list shows this referral")
		}
		if _, body := f.do(t, "GET", "/referrals", ref, nil); !strings.Contains(body, "Jordan Okoro") {
			t.Error("referrer's own list lacks the referral")
		}
		// A second open referral for the same person is refused, linking the first.
		res, body = f.do(t, "POST", "/referrals/new", ref, referralForm(csrf))
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, fmt.Sprintf(`href="/referrals/%d"`, id)) {
			t.Errorf("duplicate: %d", res.StatusCode)
		}
	})
}

func TestReferralFormBadInputKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ref, csrf := f.session(t, f.users[auth.Referrer])
		long := strings.Repeat("a", 20001)
		tests := []struct {
			name   string
			change func(url.Values)
			want   string
		}{
			{"missing fields", func(v url.Values) { v.Del("given_name"); v.Del("reason"); v.Del("consent") }, "Say why you are making this referral"},
			{"wrong check digit", func(v url.Values) { v.Set("nhs_number", "4010232138") }, "valid check digit"},
			{"future date of birth", func(v url.Values) { v.Set("dob_year", "2999") }, "Date of birth must be in the past"},
			{"not a date", func(v url.Values) { v.Set("dob_month", "13") }, "real date"},
			{"oversized text", func(v url.Values) { v.Set("tried", long) }, "20,000 characters or fewer"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				form := referralForm(csrf)
				tt.change(form)
				form.Set("risks", "Typed risks stay")
				res, body := f.do(t, "POST", "/referrals/new", ref, form)
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("status %d, want 422", res.StatusCode)
				}
				if !strings.Contains(body, tt.want) || !strings.Contains(body, "There is a problem") {
					t.Errorf("page lacks %q", tt.want)
				}
				if !strings.Contains(body, "Typed risks stay") || !strings.Contains(body, `value="Okoro"`) {
					t.Error("typed values lost")
				}
			})
		}
		if got, _ := f.db.Referrals(context.Background(), store.ReferralFilter{ReferrerID: f.users[auth.Referrer].ID}); len(got) != 1 {
			t.Errorf("bad input stored referrals: %d, want only the fixture's 1", len(got))
		}
	})
}

func TestReferralAPI(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ref, csrf := f.session(t, f.users[auth.Referrer])
		post := func(body, token string) (*http.Response, map[string]any) {
			req, _ := http.NewRequest("POST", f.ts.URL+"/api/referrals", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", token)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: ref})
			res, b := send(t, req)
			var out map[string]any
			json.Unmarshal([]byte(b), &out)
			return res, out
		}
		good := `{"service_id":"cen","given_name":"Ari","family_name":"Lee","date_of_birth":"1988-01-02","reason":"Needs support","consent":true,"referrer_tier":"primary"}`
		if res, _ := post(good, "wrong"); res.StatusCode != http.StatusForbidden {
			t.Errorf("without the CSRF header: %d", res.StatusCode)
		}
		res, out := post(good, csrf)
		if res.StatusCode != http.StatusCreated || !strings.HasPrefix(fmt.Sprint(out["reference"]), "TL-") {
			t.Fatalf("create: %d %v", res.StatusCode, out)
		}
		res, out = post(good, csrf)
		if res.StatusCode != http.StatusConflict || out["existing"] == nil {
			t.Errorf("duplicate: %d %v", res.StatusCode, out)
		}
		res, out = post(`{"service_id":"cen","given_name":"Ari","family_name":"Lee","nhs_number":"4010232138","date_of_birth":"2999-01-01","reason":"","referrer_tier":"primary"}`, csrf)
		fields, _ := out["fields"].(map[string]any)
		if res.StatusCode != http.StatusUnprocessableEntity || fields["nhs_number"] == nil || fields["date_of_birth"] == nil || fields["reason"] == nil || fields["consent"] == nil {
			t.Errorf("invalid: %d %v", res.StatusCode, out)
		}
		if res, out = post(`{"service_id":1}`, csrf); res.StatusCode != http.StatusBadRequest || out["error"] == nil {
			t.Errorf("wrong type: %d %v", res.StatusCode, out)
		}
	})
}

func TestScreeningAcceptDeclineAndWaitingList(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		err := f.db.Update(ctx, func(tx *store.Tx) error {
			s := directory.Service{ID: "cmht", Name: "Community Mental Health Team", Tier: "secondary", WaitWeeks: 4,
				Contact: directory.Contact{Phone: "01234 567890"}}
			return tx.CreateService(ctx, &s)
		})
		if err != nil {
			t.Fatal(err)
		}
		ref, rcsrf := f.session(t, f.users[auth.Referrer])
		admin, csrf := f.session(t, f.users[auth.Admin])
		first := f.submit(t, ref, referralForm(rcsrf))
		form := referralForm(rcsrf)
		form.Set("nhs_number", "")
		form.Set("given_name", "Morgan")
		second := f.submit(t, ref, form)

		profile := "?p_risk=high&p_engagement=variable&p_diagnosis=cen&p_complexity=complex-trauma&p_age=34&p_locality=N&p_substance_use=none&p_housing=settled&p_duration_needed=long"
		res, body := f.do(t, "GET", fmt.Sprintf("/referrals/%d/screen%s", first, profile), admin, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "published criteria") || !strings.Contains(body, "Community Mental Health Team") {
			t.Fatalf("screening page: %d", res.StatusCode)
		}
		if res, _ := f.do(t, "GET", fmt.Sprintf("/referrals/%d/screen", first), ref, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("referrer screening: %d", res.StatusCode)
		}
		res, _ = f.do(t, "POST", fmt.Sprintf("/referrals/%d/accept", first), admin, url.Values{"csrf_token": {csrf}, "version": {"1"}, "profile": {"risk=high"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("accept: %d", res.StatusCode)
		}
		if _, body := f.do(t, "GET", fmt.Sprintf("/referrals/%d", first), ref, nil); !strings.Contains(body, "Waiting for assessment") || !strings.Contains(body, "Accepted for assessment") {
			t.Error("referrer does not see the referral waiting, with acceptance on its timeline")
		}
		// Decline without an onward route: refused, typed text kept.
		decline := url.Values{"csrf_token": {csrf}, "version": {"1"}, "decline_reason": {"needs-specialist-service"}, "onward": {"exception"}, "onward_exception": {"   "}}
		res, body = f.do(t, "POST", fmt.Sprintf("/referrals/%d/decline", second), admin, decline)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Give an onward route") || !strings.Contains(body, `value="needs-specialist-service" selected`) {
			t.Errorf("decline without route: %d", res.StatusCode)
		}
		decline.Set("onward", "cmht")
		if res, _ = f.do(t, "POST", fmt.Sprintf("/referrals/%d/decline", second), admin, decline); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("decline: %d", res.StatusCode)
		}
		res, body = f.do(t, "GET", fmt.Sprintf("/referrals/%d/letter", second), ref, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "Community Mental Health Team") || !strings.Contains(body, "01234 567890") {
			t.Errorf("decline letter: %d", res.StatusCode)
		}
		// The one who declined keeps this referral, read only, to send its
		// letter; the decision cannot be changed under that relationship.
		if res, _ := f.do(t, "GET", fmt.Sprintf("/referrals/%d/letter", second), admin, nil); res.StatusCode != 200 {
			t.Errorf("letter for the one who declined: %d", res.StatusCode)
		}
		// The decline ended the team's only relationship with the person.
		res, _ = f.do(t, "POST", fmt.Sprintf("/referrals/%d/accept", second), admin, url.Values{"csrf_token": {csrf}, "version": {"2"}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("accept after decline: %d", res.StatusCode)
		}
		res, body = f.do(t, "GET", "/waiting", admin, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "Jordan Okoro") || strings.Contains(body, "Morgan Okoro") || !strings.Contains(body, "Within the limit") {
			t.Errorf("waiting list: %d", res.StatusCode)
		}
		res, _ = f.do(t, "POST", fmt.Sprintf("/referrals/%d/check-ins", first), admin, url.Values{"csrf_token": {csrf}, "on": {f.db.Now().Format("2006-01-02")}, "method": {"phone"}, "crisis_signposted": {"yes"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("check-in: %d", res.StatusCode)
		}
		if _, body := f.do(t, "GET", "/waiting", admin, nil); !strings.Contains(body, f.db.Now().Format("2006-01-02")) {
			t.Error("waiting list lacks the last contact")
		}
		manager, mcsrf := f.session(t, f.users[auth.TeamManager])
		res, body = f.do(t, "POST", "/waiting/thresholds", manager, url.Values{"csrf_token": {mcsrf}, "service_id": {"cen"}, "version": {"0"}, "amber_weeks": {"9"}, "red_weeks": {"4"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Red must be later than amber") || !strings.Contains(body, `value="9"`) {
			t.Errorf("bad thresholds: %d", res.StatusCode)
		}
	})
}
