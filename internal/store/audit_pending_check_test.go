package store_test

import (
	"context"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestSealerCheckReadsThePrimaryKey: the background sealer asks once a
// second whether an event waits. On PostgreSQL the rows earlier seals
// deleted stay in the table until autovacuum clears them, so a check that
// read the table from the start read every one of them, each second (11-14
// ms at 32 clients); it reads the primary key instead, where a deleted
// row, once passed, is marked and skipped. Checked by the plan after a
// seal of many events. (Counting the buffers the check reads depends on
// every other transaction in the cluster: one still open keeps the deleted
// rows visible to it, and unmarked.)
func TestSealerCheckReadsThePrimaryKey(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if db.Dialect() != store.Postgres {
			t.Skip("SQLite reuses the space of deleted rows at once")
		}
		ctx := context.Background()
		events := make([]auth.Event, 20000)
		for i := range events {
			events[i] = viewer(i%7+1).Event(auth.ActionView, int64(i%50+1), "person")
		}
		if err := db.AppendReadsForTest(ctx, events); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AuditEvents(ctx, store.AuditFilter{Limit: 1}); err != nil { // seals them all
			t.Fatal(err)
		}
		rows, err := db.RowsForTest(ctx, `EXPLAIN `+store.PendingCheckForTest)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for _, r := range rows {
			plan = append(plan, r[0])
		}
		got := strings.Join(plan, "\n")
		if strings.Contains(got, "Seq Scan on audit_pending") || !strings.Contains(got, "audit_pending_pkey") {
			t.Errorf("the sealer's check:\n%s\nwant it to read audit_pending by its primary key", got)
		}
	})
}
