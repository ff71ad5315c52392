package store_test

import (
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
		{"home: a team's newest open referrals, by service (migration 0031)",
			`SELECT r.id FROM referrals r JOIN people p ON p.id = r.person_id JOIN services s ON s.id = r.service_id
				WHERE r.service_id = ? AND r.status NOT IN ('declined', 'outcome') ORDER BY r.received_at DESC, r.id DESC LIMIT 10`,
			"USING INDEX referrals_service_received (service_id=?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := storetest.SQLitePlan(t, db, tt.query, 1); !strings.Contains(got, tt.want) {
				t.Errorf("plan of %s:\n%s\nwant it %s", tt.query, got, tt.want)
			}
		})
	}
}
