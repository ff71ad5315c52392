package demo_test

import (
	"context"
	"slices"
	"testing"

	"throughline/internal/demo"
	"throughline/internal/journey"
	"throughline/internal/store"
)

// TestTalkingTherapiesBatch: the demo imports an NHS Talking Therapies
// service's own journeys through the journeys import, so the journeys page
// has another source, and some of its people fell through.
func TestTalkingTherapiesBatch(t *testing.T) {
	t.Parallel()
	region.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sources, err := db.JourneySources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(sources, demo.TalkingTherapiesSource) {
			t.Fatalf("journey sources = %q, want %q", sources, demo.TalkingTherapiesSource)
		}
		refs, _, err := db.ImportedJourneys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(refs) < 150 {
			t.Fatalf("imported referrals = %d, want at least one for each of 150 people", len(refs))
		}
		res := journey.Analyse(journey.Input{Referrals: refs}, journey.Filter{AsOf: now})
		s := res.Summary
		if s.People != 150 || s.Treated < 100 || s.FellThrough == 0 || s.Instead.Crisis == 0 || s.Instead.NothingRecorded == 0 {
			t.Errorf("imported journeys: %d people, %d treated, %d fell through (%+v); want 150 people, most treated, some falling through to a crisis service and to nothing",
				s.People, s.Treated, s.FellThrough, s.Instead)
		}
	})
}
