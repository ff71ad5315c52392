package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// TestMissedAppointmentFollowUpThroughTheWeb: the clinician books, records
// a did-not-attend, finds the task on /tasks, and completing it records an
// outreach attempt; the episode stays open throughout.
func TestMissedAppointmentFollowUpThroughTheWeb(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		clin := f.users[auth.Clinician]
		token, csrf := f.session(t, clin)
		base := fmt.Sprintf("/people/%d", f.person.ID)
		yesterday := f.db.Now().AddDate(0, 0, -1)
		eps, _ := f.db.Episodes(context.Background(), store.EpisodeFilter{PersonID: f.person.ID, ActiveOnly: true})

		// Bad input keeps what was typed.
		res, body := f.do(t, "POST", base+"/appointments", token, url.Values{"csrf_token": {csrf}, "kind": {"individual"}, "date": {"not a date"},
			"minutes": {"60"}, "staff": {fmt.Sprint(clin.ID)}, "location": {"Room 4, Kingsmere Hub"}, "episode": {fmt.Sprint(eps[0].ID)}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter a real date") || !strings.Contains(body, `value="Room 4, Kingsmere Hub"`) {
			t.Fatalf("bad date: status %d; page keeps typing = %v", res.StatusCode, strings.Contains(body, "Room 4"))
		}
		res, _ = f.do(t, "POST", base+"/appointments", token, url.Values{"csrf_token": {csrf}, "kind": {"individual"}, "date": {yesterday.Format(time.DateOnly)},
			"time": {"10:00"}, "minutes": {"50"}, "staff": {fmt.Sprint(clin.ID)}, "episode": {fmt.Sprint(eps[0].ID)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("book: status %d", res.StatusCode)
		}
		aps, _ := f.db.Appointments(context.Background(), store.AppointmentFilter{PersonID: f.person.ID})
		if len(aps) != 1 {
			t.Fatalf("appointments = %d", len(aps))
		}
		path := fmt.Sprintf("%s/appointments/%d/outcome", base, aps[0].ID)
		if res, _ := f.do(t, "POST", path, token, url.Values{"csrf_token": {csrf}, "version": {"1"}, "outcome": {"discharged"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown outcome: status %d", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", path, token, url.Values{"csrf_token": {csrf}, "version": {"1"}, "outcome": {"did-not-attend"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("record DNA: status %d", res.StatusCode)
		}
		_, tasks := f.do(t, "GET", "/tasks", token, nil)
		link := regexp.MustCompile(`href="(/people/\d+/tasks/\d+)"`).FindStringSubmatch(tasks)
		if link == nil || !strings.Contains(tasks, care.FollowUpTitle[:20]) {
			t.Fatalf("no follow-up on /tasks:\n%s", tasks)
		}
		_, form := f.do(t, "GET", link[1], token, nil)
		if !strings.Contains(form, "missed-appointment") {
			t.Error("follow-up page does not link the missed appointment")
		}
		// A note is required; what was typed stays.
		res, body = f.do(t, "POST", link[1], token, url.Values{"csrf_token": {csrf}, "version": {"1"}, "outreach_date": {f.db.Now().Format(time.DateOnly)},
			"method": {"phone"}, "outreach_outcome": {"reached"}, "note": {"  "}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `value="phone" checked`) {
			t.Errorf("empty note: status %d, method kept = %v", res.StatusCode, strings.Contains(body, `value="phone" checked`))
		}
		res, _ = f.do(t, "POST", link[1], token, url.Values{"csrf_token": {csrf}, "version": {"1"}, "outreach_date": {f.db.Now().Format(time.DateOnly)},
			"method": {"phone"}, "outreach_outcome": {"reached"}, "note": {"Rang: the bus fare was the problem; arranged travel support"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("complete follow-up: status %d", res.StatusCode)
		}
		_, page := f.do(t, "GET", base+"/appointments", token, nil)
		for _, want := range []string{"Phone call", "Spoke with the person", "No follow-ups waiting", "Different workers seen in the last 90 days"} {
			if !strings.Contains(page, want) {
				t.Errorf("contact page lacks %q", want)
			}
		}
		// Ending for non-engagement is refused: one attempt, no MDT.
		res, body = f.do(t, "POST", base+"/endings", token, url.Values{"csrf_token": {csrf}, "episode": {fmt.Sprint(eps[0].ID)}, "kind": {"unplanned"},
			"reason": {"non-engagement"}, "ended_on": {f.db.Now().Format(time.DateOnly)}, "mdt_present": {"Team manager and me"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "at least 3 outreach attempts") || !strings.Contains(body, `value="Team manager and me"`) {
			t.Errorf("non-engagement ending: status %d", res.StatusCode)
		}
		if eps, _ := f.db.Episodes(context.Background(), store.EpisodeFilter{PersonID: f.person.ID, ActiveOnly: true}); len(eps) != 1 {
			t.Error("the episode ended")
		}
		// A planned ending with a plan is printable, and re-access opens care again.
		res, _ = f.do(t, "POST", base+"/endings", token, url.Values{"csrf_token": {csrf}, "episode": {fmt.Sprint(eps[0].ID)}, "kind": {"planned"},
			"ended_on": {f.db.Now().Format(time.DateOnly)}, "further_support": {"Weekly peer group"}, "how_to_come_back": {"Ring the team"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("planned ending: status %d", res.StatusCode)
		}
		_, plan := f.do(t, "GET", res.Header.Get("Location"), token, nil)
		if !strings.Contains(plan, "Your ending plan") || !strings.Contains(plan, "Weekly peer group") || !strings.Contains(plan, "reaccess-until") {
			t.Errorf("ending plan page:\n%s", plan)
		}
		res, _ = f.do(t, "POST", base+"/reaccess", token, url.Values{"csrf_token": {csrf}, "previous": {fmt.Sprint(eps[0].ID)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("re-access: status %d", res.StatusCode)
		}
		if eps, _ := f.db.Episodes(context.Background(), store.EpisodeFilter{PersonID: f.person.ID, ActiveOnly: true}); len(eps) != 1 || eps[0].NamedWorkerID != clin.ID {
			t.Errorf("after re-access: %+v", eps)
		}
	})
}

// TestDiaryAndGroups: the diary shows the week with today marked, and a
// group set up on the web gets sessions whose missed places make tasks.
func TestDiaryAndGroups(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		clin := f.users[auth.Clinician]
		token, csrf := f.session(t, clin)
		_, diary := f.do(t, "GET", "/diary", token, nil)
		if !strings.Contains(diary, `aria-current="date"`) || !strings.Contains(diary, "Previous week") || !strings.Contains(diary, "caseload-continuity") {
			t.Errorf("diary page lacks today, week links or continuity")
		}
		if res, _ := f.do(t, "GET", "/diary?week=nonsense", token, nil); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad week: %d", res.StatusCode)
		}
		res, body := f.do(t, "POST", "/groups", token, url.Values{"csrf_token": {csrf}, "name": {"Thursday skills"}, "modality": {""},
			"team": {fmt.Sprint(clin.TeamIDs[0])}, "starts_on": {"2020-01-01"}, "facilitators": {fmt.Sprint(clin.ID)}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `value="Thursday skills"`) {
			t.Errorf("group without kind: status %d", res.StatusCode)
		}
		start := f.db.Now().AddDate(0, 0, -7)
		res, _ = f.do(t, "POST", "/groups", token, url.Values{"csrf_token": {csrf}, "name": {"Thursday skills"}, "modality": {care.GroupDBTSkills},
			"team": {fmt.Sprint(clin.TeamIDs[0])}, "starts_on": {start.Format(time.DateOnly)}, "facilitators": {fmt.Sprint(clin.ID)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create group: %d", res.StatusCode)
		}
		group := res.Header.Get("Location")
		eps, _ := f.db.Episodes(context.Background(), store.EpisodeFilter{PersonID: f.person.ID, ActiveOnly: true})
		if res, _ := f.do(t, "POST", group+"/members", token, url.Values{"csrf_token": {csrf}, "episode": {fmt.Sprint(eps[0].ID)}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add member: %d", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", group+"/sessions", token, url.Values{"csrf_token": {csrf}, "date": {start.AddDate(0, 0, 2).Format(time.DateOnly)}, "time": {"09:00"}, "minutes": {"150"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add session: %d", res.StatusCode)
		}
		_, page := f.do(t, "GET", group, token, nil)
		m := regexp.MustCompile(`action="(/groups/\d+/sessions/\d+/attendance)"[^>]*>\s*<input[^>]*>\s*<input type="hidden" name="appointment" value="(\d+)">`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no attendance form on the group page:\n%s", page)
		}
		if res, _ := f.do(t, "POST", m[1], token, url.Values{"csrf_token": {csrf}, "appointment": {m[2]}, "version": {"1"}, "outcome": {"did-not-attend"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("record group DNA: %d", res.StatusCode)
		}
		tasks, _ := f.db.Tasks(context.Background(), store.TaskFilter{AssigneeID: clin.ID, OpenOnly: true})
		if len(tasks) != 1 {
			t.Errorf("follow-ups after a missed group session = %d, want 1", len(tasks))
		}
		// Another team's clinician cannot open the group.
		other, _ := f.session(t, f.outsider)
		if res, _ := f.do(t, "GET", group, other, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("outsider opening the group: %d, want 404", res.StatusCode)
		}
	})
}
