package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// The open directory lists services with when each last changed, and can
// keep to those changed since a time, or matching text or a tier.
func TestPublishedServicesFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := auth.Actor{User: auth.User{Username: "test", Role: auth.SystemAdmin}}
		for _, s := range []directory.Service{
			{ID: "old", Name: "Old Service", Tier: "voluntary", Offer: []string{"drop-in"}},
			{ID: "new", Name: "New Service", Tier: "secondary"},
		} {
			s := s
			if err := db.AddService(ctx, a, &s); err != nil {
				t.Fatal(err)
			}
		}
		storetest.Seed(t, db, `UPDATE services SET updated_at = '2026-01-01 09:00:00+00:00' WHERE id = 'old'`,
			`UPDATE services SET updated_at = '2026-06-01 09:00:00+00:00' WHERE id = 'new'`)
		for _, tc := range []struct {
			name string
			f    store.PublishedFilter
			want []string
		}{
			{"all", store.PublishedFilter{}, []string{"new", "old"}},
			{"modified after", store.PublishedFilter{ModifiedAfter: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}, []string{"new"}},
			{"modified at the same time", store.PublishedFilter{ModifiedAfter: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}, []string{"new", "old"}},
			{"text in the offer", store.PublishedFilter{Text: "DROP"}, []string{"old"}},
			{"tier", store.PublishedFilter{Tier: "secondary"}, []string{"new"}},
		} {
			got, err := db.PublishedServices(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, s := range got {
				ids = append(ids, s.ID)
				if s.UpdatedAt.IsZero() {
					t.Errorf("%s: %s has no updated time", tc.name, s.ID)
				}
			}
			if len(ids) != len(tc.want) || (len(ids) > 0 && ids[0] != tc.want[0]) {
				t.Errorf("%s: got %v, want %v", tc.name, ids, tc.want)
			}
		}
	})
}
