package demo_test

import (
	"context"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/demo"
	"throughline/internal/staff"
	"throughline/internal/store/storetest"
)

// TestDemoReflectivePractice: each CEN team has a reflective-practice
// group with a year of sessions, the fixed clinician attended some months
// and missed others, and the demo service user can read a shared second
// version of their team formulation.
func TestDemoReflectivePractice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t, t.TempDir()+"/demo.db")
	opt := options(t, 2026)
	opt.People = 300
	if _, err := demo.Load(ctx, db, opt); err != nil {
		t.Fatal(err)
	}
	today := staff.Today(now)
	manager, clin := mustUser(t, db, "manager"), mustUser(t, db, "clinician")
	groups, err := db.ReflectiveGroups(ctx, manager.ID, cenTeams(t, db), today)
	if err != nil || len(groups) < 2 {
		t.Fatalf("groups %+v %v, want one per CEN team", groups, err)
	}
	for _, g := range groups {
		if g.Sessions < 10 {
			t.Errorf("%s: %d sessions in a year, want about twelve", g.TeamName, g.Sessions)
		}
	}
	hist, err := db.ReflectiveHistory(ctx, clin.TeamIDs, today.AddDate(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	var attended, missed int
	for _, m := range staff.Months(hist, clin.ID, today, 12) {
		attended += m.Attended
		missed += m.Held - m.Attended
	}
	if attended == 0 || missed == 0 {
		t.Errorf("the fixed clinician attended %d and missed %d, want some of each", attended, missed)
	}
	me := mustUser(t, db, "serviceuser")
	f, found, err := db.TeamFormulation(ctx, auth.Actor{User: me, Relationship: auth.RelSelf}, me.PersonID, true)
	if err != nil || !found || f.Version != 2 || !f.Shared {
		t.Errorf("the service user's team formulation: %+v %v %v, want version 2, shared", f, found, err)
	}
}
