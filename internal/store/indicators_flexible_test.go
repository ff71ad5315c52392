package store_test

import (
	"context"
	"testing"

	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/indicators"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestEpisodeChangeFacts: changes in the period on the scope's episodes
// are counted by kind; another team's and those outside the period not.
func TestEpisodeChangeFacts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, ep, a := workerEpisode(t, db)
		if err := db.StepEpisode(ctx, a, ep.ID, ep.Version, true, "intensive", "Nights are harder since the move"); err != nil {
			t.Fatal(err)
		}
		now := db.Now()
		p := indicators.Period{From: now.AddDate(0, 0, -7), To: now}
		got, err := db.EpisodeChangeFacts(ctx, store.IndicatorScope{Teams: []directory.Team{team}}, p)
		if err != nil || got[care.EventStepUp] != 1 || len(got) != 1 {
			t.Errorf("got %v, %v; want one step up", got, err)
		}
		before := indicators.Period{From: now.AddDate(0, 0, -30), To: now.AddDate(0, 0, -8)}
		if got, err := db.EpisodeChangeFacts(ctx, store.IndicatorScope{Teams: []directory.Team{team}}, before); err != nil || len(got) != 0 {
			t.Errorf("before the change: %v, %v", got, err)
		}
		if got, err := db.EpisodeChangeFacts(ctx, store.IndicatorScope{Teams: []directory.Team{{ID: team.ID + 100}}}, p); err != nil || len(got) != 0 {
			t.Errorf("another team: %v, %v", got, err)
		}
	})
}
