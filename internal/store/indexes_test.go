package store_test

import (
	"fmt"
	"strings"
	"testing"

	"throughline/internal/care"
	"throughline/internal/store"
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
	// lists75: the waiting list's reads (migration 0032), as the store
	// sends them: one service's list in the order of its wait, read from
	// the index in that order (no sort of the whole list) without
	// touching the table.
	waiting := []struct {
		name string
		o    care.WaitOrder
		want string
	}{
		{"waiting: longest from acceptance", care.WaitOrder{}, "USING COVERING INDEX referrals_waiting_accepted (service_id=? AND decision=? AND decided_at>?"},
		{"waiting: shortest from acceptance", care.WaitOrder{Shortest: true}, "USING COVERING INDEX referrals_waiting_accepted (service_id=? AND decision=? AND decided_at>?"},
		{"waiting: longest from referral", care.WaitOrder{FromReferral: true}, "USING COVERING INDEX referrals_waiting_received (service_id=?"},
		{"waiting: shortest from referral", care.WaitOrder{FromReferral: true, Shortest: true}, "USING COVERING INDEX referrals_waiting_received (service_id=?"},
	}
	for _, tt := range waiting {
		for _, after := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, after a row %v", tt.name, after), func(t *testing.T) {
				q, args := store.WaitingStreamSQL(tt.o, after)
				got := storetest.SQLitePlan(t, db, q, args...)
				if !strings.Contains(got, tt.want) || strings.Contains(got, "TEMP B-TREE") {
					t.Errorf("plan of %s:\n%s\nwant it %s, with no sort", q, got, tt.want)
				}
			})
		}
	}
	// lists75: a person search counts and orders its matches through
	// person_name_words' indexes (migration 0033): the range of words its
	// first word begins, or the people born on the day it names, never a
	// read of every person.
	for _, query := range []string{"smith", "sam okafor", "okafor 12/03/1990"} {
		count, page, args := store.PeopleSearchSQL(query)
		for _, q := range []string{count, page} {
			got := storetest.SQLitePlan(t, db, q, args...)
			if !strings.Contains(got, "SEARCH w USING") || strings.Contains(got, "SCAN") {
				t.Errorf("plan of search %q, %s:\n%s\nwant it through person_name_words' indexes, with no scan", query, q, got)
			}
		}
	}
	for _, q := range []string{store.WaitingUndecidedSQL(), store.WaitingLongestPauseSQL()} {
		if got := storetest.SQLitePlan(t, db, q); !strings.Contains(got, "USING COVERING INDEX referrals_waiting_") {
			t.Errorf("plan of %s:\n%s\nwant it from one of the waiting list's indexes alone", q, got)
		}
	}
}
