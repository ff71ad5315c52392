package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// TestPortalAppointmentsOpenToThePerson: the person opens their own
// appointments page (once refused), sees who and where without staff
// notes or forms, and asks to cancel one, which reaches their named
// worker as a task and changes nothing by itself.
func TestPortalAppointmentsOpenToThePerson(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clin := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
		ap := care.Appointment{PersonID: f.person.ID, Kind: care.KindIndividual, StartsAt: f.db.Now().Add(72 * time.Hour), Minutes: 50,
			Location: "Room 4, Elm House", Notes: "staff-only note about risk", StaffIDs: []int64{f.users[auth.Clinician].ID}}
		if err := f.db.CreateAppointment(ctx, clin, &ap); err != nil {
			t.Fatal(err)
		}
		token, csrf := f.session(t, f.users[auth.ServiceUser])
		res, body := f.do(t, http.MethodGet, fmt.Sprintf("/people/%d/appointments", f.person.ID), token, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Room 4, Elm House") || !strings.Contains(body, f.users[auth.Clinician].DisplayName) {
			t.Fatalf("my appointments: %d, want 200 with where and who\n%s", res.StatusCode, body)
		}
		if !strings.Contains(body, fmt.Sprintf(`href="/people/%d/appointments/%d/request"`, f.person.ID, ap.ID)) || strings.Contains(body, "You asked us") {
			t.Errorf("my appointments page does not offer to change or cancel the appointment")
		}
		if strings.Contains(body, "staff-only note") || strings.Contains(body, "/outcome") {
			t.Errorf("the person's appointments page shows staff notes or the outcome form")
		}
		path := fmt.Sprintf("/people/%d/appointments/%d/request", f.person.ID, ap.ID)
		tests := []struct {
			name   string
			form   url.Values
			status int
		}{
			{"no choice", url.Values{"kind": {""}}, http.StatusUnprocessableEntity},
			{"not an appointment request", url.Values{"kind": {"worker"}}, http.StatusUnprocessableEntity},
			{"too long", url.Values{"kind": {"cancel"}, "text": {strings.Repeat("a", 2001)}}, http.StatusUnprocessableEntity},
			{"cancel", url.Values{"kind": {"cancel"}, "text": {"I have a hospital appointment"}}, http.StatusSeeOther},
		}
		for _, tt := range tests {
			tt.form.Set("csrf_token", csrf)
			if res, body := f.do(t, http.MethodPost, path, token, tt.form); res.StatusCode != tt.status {
				t.Errorf("%s: status %d, want %d\n%s", tt.name, res.StatusCode, tt.status, body)
			}
		}
		tasks, err := f.db.Tasks(ctx, store.TaskFilter{AssigneeID: f.users[auth.Clinician].ID, OpenOnly: true, Limit: store.AllRows})
		if err != nil || len(tasks) != 1 || !strings.Contains(tasks[0].Title, "I have a hospital appointment") {
			t.Fatalf("the named worker's tasks = %+v, %v; want the one request in the person's words", tasks, err)
		}
		if _, body := f.do(t, http.MethodGet, fmt.Sprintf("/people/%d/appointments", f.person.ID), token, nil); !strings.Contains(body, "You asked us to cancel this") {
			t.Errorf("my appointments page does not say I asked to cancel")
		}
		got, err := f.db.Appointment(ctx, clin, ap.ID)
		if err != nil || got.Outcome != care.OutcomeNone {
			t.Errorf("appointment after the request: %q, %v; want unchanged", got.Outcome, err)
		}
		// The worker sees the request and cancels as asked, from the page's form.
		ctoken, ccsrf := f.session(t, f.users[auth.Clinician])
		res, _ = f.do(t, http.MethodGet, fmt.Sprintf("/people/%d/tasks/%d", f.person.ID, tasks[0].ID), ctoken, nil)
		if want := fmt.Sprintf("/people/%d/requests#request-%d", f.person.ID, tasks[0].ID); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("opening the request's task: %d to %q, want 303 to %s", res.StatusCode, res.Header.Get("Location"), want)
		}
		res, body = f.do(t, http.MethodGet, fmt.Sprintf("/people/%d/requests", f.person.ID), ctoken, nil)
		action := fmt.Sprintf(`action="/people/%d/requests/%d"`, f.person.ID, tasks[0].ID)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, action) || !strings.Contains(body, `value="cancel"`) {
			t.Fatalf("the worker's view of requests: %d\n%s", res.StatusCode, body)
		}
		res, _ = f.do(t, http.MethodPost, fmt.Sprintf("/people/%d/requests/%d", f.person.ID, tasks[0].ID), ctoken, url.Values{"csrf_token": {ccsrf}, "action": {"cancel"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("cancel as asked: status %d", res.StatusCode)
		}
		if got, _ := f.db.Appointment(ctx, clin, ap.ID); got.Outcome != care.OutcomeCancelledByPerson {
			t.Errorf("outcome after cancelling as asked = %q, want cancelled by the person", got.Outcome)
		}
	})
}

// TestPortalCopyOfMyRecord: the person downloads their record as a page
// and as JSON holding their details, and each download is audited.
func TestPortalCopyOfMyRecord(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		token, _ := f.session(t, f.users[auth.ServiceUser])
		res, body := f.do(t, http.MethodGet, fmt.Sprintf("/people/%d/my-record", f.person.ID), token, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "A copy of my record") || !strings.Contains(body, "Linked") {
			t.Fatalf("record page: %d\n%s", res.StatusCode, body)
		}
		res, body = f.do(t, http.MethodGet, fmt.Sprintf("/people/%d/my-record.json", f.person.ID), token, nil)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("record file: %d %v", res.StatusCode, res.Header)
		}
		var rec struct {
			Person    care.Person         `json:"person"`
			Episodes  []store.EpisodeRow  `json:"episodes"`
			Referrals []store.ReferralRow `json:"referrals"`
		}
		if err := json.Unmarshal([]byte(body), &rec); err != nil {
			t.Fatalf("record file is not JSON: %v", err)
		}
		if rec.Person.ID != f.person.ID || rec.Person.FamilyName != "Linked" || len(rec.Episodes) != 1 || len(rec.Referrals) != 1 {
			t.Errorf("record file = %+v", rec)
		}
		events, err := f.db.AuditEvents(context.Background(), store.AuditFilter{PersonID: f.person.ID, Action: auth.ActionExport})
		if err != nil {
			t.Fatal(err)
		}
		var records []string
		for _, e := range events {
			records = append(records, e.Record)
		}
		if got, want := strings.Join(records, ","), "my-record/json,my-record/html"; got != want {
			t.Errorf("export audit events = %q, want %q", got, want)
		}
	})
}

// TestPortalAboutMe: the person keeps their own preferences; a too-long
// answer is refused with what they typed kept, and nothing is lost.
func TestPortalAboutMe(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		token, csrf := f.session(t, f.users[auth.ServiceUser])
		path := fmt.Sprintf("/people/%d/about-me", f.person.ID)
		res, body := f.do(t, http.MethodGet, path, token, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="they/them"`) {
			t.Fatalf("about me: %d\n%s", res.StatusCode, body)
		}
		form := url.Values{"csrf_token": {csrf}, "version": {fmt.Sprint(f.person.Version)}, "preferred_name": {"Robbie"},
			"pronouns": {strings.Repeat("x", 51)}, "trauma_preferences": {"Sit near the door"}}
		res, body = f.do(t, http.MethodPost, path, token, form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Sit near the door") {
			t.Errorf("too-long pronouns: %d, want 422 with what was typed kept", res.StatusCode)
		}
		form.Set("pronouns", "he/him")
		if res, body = f.do(t, http.MethodPost, path, token, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", res.StatusCode, body)
		}
		got, err := f.db.PersonNoAudit(context.Background(), f.person.ID)
		if err != nil || got.PreferredName != "Robbie" || got.Pronouns != "he/him" || got.TraumaPreferences != "Sit near the door" || got.NHSNumber != f.person.NHSNumber {
			t.Errorf("person after saving = %+v, %v", got, err)
		}
	})
}

// TestPortalCarePlanCommentReachesTheWorker: the person says what they
// think of their care plan; the named worker finds it on their list of new
// comments and on the plan, and marks it as seen.
func TestPortalCarePlanCommentReachesTheWorker(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		eps, err := f.db.Episodes(ctx, store.EpisodeFilter{PersonID: f.person.ID})
		if err != nil || len(eps) != 1 {
			t.Fatalf("episodes: %v, %v", eps, err)
		}
		clin := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
		plan := care.CarePlan{PersonID: f.person.ID, EpisodeID: eps[0].ID, ReviewOn: f.db.Now().AddDate(0, 3, 0), Agreement: care.AgreementNotYet,
			Needs: []care.Need{{Domain: care.LifeDomains[0].Code, Description: "Somewhere safe to live"}}}
		if err := f.db.SaveCarePlan(ctx, clin, &plan); err != nil {
			t.Fatal(err)
		}
		token, csrf := f.session(t, f.users[auth.ServiceUser])
		res, body := f.do(t, http.MethodGet, fmt.Sprintf("/people/%d/care-plan/comment", f.person.ID), token, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, fmt.Sprintf(`name="plan_id" value="%d"`, plan.ID)) {
			t.Fatalf("comment form: %d\n%s", res.StatusCode, body)
		}
		form := url.Values{"csrf_token": {csrf}, "plan_id": {fmt.Sprint(plan.ID)}, "plan_version": {fmt.Sprint(plan.Version)},
			"agreement": {"partly"}, "comment": {"I want housing help first"}}
		if res, body := f.do(t, http.MethodPost, fmt.Sprintf("/people/%d/care-plan/comment", f.person.ID), token, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("send comment: %d\n%s", res.StatusCode, body)
		}
		ctoken, ccsrf := f.session(t, f.users[auth.Clinician])
		_, body = f.do(t, http.MethodGet, "/plan-comments", ctoken, nil)
		if !strings.Contains(body, "Rob Linked: 1 new comment on their care plan") {
			t.Errorf("the worker's new comments list does not name the person\n%s", body)
		}
		_, body = f.do(t, http.MethodGet, fmt.Sprintf("/people/%d/care-plan", f.person.ID), ctoken, nil)
		if !strings.Contains(body, "I want housing help first") || !strings.Contains(body, "I agree with some of it") {
			t.Errorf("the care plan page does not show the person's comment to staff")
		}
		res, _ = f.do(t, http.MethodPost, fmt.Sprintf("/people/%d/care-plan/comments/seen", f.person.ID), ctoken, url.Values{"csrf_token": {ccsrf}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("mark seen: %d", res.StatusCode)
		}
		if _, body = f.do(t, http.MethodGet, "/plan-comments", ctoken, nil); !strings.Contains(body, "No new comments") {
			t.Errorf("new comments after marking seen:\n%s", body)
		}
	})
}

// TestPortalHomeLinks: the portal home leads the person to everything they
// can do, self-referral included.
func TestPortalHomeLinks(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		token, _ := f.session(t, f.users[auth.ServiceUser])
		res, body := f.do(t, http.MethodGet, "/", token, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="portal-links"`) {
			t.Fatalf("portal home: %d\n%s", res.StatusCode, body)
		}
		for _, path := range []string{"/crisis-plan", "/care-plan", "/appointments", "/ask", "/requests", "/about-me", "/my-record", "/access-log"} {
			if want := fmt.Sprintf(`href="/people/%d%s"`, f.person.ID, path); !strings.Contains(body, want) {
				t.Errorf("portal home has no link %s", want)
			}
		}
		if !strings.Contains(body, `href="/referrals/new"`) {
			t.Error("portal home has no way to refer yourself")
		}
	})
}
