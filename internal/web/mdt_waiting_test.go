package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// TestMeetingListsWaitingReferralsAPageAtATime: a team discussion's page
// lists the assessed referrals waiting for one fifty at a time, with the
// total, each with its own button that adds it to
// the agenda, most recently referred first; the next page has the rest, a page past the end is not found
// and a bad page number is refused.
func TestMeetingListsWaitingReferralsAPageAtATime(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		first := f.db.Now().AddDate(0, -6, 0)
		var ids []int64
		err := f.db.Update(ctx, func(tx *store.Tx) error {
			for i := range 60 {
				p := care.Person{GivenName: fmt.Sprintf("Waiting%02d", i), FamilyName: "Person", DateOfBirth: time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC)}
				if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
					return err
				}
				// Received in reverse order of their names: the list is by date.
				ref := care.Referral{PersonID: p.ID, ServiceID: "cen", ReferrerName: "Dr Test", Decision: care.DecisionAccepted,
					Status: care.ReferralAssessed, ReceivedAt: first.AddDate(0, 0, 60-i)}
				if err := tx.CreateReferral(ctx, auth.System, &ref); err != nil {
					return err
				}
				ids = append(ids, ref.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		mgr, csrf := f.session(t, f.users[auth.TeamManager])
		res, _ := f.do(t, "POST", "/mdt", mgr, url.Values{"csrf_token": {csrf}, "date": {f.db.Now().AddDate(0, 0, 2).Format("2006-01-02")}, "time": {"10:00"},
			"attendees": {fmt.Sprint(f.users[auth.Clinician].ID)}})
		if res.StatusCode != 303 {
			t.Fatalf("plan meeting: %d", res.StatusCode)
		}
		meeting := res.Header.Get("Location")
		rows := regexp.MustCompile(`(?s)<tr><td>(Waiting\d\d) Person</td>.*?name="referral" value="(\d+)">`)
		page := func(path string, wantStatus int) (names []string, refs []string, body string) {
			t.Helper()
			res, body := f.do(t, "GET", path, mgr, nil)
			if res.StatusCode != wantStatus {
				t.Fatalf("%s: %d, want %d", path, res.StatusCode, wantStatus)
			}
			for _, m := range rows.FindAllStringSubmatch(body, -1) {
				names, refs = append(names, m[1]), append(refs, m[2])
			}
			return names, refs, body
		}
		names, refs, body := page(meeting, 200)
		if len(names) != 50 || names[0] != "Waiting00" || names[49] != "Waiting49" || refs[0] != fmt.Sprint(ids[0]) {
			t.Errorf("first page: %d rows from %v to %v, want 50 from Waiting00 to Waiting49", len(names), names[:min(1, len(names))], names[max(0, len(names)-1):])
		}
		if !strings.Contains(body, "Showing 1 to 50 of 60") || !strings.Contains(body, `href="`+meeting+`?waiting_page=2"`) {
			t.Error("the first page does not say how many there are or link to the next")
		}
		if names, _, _ = page(meeting+"?waiting_page=2", 200); len(names) != 10 || names[0] != "Waiting50" || names[9] != "Waiting59" {
			t.Errorf("second page: %v, want Waiting50 to Waiting59", names)
		}
		page(meeting+"?waiting_page=3", 404)
		page(meeting+"?waiting_page=none", 400)

		// The row's own form adds its referral; it then leaves the list.
		if res, _ = f.do(t, "POST", meeting+"/cases", mgr, url.Values{"csrf_token": {csrf}, "referral": {refs[0]}}); res.StatusCode != 303 {
			t.Fatalf("add the newest: %d", res.StatusCode)
		}
		names, _, body = page(meeting, 200)
		if len(names) != 50 || names[0] != "Waiting01" || !strings.Contains(body, "of 59") || !strings.Contains(body, "Waiting00 Person</a>") {
			t.Errorf("after adding Waiting00: first row %v, agenda has it %v", names[:1], strings.Contains(body, "Waiting00 Person</a>"))
		}
	})
}

// TestMeetingAttendeesAreTheOrganisersTeams: planning a team discussion
// offers the staff of the organiser's own teams, not every team of the
// service, and refuses anyone else posted as an attendee.
func TestMeetingAttendeesAreTheOrganisersTeams(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		_, elsewhere := f.therapiesTeam(t, "other-team", "Other Team Therapist")
		mgr, csrf := f.session(t, f.users[auth.TeamManager])
		_, body := f.do(t, "GET", "/mdt", mgr, nil)
		if !strings.Contains(body, f.users[auth.Clinician].DisplayName) || strings.Contains(body, "Other Team Therapist") {
			t.Errorf("attendee choices: own team's clinician %v, other team's therapist %v",
				strings.Contains(body, f.users[auth.Clinician].DisplayName), strings.Contains(body, "Other Team Therapist"))
		}
		plan := func(attendees ...int64) int {
			t.Helper()
			v := url.Values{"csrf_token": {csrf}, "date": {f.db.Now().AddDate(0, 0, 2).Format("2006-01-02")}, "time": {"10:00"}}
			for _, id := range attendees {
				v.Add("attendees", fmt.Sprint(id))
			}
			res, _ := f.do(t, "POST", "/mdt", mgr, v)
			return res.StatusCode
		}
		if got := plan(f.users[auth.Clinician].ID, elsewhere.ID); got != 422 {
			t.Errorf("an attendee from another team: %d, want 422", got)
		}
		if got := plan(f.users[auth.Clinician].ID, f.outsider.ID); got != 422 {
			t.Errorf("an attendee from no team: %d, want 422", got)
		}
		if got := plan(f.users[auth.Clinician].ID, f.users[auth.PeerWorker].ID); got != 303 {
			t.Errorf("attendees from the organiser's team: %d, want 303", got)
		}
	})
}
