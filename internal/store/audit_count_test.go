package store_test

import (
	"context"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestAuditTotalCountsSealedAndPending: the unfiltered total is the
// chain's events and the pending ones together, before and after a seal,
// and a filtered total counts only what the filter selects.
func TestAuditTotalCountsSealedAndPending(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := mustPerson(t, db, "Counted")
		for i := range 4 {
			if err := db.Audit(ctx, viewer(i), auth.ActionView, p.ID, "person"); err != nil {
				t.Fatal(err)
			}
		}
		waiting, err := db.AuditWaiting(ctx)
		if err != nil {
			t.Fatal(err)
		}
		all := int(waiting) + storetest.Count(t, db, `SELECT COUNT(*) FROM audit_events`)
		if got, err := db.AuditTotal(ctx, store.AuditFilter{}); err != nil || got != all {
			t.Errorf("total before a seal = %d, %v; want %d", got, err, all)
		}
		if _, err := db.SealAudit(ctx, testAuditKey(1), everySeal); err != nil {
			t.Fatal(err)
		}
		if err := db.Audit(ctx, viewer(9), auth.ActionView, p.ID, "person"); err != nil {
			t.Fatal(err)
		}
		if got, err := db.AuditTotal(ctx, store.AuditFilter{}); err != nil || got != all+1 {
			t.Errorf("total after a seal and one more = %d, %v; want %d", got, err, all+1)
		}
		// A filtered total counts the chain, which listing seals first.
		if _, err := db.AuditEvents(ctx, store.AuditFilter{Limit: 1}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			f    store.AuditFilter
			want int
		}{
			{"views of the person", store.AuditFilter{PersonID: p.ID, Action: auth.ActionView}, 5},
			{"one viewer", store.AuditFilter{UserID: 9}, 1},
			{"nobody", store.AuditFilter{UserID: 12345}, 0},
			{"before is ignored", store.AuditFilter{PersonID: p.ID, Action: auth.ActionView, BeforeSeq: 2}, 5},
		}
		for _, tt := range tests {
			if got, err := db.AuditTotal(ctx, tt.f); err != nil || got != tt.want {
				t.Errorf("%s: total = %d, %v; want %d", tt.name, got, err, tt.want)
			}
		}
	})
}
