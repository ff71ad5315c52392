package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestOpenTaskSummaryCounts: the summary counts open tasks and those
// overdue exactly as care.Task.Overdue does (due yesterday is overdue, due
// today is not), leaves done tasks out, and names the first n needing
// attention, earliest due first, overdue or a check-in of the given kind.
func TestOpenTaskSummaryCounts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, w, _ := region(t, db)
		p := mustPerson(t, db, "Summary")
		now := time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)
		day := func(d int) string { return now.AddDate(0, 0, d).Format(time.DateOnly) }
		tasks := []struct {
			kind, due string
			done      bool
		}{
			{"follow-up", day(-3), false}, {"follow-up", day(-1), false}, {"follow-up", day(0), false}, {"follow-up", day(2), false},
			{"risk-item-check", day(5), false}, {"follow-up", day(-9), true},
		}
		var stmts []string
		for i, tk := range tasks {
			done := "NULL"
			if tk.done {
				done = "'2026-03-01 09:00:00'"
			}
			stmts = append(stmts, fmt.Sprintf(`INSERT INTO tasks (person_id, assignee_id, kind, title, due_on, created_at, done_at) VALUES (%d, %d, '%s', 'Task %d', '%s', '2026-01-01 09:00:00', %s)`,
				p.ID, w.ID, tk.kind, i, tk.due, done))
		}
		storetest.Seed(t, db, stmts...)
		for _, tt := range []struct {
			n          int
			wantTitles string
		}{{5, "[Task 0 Task 1 Task 4]"}, {2, "[Task 0 Task 1]"}} {
			got, err := db.OpenTaskSummary(ctx, w.ID, now, "risk-item-check", tt.n)
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, r := range got.AttentionRows {
				titles = append(titles, r.Title)
				if r.Kind != "risk-item-check" && !r.Overdue(now) {
					t.Errorf("%s is named for attention but is neither overdue nor a check-in", r.Title)
				}
			}
			if got.Open != 5 || got.Overdue != 2 || got.Attention != 3 || fmt.Sprint(titles) != tt.wantTitles {
				t.Errorf("n=%d: summary = %d open, %d overdue, %d needing attention %v; want 5, 2, 3 %s", tt.n, got.Open, got.Overdue, got.Attention, titles, tt.wantTitles)
			}
		}
		if got, err := db.OpenTaskSummary(ctx, w.ID+1000, now, "risk-item-check", 5); err != nil || got.Open != 0 || got.AttentionRows != nil {
			t.Errorf("a worker with no tasks: %+v, %v", got, err)
		}
		if _, err := db.OpenTaskSummary(ctx, w.ID, now, "risk-item-check", 0); err == nil {
			t.Error("naming no tasks was not refused")
		}
	})
}

// TestEpisodesPage: a page of a worker's active episodes, its total, and
// every person on the caseload by id for what spans the whole of it.
func TestEpisodesPage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, w, _ := region(t, db)
		start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
		for i := range 55 {
			p := mustPerson(t, db, fmt.Sprint("Episode", i))
			mustEpisode(t, db, care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: w.ID, Pathway: "community-scm", StartedAt: start.AddDate(0, 0, i)})
		}
		mine := store.EpisodeFilter{WorkerID: w.ID, ActiveOnly: true}
		for _, tt := range []struct {
			page, rows int
			first      string
		}{{1, 50, "Episode54 Tester"}, {2, 5, "Episode4 Tester"}, {3, 0, ""}} {
			got, err := db.EpisodesPage(ctx, mine, store.Page{Number: tt.page})
			if err != nil || got.Total != 55 || len(got.Rows) != tt.rows {
				t.Fatalf("page %d: %d rows of %d, %v; want %d of 55", tt.page, len(got.Rows), got.Total, err, tt.rows)
			}
			if tt.rows > 0 && got.Rows[0].PersonName != tt.first {
				t.Errorf("page %d starts with %s, want %s", tt.page, got.Rows[0].PersonName, tt.first)
			}
		}
		if _, err := db.EpisodesPage(ctx, mine, store.Page{}); err == nil {
			t.Error("page 0 was not refused")
		}
		ids, err := db.EpisodePeople(ctx, mine)
		if err != nil || len(ids) != 55 {
			t.Errorf("caseload people = %d, %v; want 55", len(ids), err)
		}
	})
}

// TestServicesPage: the directory list filters in the query as the page
// showed it filtering before: a tier, a locality (whole-region services
// always), and text in the name, organisation or one offer, any case.
func TestServicesPage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Seed(t, db,
			`INSERT INTO services (id, name, organization, tier, localities, offer, updated_at) VALUES ('a', 'Alpha', 'Charity 50%', 'voluntary', '["N_1"]', '["Walks \u0026 talks"]', '2026-01-01 09:00:00')`,
			`INSERT INTO services (id, name, tier, localities, offer, updated_at) VALUES ('b', 'Beta', 'primary', '[]', '["Groups","Art"]', '2026-01-01 09:00:00')`,
			`INSERT INTO services (id, name, tier, localities, offer, updated_at) VALUES ('c', 'Gamma', 'primary', '["NX1"]', '[]', '2026-01-01 09:00:00')`)
		for _, tt := range []struct {
			name string
			f    store.ServiceFilter
			want string
		}{
			{"all, primary care first", store.ServiceFilter{}, "[b c a]"},
			{"tier", store.ServiceFilter{Tier: "voluntary"}, "[a]"},
			{"locality keeps the whole region", store.ServiceFilter{Locality: "N_1"}, "[b a]"},
			{"underscore is no wildcard", store.ServiceFilter{Locality: "NX1"}, "[b c]"},
			{"organisation, percent is no wildcard", store.ServiceFilter{Text: "y 50%"}, "[a]"},
			{"offer with an ampersand, any case", store.ServiceFilter{Text: "WALKS & T"}, "[a]"},
			{"never across two offers", store.ServiceFilter{Text: `groups","art`}, "[]"},
			{"name", store.ServiceFilter{Text: "amm"}, "[c]"},
		} {
			got, err := db.ServicesPage(ctx, tt.f, store.FirstPage)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, s := range got.Rows {
				ids = append(ids, s.ID)
			}
			if fmt.Sprint(ids) != tt.want && !(tt.want == "[]" && ids == nil) || got.Total != len(ids) {
				t.Errorf("%s: %v of %d, want %s", tt.name, ids, got.Total, tt.want)
			}
		}
		if n, err := db.ServiceCount(ctx); err != nil || n != 3 {
			t.Errorf("service count = %d, %v; want 3", n, err)
		}
	})
}
