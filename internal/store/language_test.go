package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/language"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestLanguageLexiconIsVersionedData: the seed is written on first read,
// a manager adds, rewords and retires entries, every version is kept with
// who made it, a stale edit or a duplicate term is refused, and nothing
// is deleted.
func TestLanguageLexiconIsVersionedData(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		manager := auth.Actor{User: auth.User{ID: 1, Username: "team.manager", Role: auth.TeamManager}}
		entries, err := db.LanguageEntries(ctx)
		if err != nil || len(entries) != len(language.Seed()) {
			t.Fatalf("seeded %d entries, %v; want %d", len(entries), err, len(language.Seed()))
		}
		again, err := db.LanguageEntries(ctx)
		if err != nil || len(again) != len(entries) {
			t.Fatalf("second read %d entries, %v: the seed must be written once", len(again), err)
		}
		e := language.Entry{Term: "Bed blocker", Variants: []string{"bed blocking"}, Why: "It blames the person for a delay the system causes.", Alternatives: []string{"waiting for a place to live"}, Source: "Team agreement, March 2026"}
		if err := db.AddLanguageEntry(ctx, manager, &e); err != nil {
			t.Fatal(err)
		}
		dup := e
		dup.Term = "bed BLOCKER"
		if err := db.AddLanguageEntry(ctx, manager, &dup); problem.Fields(err)["term"] == "" {
			t.Errorf("duplicate term: got %v, want a term error", err)
		}
		if err := db.AddLanguageEntry(ctx, manager, &language.Entry{Term: "x"}); problem.Code(err) != problem.Invalid {
			t.Errorf("incomplete entry: got %v, want invalid", err)
		}
		reworded := e
		reworded.Alternatives = append(reworded.Alternatives, "delayed discharge")
		if err := db.UpdateLanguageEntry(ctx, manager, &reworded); err != nil || reworded.Version != 2 {
			t.Fatalf("reword: %v, version %d", err, reworded.Version)
		}
		stale := e // still version 1
		stale.Retired = true
		if err := db.UpdateLanguageEntry(ctx, manager, &stale); problem.Code(err) != problem.Conflict {
			t.Errorf("stale edit: got %v, want conflict", err)
		}
		reworded.Retired = true
		if err := db.UpdateLanguageEntry(ctx, manager, &reworded); err != nil {
			t.Fatal(err)
		}
		got, err := db.LanguageEntry(ctx, e.ID)
		if err != nil || !got.Retired || got.Version != 3 || !slices.Equal(got.Alternatives, []string{"waiting for a place to live", "delayed discharge"}) || !slices.Equal(got.Variants, []string{"bed blocking"}) {
			t.Errorf("entry = %+v, %v", got, err)
		}
		history, err := db.LanguageHistory(ctx, e.ID)
		if err != nil || len(history) != 3 {
			t.Fatalf("history %d versions, %v; want 3", len(history), err)
		}
		if h := history[0]; h.Entry.Version != 3 || !h.Entry.Retired || h.ChangedBy != "team.manager" || h.ChangedAt.IsZero() {
			t.Errorf("newest version = %+v", h)
		}
		if h := history[2]; h.Entry.Version != 1 || len(h.Entry.Alternatives) != 1 {
			t.Errorf("first version = %+v", h)
		}
	})
}

// TestEachTeamTextReadsOnlyTheTeamsStaffText: goals in the person's own
// words, other teams' text and text before the window are left out.
func TestEachTeamTextReadsOnlyTheTeamsStaffText(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		p, ep, _, clin := measureSetup(t, db, now)
		for _, g := range []care.Goal{
			{PersonID: p.ID, EpisodeID: ep.ID, Text: "Reduce manipulative behaviour", OwnWords: false},
			{PersonID: p.ID, EpisodeID: ep.ID, Text: "Stop being manipulative, in my words", OwnWords: true},
		} {
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateGoal(ctx, clin, &g) }); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		err := db.EachTeamText(ctx, []int64{ep.TeamID}, now.AddDate(0, -1, 0), func(at time.Time, text string) error {
			got = append(got, text)
			return nil
		})
		if err != nil || !slices.Equal(got, []string{"Reduce manipulative behaviour"}) {
			t.Errorf("got %q, %v", got, err)
		}
		got = nil
		if err := db.EachTeamText(ctx, []int64{ep.TeamID + 1000}, now.AddDate(0, -1, 0), func(time.Time, string) error { got = append(got, "x"); return nil }); err != nil || got != nil {
			t.Errorf("another team: got %q, %v", got, err)
		}
		if err := db.EachTeamText(ctx, []int64{ep.TeamID}, now.AddDate(0, 0, 1), func(time.Time, string) error { got = append(got, "x"); return nil }); err != nil || got != nil {
			t.Errorf("after the window: got %q, %v", got, err)
		}
	})
}
