package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/uktime"
)

// Every page of a person's record says whose record it is (NHS patient
// banner: family name first, preferred name, date of birth, NHS number
// 3 3 4) and puts their crisis plan one click away.
func TestIdentityBannerOnEveryRecordPage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		token, _ := f.session(t, f.users[auth.Clinician])
		crisis := fmt.Sprintf(`href="/people/%d/crisis-plan"`, f.person.ID)
		checked := 0
		for _, rt := range f.srv.routes() {
			method, path, _ := strings.Cut(rt.pattern, " ")
			if method != http.MethodGet || !strings.HasPrefix(path, "/people/{id}") || strings.Count(path, "{") != 1 ||
				!rt.policy.PersonRecord || !rt.policy.Allows(auth.Clinician) {
				continue
			}
			url := strings.Replace(path, "{id}", fmt.Sprint(f.person.ID), 1)
			res, body := f.do(t, method, url, token, nil)
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				continue // pages that need more than the person are walked in the browser test
			}
			checked++
			for _, want := range []string{`class="tl-banner"`, "LINKED, Robin", "(prefers Rob)", "943 476 5919", crisis, "No crisis plan yet"} {
				if !strings.Contains(body, want) {
					t.Errorf("GET %s: the banner lacks %q", url, want)
				}
			}
		}
		if checked < 10 {
			t.Errorf("only %d record pages checked; the route filter is too narrow", checked)
		}
		// Once the plan is saved the banner says when it was last reviewed.
		plan := care.CrisisPlan{PersonID: f.person.ID, WarningSigns: "I go quiet", Contacts: []care.CrisisContact{{Name: "Crisis line", Phone: "0800 000 000", Hours: "24 hours"}}}
		if err := f.db.SaveCrisisPlan(context.Background(), auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}, &plan); err != nil {
			t.Fatal(err)
		}
		_, body := f.do(t, "GET", fmt.Sprintf("/people/%d", f.person.ID), token, nil)
		if want := "last reviewed " + uktime.Date(f.db.Now()); !strings.Contains(body, want) || strings.Contains(body, "Review due") || strings.Contains(body, "No crisis plan yet") {
			t.Errorf("after a save the banner should say %q with no review flag", want)
		}
		// Pages that are not a person's record carry no banner.
		if _, body := f.do(t, "GET", "/", token, nil); strings.Contains(body, `class="tl-banner"`) {
			t.Error("the home page shows a person's banner")
		}
	})
}

// TestBannerLinksTheCrisisPlanOnlyForThoseWhoMayOpenIt: a referrer sees
// whose record it is, but no link to a crisis plan they would be refused.
func TestBannerLinksTheCrisisPlanOnlyForThoseWhoMayOpenIt(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		page := fmt.Sprintf("/people/%d", f.person.ID)
		crisis := fmt.Sprintf(`href="/people/%d/crisis-plan"`, f.person.ID)
		for _, role := range []auth.Role{auth.Referrer, auth.Clinician} {
			token, _ := f.session(t, f.users[role])
			res, body := f.do(t, "GET", page, token, nil)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, "LINKED, Robin") {
				t.Fatalf("%s: %d, banner shown %v", role, res.StatusCode, strings.Contains(body, "LINKED, Robin"))
			}
			if got, want := strings.Contains(body, crisis), careReaders.Allows(role); got != want {
				t.Errorf("%s: crisis plan linked %v, want %v", role, got, want)
			}
			if res, _ := f.do(t, "GET", page+"/crisis-plan", token, nil); (res.StatusCode == http.StatusOK) != careReaders.Allows(role) {
				t.Errorf("%s: the crisis plan answered %d", role, res.StatusCode)
			}
		}
	})
}

// TestCareHubLinksThePrintableCrisisPlanOnceThereIsOne: the ongoing care
// page, and the service user's own home page, offer the one-page print
// only once a plan has been saved (before, the link led to "There is no
// crisis plan to print yet").
func TestCareHubLinksThePrintableCrisisPlanOnceThereIsOne(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		clin, _ := f.session(t, f.users[auth.Clinician])
		self, _ := f.session(t, f.users[auth.ServiceUser])
		print := fmt.Sprintf(`href="/people/%d/crisis-plan/print"`, f.person.ID)
		pages := []struct {
			name, path, token, none string
		}{
			{"the care page", fmt.Sprintf("/people/%d/care", f.person.ID), clin, "none saved yet"},
			{"the service user's home", "/", self, "you do not have one yet"},
		}
		for _, pg := range pages {
			if _, body := f.do(t, "GET", pg.path, pg.token, nil); strings.Contains(body, print) || !strings.Contains(body, pg.none) {
				t.Errorf("before a plan is saved, %s links to its print, or does not say there is none", pg.name)
			}
		}
		if res, _ := f.do(t, "GET", fmt.Sprintf("/people/%d/crisis-plan/print", f.person.ID), clin, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("print before a plan: %d, want 404", res.StatusCode)
		}
		plan := care.CrisisPlan{PersonID: f.person.ID, WarningSigns: "I go quiet", Contacts: []care.CrisisContact{{Name: "Crisis line", Phone: "0800 000 000", Hours: "24 hours"}}}
		if err := f.db.SaveCrisisPlan(context.Background(), auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}, &plan); err != nil {
			t.Fatal(err)
		}
		for _, pg := range pages {
			if _, body := f.do(t, "GET", pg.path, pg.token, nil); !strings.Contains(body, print) || strings.Contains(body, pg.none) {
				t.Errorf("once a plan is saved, %s does not link to its print", pg.name)
			}
		}
	})
}
