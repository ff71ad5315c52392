package store_test

import (
	"context"
	"strings"
	"testing"

	"throughline/internal/store/storetest"
)

// TestHotQueriesUseTheirIndexes: the queries behind the busiest pages
// find their rows through an index made for them (migration 0016), not a
// scan that grows with the region. SQLite only: its plans are stable to
// check; PostgreSQL chooses by its own statistics.
func TestHotQueriesUseTheirIndexes(t *testing.T) {
	db := storetest.Migrated.Open(t, "sqlite")
	tests := []struct {
		name, query, want string
	}{
		{"principles: an episode's active goals in own words",
			`SELECT COUNT(*) FROM goals g WHERE g.episode_id = ? AND g.status = 'active' AND g.own_words`,
			"USING COVERING INDEX goals_episode_status"},
		{"home: a worker's open caseload",
			`SELECT e.id, e.person_id FROM episodes e WHERE e.named_worker_id = ? AND e.ended_at IS NULL`,
			"USING INDEX episodes_worker_open (named_worker_id=? AND ended_at=?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := storetest.SQLitePlan(t, db, tt.query, 1); !strings.Contains(got, tt.want) {
				t.Errorf("plan of %s:\n%s\nwant it %s", tt.query, got, tt.want)
			}
		})
	}
}

// TestPlannerUsesStatistics: once Analyze has run over a service's
// referrals, most of them closed, a team's newest open referrals come
// from the index of open referrals (migration 0031), newest first, and
// the list stops after ten instead of reading and sorting the service's
// whole history.
func TestPlannerUsesStatistics(t *testing.T) {
	db := storetest.Migrated.Open(t, "sqlite")
	storetest.Seed(t, db,
		`INSERT INTO people (id, given_name, family_name, created_at, updated_at) VALUES (1, 'Plan', 'Person', '2025-01-01 00:00:00', '2025-01-01 00:00:00')`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
		 INSERT INTO referrals (person_id, service_id, status, received_at, updated_at)
		 SELECT 1, 'cen', CASE WHEN i % 100 = 0 THEN 'waiting' ELSE 'outcome' END, datetime('2025-01-01', '+' || i || ' hours'), '2026-01-01 00:00:00' FROM n`)
	if err := db.Analyze(context.Background()); err != nil {
		t.Fatal(err)
	}
	q := `SELECT r.id FROM referrals r JOIN people p ON p.id = r.person_id JOIN services s ON s.id = r.service_id WHERE 1 = 1
		AND r.service_id IN (SELECT service_id FROM teams WHERE id IN (0, ?)) AND r.status NOT IN ('declined', 'outcome')
		ORDER BY r.received_at DESC, r.id DESC LIMIT 10`
	if got, want := storetest.SQLitePlan(t, db, q, 1), "SCAN r USING INDEX referrals_open_received"; !strings.Contains(got, want) {
		t.Errorf("plan of a team's newest open referrals:\n%s\nwant it %s", got, want)
	}
}
