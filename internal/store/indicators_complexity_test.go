package store_test

import (
	"context"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestPlanNeedsFacts: each active plan's need domains with who holds them
// (staff or the person as the team, another agency), liaison on the plan,
// and nothing from other teams.
func TestPlanNeedsFacts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, ep, a := workerEpisode(t, db)
		p, err := db.CarePlan(ctx, a, ep.ID)
		if err != nil {
			t.Fatal(err)
		}
		p.ReviewOn, p.Agreement = db.Now().AddDate(0, 3, 0), care.AgreementAgreed
		p.Needs = []care.Need{
			{Domain: "housing", Description: "Flat is damp", Actions: []care.Action{{Text: "Report repairs", OwnerKind: care.OwnerAgency, Agency: "housing-provider"}}},
			{Domain: "money", Description: "Benefits stopped", Actions: []care.Action{{Text: "Ring DWP together", OwnerKind: care.OwnerPerson}}},
			{Domain: "mental-health", Description: "Nights are hard", Actions: []care.Action{{Text: "SCM sessions", OwnerKind: care.OwnerStaff, StaffID: a.User.ID}, {Text: "GP review", OwnerKind: care.OwnerAgency, Agency: "gp"}}},
		}
		if err := db.SaveCarePlan(ctx, a, &p); err != nil {
			t.Fatal(err)
		}
		got, err := db.PlanNeedsFacts(ctx, store.IndicatorScope{Teams: []directory.Team{team}})
		if err != nil || len(got) != 1 {
			t.Fatalf("got %+v, %v; want one plan", got, err)
		}
		want := map[string][2]bool{"housing": {false, true}, "money": {true, false}, "mental-health": {true, true}}
		for d, w := range want {
			if h := got[0].Needs[d]; h.Team != w[0] || h.Agency != w[1] {
				t.Errorf("%s: got %+v, want team %v agency %v", d, h, w[0], w[1])
			}
		}
		if got[0].Liaison {
			t.Error("liaison before any was recorded")
		}
		l := care.Liaison{PersonID: ep.PersonID, PlanID: p.ID, On: db.Now(), Agency: "housing-provider", Discussed: "Repairs booked", Domain: "housing"}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.AddLiaison(ctx, a, &l) }); err != nil {
			t.Fatal(err)
		}
		if got, err := db.PlanNeedsFacts(ctx, store.IndicatorScope{Teams: []directory.Team{team}}); err != nil || len(got) != 1 || !got[0].Liaison {
			t.Errorf("after liaison: %+v, %v", got, err)
		}
		if other, err := db.PlanNeedsFacts(ctx, store.IndicatorScope{Teams: []directory.Team{{ID: team.ID + 100}}}); err != nil || len(other) != 0 {
			t.Errorf("another team: %+v, %v", other, err)
		}
	})
}

// workerEpisode is a community SCM episode in a new region's team, and its
// named worker acting on their caseload.
func workerEpisode(t *testing.T, db *store.DB) (directory.Team, care.Episode, auth.Actor) {
	t.Helper()
	team, worker, _ := region(t, db)
	ep := openEpisode(t, db, team, worker, care.PathwayCommunity, "SCM", "standard")
	return team, ep, auth.Actor{User: worker, Relationship: auth.RelCaseload}
}
