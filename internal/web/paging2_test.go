package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestAuditLogShowsItsTotal: the audit log says how many events the whole
// log holds, or the filter selects, beside its pages of 50, and the
// "older events" link reaches the rest under the same filter.
func TestAuditLogShowsItsTotal(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		viewer := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
		for range 60 {
			if err := f.db.Audit(ctx, viewer, auth.ActionView, f.person.ID, "crisis-plan"); err != nil {
				t.Fatal(err)
			}
		}
		tok, _ := f.session(t, f.users[auth.Auditor])
		filter := fmt.Sprintf("/audit?action=view&person_id=%d&user_id=%d", f.person.ID, viewer.User.ID)
		res, body := f.do(t, http.MethodGet, filter, tok, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "60 events match this filter") {
			t.Fatalf("GET %s: %d, want 60 events matching\n%s", filter, res.StatusCode, body)
		}
		older := regexp.MustCompile(`<a href="([^"]+)">Older events</a>`).FindStringSubmatch(body)
		if older == nil {
			t.Fatal("no link to older events on a first page of 50 of 60")
		}
		next := html.UnescapeString(older[1])
		res, body = f.do(t, http.MethodGet, next, tok, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "60 events match this filter") || strings.Contains(body, "Older events") {
			t.Errorf("GET %s: %d, want the last 10 of the same 60 and no older link", next, res.StatusCode)
		}
		if got := strings.Count(body, "looked at their crisis plan"); got != 10 {
			t.Errorf("GET %s shows %d events, want 10", next, got)
		}
		_, body = f.do(t, http.MethodGet, "/audit", tok, nil)
		waiting, err := f.db.AuditWaiting(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		all := storetest.Count(t, f.db, `SELECT COUNT(*) FROM audit_events`) + int(waiting)
		if want := thousands(all) + " events in the log"; !strings.Contains(body, want) {
			t.Errorf("GET /audit does not say %q", want)
		}
		if res, _ := f.do(t, http.MethodGet, "/audit?before=x", tok, nil); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("GET /audit?before=x: %d, want 422", res.StatusCode)
		}
	})
}

// addCaseload puts n more people, "Caseload Page NNN", on the clinician's
// active caseload, each started a day after the last.
func (f *fixture) addCaseload(t *testing.T, n int) {
	t.Helper()
	ctx := context.Background()
	clinician := f.users[auth.Clinician]
	start := f.db.Now().AddDate(0, 0, -n)
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		for i := 1; i <= n; i++ {
			p := care.Person{GivenName: "Caseload", FamilyName: fmt.Sprintf("Page %03d", i)}
			if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
				return err
			}
			ep := care.Episode{PersonID: p.ID, TeamID: clinician.TeamIDs[0], NamedWorkerID: clinician.ID, Pathway: "community-scm", Modality: "SCM",
				StartedAt: start.AddDate(0, 0, i)}
			if err := tx.CreateEpisode(ctx, auth.System, &ep); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestHomeIsBounded: a clinician's home names the first 50 of a caseload
// of 71 (Robin Linked, started today, and 49 of the 70 added) with the total and a link to the whole, counts 37 open tasks (30
// overdue) without listing them, and names 20 of the 32 needing attention
// with "and 12 more" linking to the task list.
func TestHomeIsBounded(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		f.addCaseload(t, 70)
		clinician := f.users[auth.Clinician]
		var stmts []string
		task := func(kind, title, due string) string {
			return fmt.Sprintf(`INSERT INTO tasks (person_id, assignee_id, kind, title, due_on, created_at) VALUES (%d, %d, '%s', '%s', '%s', '2020-01-01 09:00:00')`,
				f.person.ID, clinician.ID, kind, title, due)
		}
		far := f.db.Now().AddDate(0, 1, 0).Format(time.DateOnly)
		for i := 1; i <= 30; i++ {
			stmts = append(stmts, task("follow-up", fmt.Sprintf("Late task %02d", i), fmt.Sprintf("2020-02-%02d", i%28+1)))
		}
		for i := 1; i <= 5; i++ {
			stmts = append(stmts, task("follow-up", fmt.Sprintf("Later task %02d", i), far))
		}
		stmts = append(stmts, task(measures.TaskRiskCheck, "Risk check one", far), task(measures.TaskRiskCheck, "Risk check two", far))
		storetest.Seed(t, f.db, stmts...)
		token, _ := f.session(t, clinician)
		res, body := f.do(t, http.MethodGet, "/", token, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /: %d", res.StatusCode)
		}
		for _, want := range []string{"71 active; the 50 most recent are shown here", `href="/caseload#my-caseload"`, "37 open tasks", "30 overdue",
			`<a href="/tasks">and 12 more tasks need your attention</a>`} {
			if !strings.Contains(body, want) {
				t.Errorf("home lacks %q", want)
			}
		}
		for _, tt := range []struct {
			text string
			want int
		}{{"Caseload Page", 49}, {"Late task", 20}, {"Later task", 0}, {"Risk check", 0}} {
			if got := strings.Count(body, tt.text); got != tt.want {
				t.Errorf("home names %q %d times, want %d", tt.text, got, tt.want)
			}
		}
		if !strings.Contains(body, "Caseload Page 070") || strings.Contains(body, "Caseload Page 020<") {
			t.Error("home does not show the most recent of the caseload first")
		}
	})
}

// TestCaseloadIsPaged: the caseload page shows a worker's own caseload 50
// at a time with its total and links between the pages.
func TestCaseloadIsPaged(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		f.addCaseload(t, 70)
		token, _ := f.session(t, f.users[auth.Clinician])
		manager, _ := f.session(t, f.users[auth.TeamManager])
		for _, tt := range []struct {
			token, path, want string
			status            int
			rows              int
		}{
			{token, "/caseload", "Showing 1 to 50 of 71", http.StatusOK, 49},
			{token, "/caseload", `href="/caseload?page=2" rel="next"`, http.StatusOK, 49},
			{token, "/caseload?page=2", "Showing 51 to 71 of 71", http.StatusOK, 21},
			{token, "/caseload?page=2", `href="/caseload" rel="prev"`, http.StatusOK, 21},
			{token, "/caseload?page=3", "no page 3", http.StatusNotFound, 0},
			{token, "/caseload?page=0", "page=2", http.StatusBadRequest, 0},
			{token, "/caseload?page=two", "page=2", http.StatusBadRequest, 0},
			{manager, "/caseload", "Weighted caseload", http.StatusOK, 0},
		} {
			res, body := f.do(t, http.MethodGet, tt.path, tt.token, nil)
			if res.StatusCode != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("GET %s: %d, want %d showing %q", tt.path, res.StatusCode, tt.status, tt.want)
			}
			if got := strings.Count(body, "Caseload Page"); got != tt.rows {
				t.Errorf("GET %s shows %d of the caseload, want %d", tt.path, got, tt.rows)
			}
		}
	})
}

// TestDirectoryIsPaged: the directory list shows 50 services a page in
// tier order, says how many match of how many, and its page links keep
// the filters; text in an offer is found whatever JSON makes of it.
func TestDirectoryIsPaged(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		var stmts []string
		for i := 1; i <= 60; i++ {
			stmts = append(stmts, fmt.Sprintf(`INSERT INTO services (id, name, tier, offer, updated_at) VALUES ('pager-%03d', 'Pager Service %03d', 'voluntary', '["Peer support \u0026 \"walks\""]', '2026-01-01 09:00:00')`, i, i))
		}
		storetest.Seed(t, f.db, stmts...)
		all := storetest.Count(t, f.db, `SELECT COUNT(*) FROM services`)
		token, _ := f.session(t, f.users[auth.Clinician])
		for _, tt := range []struct {
			path   string
			status int
			want   []string
			rows   int
		}{
			{"/directory", http.StatusOK, []string{fmt.Sprintf("%d services", all), fmt.Sprintf("Showing 1 to 50 of %d", all), `href="/directory?page=2" rel="next"`}, -1},
			{"/directory?q=pager", http.StatusOK, []string{fmt.Sprintf("60 of %d services match", all), "Showing 1 to 50 of 60", `href="/directory?page=2&amp;q=pager" rel="next"`, "Pager Service 050"}, 50},
			{"/directory?q=pager&page=2", http.StatusOK, []string{"Showing 51 to 60 of 60", `href="/directory?q=pager" rel="prev"`, "Pager Service 060"}, 10},
			{"/directory?tier=voluntary&q=SUPPORT+%26+%22WALKS", http.StatusOK, []string{fmt.Sprintf("60 of %d services match", all)}, 50},
			{"/directory?q=%22walks%22%5D", http.StatusOK, []string{fmt.Sprintf("0 of %d services match", all)}, 0},
			{"/directory?q=pager&page=3", http.StatusNotFound, []string{"no page 3"}, 0},
			{"/directory?q=pager&page=x", http.StatusBadRequest, []string{"page=2"}, 0},
		} {
			res, body := f.do(t, http.MethodGet, tt.path, token, nil)
			if res.StatusCode != tt.status {
				t.Errorf("GET %s: %d, want %d", tt.path, res.StatusCode, tt.status)
			}
			for _, want := range tt.want {
				if !strings.Contains(body, want) {
					t.Errorf("GET %s lacks %q", tt.path, want)
				}
			}
			if got := strings.Count(body, "Pager Service"); tt.rows >= 0 && got != tt.rows {
				t.Errorf("GET %s shows %d services, want %d", tt.path, got, tt.rows)
			}
		}
	})
}
