package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestActiveEpisodeFacts: each active episode once, with its start, its
// person's crisis plan date and every contact's hours in order; episodes
// of other teams are left out.
func TestActiveEpisodeFacts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		p, ep, _, clin := measureSetup(t, db, now)
		plan := care.CrisisPlan{PersonID: p.ID, WarningSigns: "I stop eating", Contacts: []care.CrisisContact{
			{Name: "Named worker", Phone: "0113 000 0000", Hours: "Mon-Fri 9-5"},
			{Name: "Samaritans", Phone: "116 123", Hours: "24 hours, every day"},
		}}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SaveCrisisPlan(ctx, clin, &plan) }); err != nil {
			t.Fatal(err)
		}
		got, err := db.ActiveEpisodeFacts(ctx, store.IndicatorScope{Teams: []directory.Team{{ID: ep.TeamID}}})
		if err != nil || len(got) != 1 {
			t.Fatalf("got %+v, %v; want one episode", got, err)
		}
		e := got[0]
		if !e.StartedAt.Equal(ep.StartedAt) || e.CrisisPlanAt.IsZero() || !slices.Equal(e.ContactHours, []string{"Mon-Fri 9-5", "24 hours, every day"}) {
			t.Errorf("episode facts = %+v", e)
		}
		other, err := db.ActiveEpisodeFacts(ctx, store.IndicatorScope{Teams: []directory.Team{{ID: ep.TeamID + 100}}})
		if err != nil || len(other) != 0 {
			t.Errorf("another team: %+v, %v", other, err)
		}
	})
}
