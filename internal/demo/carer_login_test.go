package demo_test

import (
	"context"
	"testing"

	"throughline/internal/auth"
)

// TestDemoCarerLogin: the demo "carer" signs in straight away, linked to a
// carer of the demo service user who shares the crisis plan and upcoming
// appointments and nothing else, and the plan has something to show.
func TestDemoCarerLogin(t *testing.T) {
	t.Parallel()
	db := region.Open(t, "sqlite")
	ctx := context.Background()
	u := mustUser(t, db, "carer")
	if u.Role != auth.Carer || u.MustChangePassword || u.Disabled {
		t.Fatalf("demo carer = %+v, want an active carer sign-in", u)
	}
	c, err := db.CarerOfUser(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	su := mustUser(t, db, "serviceuser")
	if got, want := c.PersonID, su.PersonID; got != want {
		t.Errorf("demo carer is a carer of person %d, want the service user %d", got, want)
	}
	if !c.Share.CrisisPlan || !c.Share.Appointments || c.Share.CarePlan || c.Share.Medication || !c.ConsentActive(db.Now()) {
		t.Errorf("demo carer's consent = %+v, want crisis plan and appointments, current", c)
	}
	view, err := db.CarerSharedView(ctx, auth.Actor{User: u, Relationship: auth.RelCarer}, c)
	if err != nil {
		t.Fatal(err)
	}
	if view.CrisisPlan == nil || view.CarePlan != nil || view.Medication != nil {
		t.Errorf("demo carer's view: crisis plan %v, care plan %v, medication %v; want the crisis plan only of those", view.CrisisPlan != nil, view.CarePlan != nil, view.Medication != nil)
	}
}
