package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"throughline/internal/directory"
	"throughline/internal/indicators"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestIndicatorEndingsEachTakeTheirOwnOutreach: the endings are read in one
// pass for everyone, so one person ended twice must still have each ending
// judged on the outreach and attendance before its own day, including
// that day itself, and nothing after it.
func TestIndicatorEndingsEachTakeTheirOwnOutreach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cen, worker, _ := region(t, db)
		person := mustPerson(t, db, "Twice").ID
		ts := func(s string) string { return "'" + s + ":00+00:00'" }
		var q []string
		add := func(f string, args ...any) { q = append(q, fmt.Sprintf(f, args...)) }
		for _, end := range []string{"2026-02-01", "2026-03-20"} {
			add(`INSERT INTO episodes (person_id, team_id, named_worker_id, pathway, started_at, ended_at) VALUES (%d, %d, %d, 'community-scm', %s, %s)`,
				person, cen.ID, worker.ID, ts("2025-06-01 09:00"), ts(end+" 17:00"))
			add(`INSERT INTO episode_endings (episode_id, person_id, kind, reason, ended_on, created_at)
				SELECT MAX(id), %d, 'unplanned', 'non-engagement', '%s', %s FROM episodes WHERE person_id = %d`, person, end, ts(end+" 17:00"), person)
		}
		for _, a := range []string{"2026-01-10 10:00", "2026-02-01 08:00", "2026-02-02 10:00"} {
			add(`INSERT INTO appointments (person_id, kind, starts_at, outcome, created_at, updated_at) VALUES (%d, 'session', %s, 'attended', %s, %s)`,
				person, ts(a), ts(a), ts(a))
		}
		for _, o := range []string{"2026-01-20 10:00 phone", "2026-02-01 16:00 letter", "2026-02-02 10:00 text", "2026-03-21 10:00 visit"} {
			add(`INSERT INTO outreach_attempts (person_id, at, method, outcome, created_at) VALUES (%d, %s, '%s', 'no-answer', %s)`, person, ts(o[:16]), o[17:], ts(o[:16]))
		}
		storetest.Seed(t, db, q...)
		f, err := db.IndicatorFacts(ctx, store.IndicatorScope{Teams: []directory.Team{cen}, ServiceIDs: []string{"cen"}},
			indicators.Period{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		type ending struct {
			last     string
			attempts []string
		}
		var got []ending
		for _, e := range f.Endings {
			x := ending{last: e.LastAttended.UTC().Format("2006-01-02 15:04")}
			for _, a := range e.Attempts {
				x.attempts = append(x.attempts, a.At.UTC().Format("2006-01-02 15:04")+" "+string(a.Method))
			}
			got = append(got, x)
		}
		slices.SortFunc(got, func(a, b ending) int { return len(a.attempts) - len(b.attempts) })
		want := []ending{
			{"2026-02-01 08:00", []string{"2026-01-20 10:00 phone", "2026-02-01 16:00 letter"}},
			{"2026-02-02 10:00", []string{"2026-01-20 10:00 phone", "2026-02-01 16:00 letter", "2026-02-02 10:00 text"}},
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("endings:\n got %v\nwant %v", got, want)
		}
	})
}
