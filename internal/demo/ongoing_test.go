package demo_test

import (
	"context"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// TestOngoingCareDemo: every active episode of the demo clinician has a
// care plan with rated goals in the person's words, needs with actions and
// a crisis plan with a 24-hour line and consents; their Community Team
// people have medication, some have carers, and some episodes have history.
func TestOngoingCareDemo(t *testing.T) {
	t.Parallel()
	region.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u, err := db.UserByUsername(ctx, "clinician")
		if err != nil {
			t.Fatal(err)
		}
		a := auth.Actor{User: u, Relationship: auth.RelCaseload}
		eps, err := db.Episodes(ctx, store.EpisodeFilter{WorkerID: u.ID, ActiveOnly: true})
		if err != nil || len(eps) < 10 {
			t.Fatalf("clinician's caseload = %d, %v", len(eps), err)
		}
		var meds, carers, events, liaison int
		for _, e := range eps {
			plan, err := db.CarePlan(ctx, a, e.ID)
			if err != nil || plan.Version == 0 || len(plan.Needs) == 0 || len(plan.Needs[0].Actions) == 0 {
				t.Errorf("episode %d care plan = %+v, %v", e.ID, plan, err)
				continue
			}
			goals, _ := db.Goals(ctx, e.PersonID)
			rated := 0
			for _, g := range goals {
				if g.EpisodeID == e.ID && len(g.Ratings) >= 2 {
					rated++
				}
			}
			if rated == 0 && e.StartedAt.Before(now.AddDate(0, -2, 0)) {
				t.Errorf("episode %d: no goal rated more than once", e.ID)
			}
			crisis, err := db.CrisisPlan(ctx, a, e.PersonID)
			if err != nil || len(crisis.Contacts) < 2 || len(crisis.SharedWith()) == 0 || crisis.Contacts[1].Hours != "24 hours, every day" {
				t.Errorf("person %d crisis plan = %+v, %v", e.PersonID, crisis, err)
			}
			m, _ := db.Medications(ctx, a, e.PersonID)
			meds += len(m)
			c, _ := db.Carers(ctx, a, e.PersonID)
			carers += len(c)
			h, _ := db.EpisodeEvents(ctx, e.ID)
			events += len(h)
			l, _ := db.Liaisons(ctx, plan.ID)
			liaison += len(l)
			if e.Pathway != care.PathwayCommunity && len(m) > 0 {
				t.Errorf("medication on a %s episode", e.Pathway)
			}
		}
		if meds == 0 || carers == 0 || events == 0 || liaison == 0 {
			t.Errorf("clinician's people: %d medicines, %d carers, %d history events, %d liaison records; want some of each", meds, carers, events, liaison)
		}
	})
}
