package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/staff"
	"throughline/internal/store"
)

// TestConsultationAskAdviseAndCount: a referrer from a CMHT asks the
// specialist team through the page's form without naming the person; a
// clinician in the team records the advice, which the referrer then
// reads; a clinician outside the team cannot advise; commissioners cannot
// open consultations; the CMHT's directory page counts them, disclosed.
func TestConsultationAskAdviseAndCount(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		err := f.db.Update(ctx, func(tx *store.Tx) error {
			return tx.CreateService(ctx, &directory.Service{ID: "cmht-north", Name: "North CMHT", Tier: "secondary"})
		})
		if err != nil {
			t.Fatal(err)
		}
		team := f.users[auth.Clinician].TeamIDs[0]
		ref, rcsrf := f.session(t, f.users[auth.Referrer])
		ask := url.Values{"csrf_token": {rcsrf}, "from_service": {"cmht-north"}, "team": {fmt.Sprint(team)}, "about": {""}, "question": {"How can we keep contact when she stops answering?"}}
		if res, body := f.do(t, "POST", "/consultations", ref, ask); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "you need not name them") || !strings.Contains(body, "stops answering") {
			t.Errorf("no description: %d, want 422 keeping the question", res.StatusCode)
		}
		ask.Set("about", "Woman in her 30s, repeated crisis contacts")
		ask.Set("from_service", "cen")
		if res, _ := f.do(t, "POST", "/consultations", ref, ask); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("asking from the specialist service itself: %d, want 422", res.StatusCode)
		}
		ask.Set("from_service", "cmht-north")
		if res, _ := f.do(t, "POST", "/consultations", ref, ask); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("ask: %d", res.StatusCode)
		}
		clin, ccsrf := f.session(t, f.users[auth.Clinician])
		_, body := f.do(t, "GET", "/consultations", clin, nil)
		m := regexp.MustCompile(`action="/consultations/(\d+)/advice"`).FindStringSubmatch(body)
		if m == nil || !strings.Contains(body, "North CMHT asked") {
			t.Fatal("the team does not see the question")
		}
		advice := url.Values{"csrf_token": {ccsrf}, "c" + m[1] + "-advice": {"Agree a way of keeping in touch that she chooses."}}
		out, ocsrf := f.session(t, f.outsider)
		if res, _ := f.do(t, "POST", "/consultations/"+m[1]+"/advice", out, url.Values{"csrf_token": {ocsrf}, "c" + m[1] + "-advice": {"x"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("outsider advising: %d, want 404", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", "/consultations/"+m[1]+"/advice", clin, advice); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("advise: %d", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", "/consultations/"+m[1]+"/advice", clin, advice); res.StatusCode != http.StatusConflict {
			t.Errorf("advising twice: %d, want 409", res.StatusCode)
		}
		if _, body := f.do(t, "GET", "/consultations", ref, nil); !strings.Contains(body, "a way of keeping in touch that she chooses") {
			t.Error("the referrer does not see the advice")
		}
		com, _ := f.session(t, f.users[auth.Commissioner])
		if res, _ := f.do(t, "GET", "/consultations", com, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("commissioner: %d, want 403", res.StatusCode)
		}
		// One consultation: too few to show. Eight more: 9, shown as 10.
		if _, body := f.do(t, "GET", "/directory/cmht-north", com, nil); !strings.Contains(body, "last 12 months: <strong>") || strings.Contains(body, "months: <strong>1<") {
			t.Error("the directory page does not count consultations, or shows a count of 1")
		}
		for range 8 {
			c := staff.Consultation{FromServiceID: "cmht-north", TeamID: team, About: "Young man", Question: "Q"}
			if err := f.db.AskConsultation(ctx, auth.Actor{User: f.users[auth.Referrer]}, &c); err != nil {
				t.Fatal(err)
			}
		}
		if _, body := f.do(t, "GET", "/directory/cmht-north", com, nil); !strings.Contains(body, "last 12 months: <strong>10</strong>") {
			t.Error("nine consultations are not shown as 10")
		}
	})
}
