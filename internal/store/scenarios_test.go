package store_test

import (
	"context"
	"strconv"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

func TestScenarioSaveShareAndMakeLive(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		author := auth.Actor{User: auth.User{ID: 3, Username: "commissioner", Role: auth.Commissioner}}
		mgr := auth.Actor{User: auth.User{ID: 7, Username: "manager", Role: auth.TeamManager}}
		if _, err := db.ImportDirectory(ctx, mgr, smallDirectory(t)); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateScenario(ctx, author, &store.SavedScenario{Title: " ", Changes: `{"changes":[]}`}); problem.Code(err) != problem.Invalid {
			t.Errorf("blank title: %v, want invalid", err)
		}
		sc := store.SavedScenario{Title: "Open talking therapies to chaotic engagement", Changes: `{"changes":[]}`, BasedOn: map[string]int{"iapt-north": 1}}
		if err := db.CreateScenario(ctx, author, &sc); err != nil {
			t.Fatal(err)
		}
		got, err := db.Scenario(ctx, sc.ID)
		if err != nil || got.Author != "commissioner" || got.Version != 1 || got.BasedOn["iapt-north"] != 1 || got.Live() {
			t.Fatalf("saved = %+v, %v", got, err)
		}
		stale := got
		got.Changes = `{"changes":[{"service":"iapt-north","eligibility":{"engagement":["able","variable","chaotic"]}}]}`
		if err := db.SaveScenario(ctx, &got); err != nil || got.Version != 2 {
			t.Fatalf("save: %v, version %d", err, got.Version)
		}
		stale.Title = "Overwrite"
		if err := db.SaveScenario(ctx, &stale); problem.Code(err) != problem.Conflict {
			t.Errorf("stale save: %v, want conflict", err)
		}
		list, err := db.ScenariosPage(ctx, store.FirstPage)
		if err != nil || list.Total != 1 || list.Rows[0].Title != sc.Title {
			t.Fatalf("list = %+v, %v", list, err)
		}

		svc, err := db.Service(ctx, "iapt-north")
		if err != nil {
			t.Fatal(err)
		}
		changed := svc
		changed.Eligibility = map[string][]string{"engagement": {"able", "variable", "chaotic"}}
		// A service read at an older version is refused, and nothing
		// changes: not the service, not the scenario.
		old := changed
		old.Version--
		if err := db.MakeScenarioLive(ctx, mgr, sc.ID, got.Version, []directory.Service{old}); problem.Code(err) != problem.Conflict {
			t.Errorf("stale service: %v, want conflict", err)
		}
		if s, _ := db.Scenario(ctx, sc.ID); s.Live() {
			t.Error("scenario live after a refused change")
		}
		if err := db.MakeScenarioLive(ctx, mgr, sc.ID, got.Version-1, []directory.Service{changed}); problem.Code(err) != problem.Conflict {
			t.Errorf("stale scenario: %v, want conflict", err)
		}
		if err := db.MakeScenarioLive(ctx, mgr, sc.ID, got.Version, []directory.Service{changed}); err != nil {
			t.Fatal(err)
		}
		after, _ := db.Service(ctx, "iapt-north")
		if after.Version != svc.Version+1 || len(after.Eligibility["engagement"]) != 3 {
			t.Errorf("service after live = %+v", after)
		}
		hist, err := db.ServiceHistory(ctx, "iapt-north")
		if err != nil || len(hist) < 2 || hist[0].Action != "made live from scenario "+strconv.FormatInt(sc.ID, 10) || hist[0].Username != "manager" {
			t.Errorf("history = %+v, %v", hist, err)
		}
		live, _ := db.Scenario(ctx, sc.ID)
		if !live.Live() || live.LiveBy != "manager" {
			t.Errorf("scenario after live = %+v", live)
		}
		if err := db.MakeScenarioLive(ctx, mgr, sc.ID, live.Version, []directory.Service{after}); problem.Code(err) != problem.Conflict {
			t.Errorf("live twice: %v, want conflict", err)
		}
		live.Title = "Edit after live"
		if err := db.SaveScenario(ctx, &live); problem.Code(err) != problem.Conflict {
			t.Errorf("edit after live: %v, want conflict", err)
		}
	})
}
