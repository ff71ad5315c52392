package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/store"
)

// TestCarePlanPageAuditsItsView: opening the care plan, and its printable
// version, records one view of the episode's care plan by the person who
// opened it, as the record's access log names it ("care-plan/episode/N").
func TestCarePlanPageAuditsItsView(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clinician := f.users[auth.Clinician]
		token, _ := f.session(t, clinician)
		eps, err := f.db.Episodes(ctx, store.EpisodeFilter{PersonID: f.person.ID})
		if err != nil || len(eps) != 1 {
			t.Fatalf("episodes: %v, %v", eps, err)
		}
		record := fmt.Sprintf("care-plan/episode/%d", eps[0].ID)
		views := func() int {
			evs, err := f.db.AuditEvents(ctx, store.AuditFilter{PersonID: f.person.ID, UserID: clinician.ID, Action: auth.ActionView, Limit: 100000})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range evs {
				if e.Record == record && e.Relationship != "" {
					n++
				}
			}
			return n
		}
		for i, path := range []string{"/care-plan", "/care-plan/print", "/care-plan?episode=" + fmt.Sprint(eps[0].ID)} {
			res, _ := f.do(t, http.MethodGet, fmt.Sprintf("/people/%d%s", f.person.ID, path), token, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", path, res.StatusCode)
			}
			if got, want := views(), i+1; got != want {
				t.Errorf("after GET %s: %d views of %s recorded, want %d", path, got, record, want)
			}
		}
	})
}
