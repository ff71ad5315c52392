package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// addWaiting adds n people called "Pager Waiting NNN", each accepted at
// the CEN service and waiting; person i was referred and accepted i days
// before now, so the longest wait is the highest number.
func (f *fixture) addWaiting(t *testing.T, n int) {
	t.Helper()
	ctx := context.Background()
	now := f.db.Now()
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		for i := 1; i <= n; i++ {
			p := care.Person{GivenName: "Pager", FamilyName: fmt.Sprintf("Waiting %03d", i)}
			if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
				return err
			}
			at := now.AddDate(0, 0, -i)
			ref := care.Referral{PersonID: p.ID, ServiceID: "cen", Status: care.ReferralWaiting, Decision: care.DecisionAccepted,
				ReceivedAt: at, DecidedAt: at.Add(time.Hour)}
			if err := tx.CreateReferral(ctx, auth.System, &ref); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestListsArePaged: a list longer than a page shows 50 rows, the total
// counted under the same filter, and links to the next and previous
// pages that keep the filter; a page past the end is a 404 and a page
// number that is not one a 400, never a 500.
func TestListsArePaged(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		f.addWaiting(t, 120)
		token, _ := f.session(t, f.users[auth.Clinician])
		tests := []struct {
			name, path    string
			showing       string
			first, absent string // a name on the page, and one that belongs elsewhere
			next, prev    string
		}{
			{"search, page 1", "/people?q=pager", "Showing 1 to 50 of 120", "Waiting 001", "Waiting 051",
				"/people?page=2&amp;q=pager", ""},
			{"search, page 2", "/people?q=pager&page=2", "Showing 51 to 100 of 120", "Waiting 051", "Waiting 050",
				"/people?page=3&amp;q=pager", "/people?q=pager"},
			{"search, last page", "/people?q=pager&page=3", "Showing 101 to 120 of 120", "Waiting 120", "Waiting 100",
				"", "/people?page=2&amp;q=pager"},
			{"waiting, longest first", "/waiting?sort=acceptance", "Showing 1 to 50 of 120", "Waiting 120", "Waiting 070",
				"/waiting?page=2&amp;sort=acceptance", ""},
			{"waiting, page 2", "/waiting?sort=acceptance&page=2", "Showing 51 to 100 of 120", "Waiting 070", "Waiting 071",
				"/waiting?page=3&amp;sort=acceptance", "/waiting?sort=acceptance"},
			{"waiting, shortest first", "/waiting?sort=acceptance-asc&page=3", "Showing 101 to 120 of 120", "Waiting 120", "Waiting 100",
				"", "/waiting?page=2&amp;sort=acceptance-asc"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res, body := f.do(t, http.MethodGet, tt.path, token, nil)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: %d", tt.path, res.StatusCode)
				}
				if !strings.Contains(body, tt.showing) {
					t.Errorf("GET %s does not say %q", tt.path, tt.showing)
				}
				if !strings.Contains(body, tt.first) || strings.Contains(body, tt.absent) {
					t.Errorf("GET %s: want %q on the page and %q not", tt.path, tt.first, tt.absent)
				}
				if got := strings.Count(body, "Pager Waiting"); got > store.PageSize {
					t.Errorf("GET %s shows %d rows, more than a page", tt.path, got)
				}
				for rel, want := range map[string]string{"next": tt.next, "prev": tt.prev} {
					link := fmt.Sprintf(`href="%s" rel="%s"`, want, rel)
					if got := strings.Contains(body, `rel="`+rel+`"`); got != (want != "") || (want != "" && !strings.Contains(body, link)) {
						t.Errorf("GET %s: want %s link %q", tt.path, rel, want)
					}
				}
			})
		}
		for _, tt := range []struct {
			path string
			want int
		}{
			{"/people?q=pager&page=4", http.StatusNotFound},
			{"/waiting?page=4", http.StatusNotFound},
			{"/people?q=pager&page=0", http.StatusBadRequest},
			{"/people?q=pager&page=two", http.StatusBadRequest},
			{"/waiting?page=-1", http.StatusBadRequest},
			{"/waiting?page=99999999999999999999", http.StatusBadRequest},
		} {
			if res, body := f.do(t, http.MethodGet, tt.path, token, nil); res.StatusCode != tt.want || !strings.Contains(body, "page") {
				t.Errorf("GET %s: %d, want %d with a message about the page", tt.path, res.StatusCode, tt.want)
			}
		}
	})
}

// TestTasksArePaged: the tasks page shows a worker's open tasks a page at
// a time with the true total (it once cut them at 500 without a word),
// and a team manager's two lists page apart.
func TestTasksArePaged(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		var stmts []string
		for i := 1; i <= 60; i++ {
			stmts = append(stmts, fmt.Sprintf(`INSERT INTO tasks (person_id, assignee_id, kind, title, due_on, created_at) VALUES (%d, %d, 'follow-up', 'Pager task %03d', '2026-01-%02d', '2026-01-01 09:00:00')`,
				f.person.ID, f.users[auth.Clinician].ID, i, 1+i%28))
		}
		storetest.Seed(t, f.db, stmts...)
		clinician, _ := f.session(t, f.users[auth.Clinician])
		manager, _ := f.session(t, f.users[auth.TeamManager])
		for _, tt := range []struct {
			token, path, want string
			status            int
		}{
			{clinician, "/tasks", "Showing 1 to 50 of 60", http.StatusOK},
			{clinician, "/tasks", `href="/tasks?page=2" rel="next"`, http.StatusOK},
			{clinician, "/tasks?page=2", "Showing 51 to 60 of 60", http.StatusOK},
			{manager, "/tasks?team_page=2", "Showing 51 to 60 of 60", http.StatusOK},
			{manager, "/tasks?team_page=2", `href="/tasks" rel="prev"`, http.StatusOK},
			{clinician, "/tasks?page=3", "no page 3", http.StatusNotFound},
			{manager, "/tasks?team_page=x", "team_page=2", http.StatusBadRequest},
		} {
			res, body := f.do(t, http.MethodGet, tt.path, tt.token, nil)
			if res.StatusCode != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("GET %s: %d, want %d showing %q", tt.path, res.StatusCode, tt.status, tt.want)
			}
		}
	})
}

func TestThousands(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}, {-1234, "-1,234"}} {
		if got := thousands(tt.n); got != tt.want {
			t.Errorf("thousands(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
