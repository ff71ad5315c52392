package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

var (
	errorSummaryBlock = regexp.MustCompile(`(?s)<div class="nhsuk-error-summary".*?</ul>`)
	summaryHref       = regexp.MustCompile(`<a href="#([^"]*)"`)
	elementID         = regexp.MustCompile(`\sid="([^"]+)"`)
)

// brokenSummaryLinks lists the error summary's in-page links whose target
// is no element on the page; it reports a page without a summary too.
func brokenSummaryLinks(page string) (links int, broken []string, ok bool) {
	block := errorSummaryBlock.FindString(page)
	if block == "" {
		return 0, nil, false
	}
	ids := map[string]bool{}
	for _, m := range elementID.FindAllStringSubmatch(page, -1) {
		ids[m[1]] = true
	}
	for _, m := range summaryHref.FindAllStringSubmatch(block, -1) {
		links++
		if !ids[m[1]] {
			broken = append(broken, "#"+m[1])
		}
	}
	return links, broken, true
}

// TestErrorSummaryLinksReachTheirFields sends each group, appointment,
// outreach, follow-up and ending form something it refuses, and checks
// every link in the re-rendered page's error summary goes to an element
// that is on that page.
func TestErrorSummaryLinksReachTheirFields(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clin := f.users[auth.Clinician]
		token, csrf := f.session(t, clin)
		form := func(kv ...string) url.Values {
			v := url.Values{"csrf_token": {csrf}}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Add(kv[i], kv[i+1])
			}
			return v
		}
		// A group with one member, a session last week and one next week.
		now := f.db.Now()
		res, _ := f.do(t, "POST", "/groups", token, form("name", "Tuesday skills", "modality", care.GroupDBTSkills,
			"team", fmt.Sprint(clin.TeamIDs[0]), "starts_on", now.AddDate(0, 0, -14).Format(time.DateOnly), "facilitators", fmt.Sprint(clin.ID)))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create group: %d", res.StatusCode)
		}
		group := res.Header.Get("Location")
		eps, _ := f.db.Episodes(ctx, store.EpisodeFilter{PersonID: f.person.ID, ActiveOnly: true})
		if res, _ := f.do(t, "POST", group+"/members", token, form("episode", fmt.Sprint(eps[0].ID))); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add member: %d", res.StatusCode)
		}
		for _, day := range []time.Time{now.AddDate(0, 0, -7), now.AddDate(0, 0, 7)} {
			if res, _ := f.do(t, "POST", group+"/sessions", token, form("date", day.Format(time.DateOnly), "time", "10:00", "minutes", "120")); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("add session: %d", res.StatusCode)
			}
		}
		_, page := f.do(t, "GET", group, token, nil)
		places := regexp.MustCompile(`action="(/groups/\d+/sessions/\d+/attendance)"[^>]*>\s*<input[^>]*>\s*<input type="hidden" name="appointment" value="(\d+)">`).FindAllStringSubmatch(page, -1)
		if len(places) != 2 {
			t.Fatalf("attendance forms on the group page = %d, want 2", len(places))
		}
		past, future := places[0], places[1]
		// A missed place gives a follow-up task for the follow-up form.
		if res, _ := f.do(t, "POST", past[1], token, form("appointment", past[2], "version", "1", "outcome", "did-not-attend")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("record DNA: %d", res.StatusCode)
		}
		tasks, _ := f.db.Tasks(ctx, store.TaskFilter{AssigneeID: clin.ID, OpenOnly: true})
		if len(tasks) == 0 {
			t.Fatal("no follow-up task after a missed session")
		}
		// An individual appointment next week for the outcome form.
		ap := care.Appointment{PersonID: f.person.ID, EpisodeID: eps[0].ID, Kind: care.KindIndividual, StartsAt: now.Add(7 * 24 * time.Hour), Minutes: 50, StaffIDs: []int64{clin.ID}}
		if err := f.db.CreateAppointment(ctx, auth.Actor{User: clin, Relationship: auth.RelCaseload}, &ap); err != nil {
			t.Fatal(err)
		}
		person := fmt.Sprintf("/people/%d", f.person.ID)
		tests := []struct {
			name string
			path string
			form url.Values
			// link: the summary should link to a field (the member picker
			// is gone once everyone in the team is a member).
			link bool
		}{
			{"group attendance with nothing chosen", future[1], form("appointment", future[2], "version", "1", "outcome", ""), true},
			{"group attendance before the session", future[1], form("appointment", future[2], "version", "1", "outcome", "attended"), true},
			{"group attendance with a bad version", future[1], form("appointment", future[2], "version", "x", "outcome", "attended"), true},
			{"group session without a date", group + "/sessions", form("date", "", "time", "", "minutes", ""), true},
			{"group session with a bad length", group + "/sessions", form("date", now.Format(time.DateOnly), "time", "10:00", "minutes", "many"), true},
			{"group member not chosen", group + "/members", form("episode", ""), false},
			{"appointment outcome before it starts", fmt.Sprintf("%s/appointments/%d/outcome", person, ap.ID), form("version", "1", "outcome", "attended"), true},
			{"appointment outcome not chosen", fmt.Sprintf("%s/appointments/%d/outcome", person, ap.ID), form("version", "1", "outcome", ""), true},
			{"appointment booked with nothing", person + "/appointments", form(), true},
			{"outreach with nothing", person + "/outreach", form(), true},
			{"follow-up with nothing", fmt.Sprintf("%s/tasks/%d", person, tasks[0].ID), form("version", "1"), true},
			{"ending with nothing", person + "/endings", form(), true},
		}
		for _, tt := range tests {
			res, page := f.do(t, "POST", tt.path, token, tt.form)
			if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusConflict {
				t.Errorf("%s: status %d, want the form again with its errors", tt.name, res.StatusCode)
				continue
			}
			links, broken, ok := brokenSummaryLinks(page)
			if !ok {
				t.Errorf("%s: no error summary on the re-rendered page", tt.name)
				continue
			}
			if got, want := links > 0, tt.link; got != want {
				t.Errorf("%s: error summary has links = %v, want %v", tt.name, got, want)
			}
			if len(broken) > 0 {
				t.Errorf("%s: error summary links to %v, which are not on the page", tt.name, broken)
			}
		}
	})
}
