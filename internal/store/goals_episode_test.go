package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestEpisodeGoalsAreGoalsOfTheEpisode: EpisodeGoals is what Goals reads of
// the episode's goals and those of no episode, in the same order and with
// the same ratings in theirs, for goals rated many times, once and never,
// set aside by someone, and belonging to another episode (left out).
func TestEpisodeGoalsAreGoalsOfTheEpisode(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		p, ep, _, clin := measureSetup(t, db, now)
		other := care.Episode{PersonID: p.ID, TeamID: ep.TeamID, NamedWorkerID: ep.NamedWorkerID, Pathway: "therapies", Modality: "DBT", StartedAt: now.AddDate(-1, 0, 0), EndedAt: now.AddDate(0, -4, 0)}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateEpisode(ctx, auth.System, &other) }); err != nil {
			t.Fatal(err)
		}
		add := func(text string, episode int64, ratings ...int) care.Goal {
			t.Helper()
			g := care.Goal{PersonID: p.ID, EpisodeID: episode, Text: text}
			for _, n := range ratings {
				g.Ratings = append(g.Ratings, care.GoalRating{Rating: n, Note: text})
			}
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateGoal(ctx, clin, &g) }); err != nil {
				t.Fatal(err)
			}
			return g
		}
		rated := add("Walk to the park", ep.ID, 3)
		add("Sleep through", 0)
		add("From the last episode", other.ID, 5)
		setAside := add("Back to college", ep.ID, 2)
		for i, n := range []int{6, 8} {
			db.Now = func() time.Time { return now.Add(time.Duration(i+1) * time.Hour) }
			if err := db.RateGoal(ctx, clin, &care.GoalRating{GoalID: rated.ID, Rating: n, Note: "again"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SetGoalStatus(ctx, clin, p.ID, setAside.ID, 1, care.GoalSetAside); err != nil {
			t.Fatal(err)
		}
		all, err := db.Goals(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var want []care.Goal
		for _, g := range all {
			if g.EpisodeID == 0 || g.EpisodeID == ep.ID {
				want = append(want, g)
			}
		}
		got, err := db.EpisodeGoals(ctx, p.ID, ep.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got  %+v\nwant %+v", got, want)
		}
		if len(want) != 3 || len(want[0].Ratings) != 3 || want[2].StatusChangedBy == "" {
			t.Errorf("the test's goals are not what it means to compare: %+v", want)
		}
		if got, err := db.EpisodeGoals(ctx, p.ID+1000, ep.ID); err != nil || len(got) != 0 {
			t.Errorf("another person's goals: %+v, %v", got, err)
		}
	})
}
