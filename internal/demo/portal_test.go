package demo_test

import (
	"context"
	"testing"

	"throughline/internal/store"
)

// TestDemoPortalHasBeenUsed: the demo service user has an appointment to
// ask about, something they said about their care plan that is new to
// their named worker, a rating of their own and a goal they suggested.
func TestDemoPortalHasBeenUsed(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo region")
	}
	t.Parallel()
	ctx := context.Background()
	db := region.Open(t, "sqlite")
	u := mustUser(t, db, "serviceuser")
	clin := mustUser(t, db, "clinician")
	aps, err := db.Appointments(ctx, store.AppointmentFilter{PersonID: u.PersonID, Limit: store.AllRows})
	if err != nil || len(aps) == 0 || aps[len(aps)-1].Location != "Room 2, Elm House, 14 Station Road" || aps[len(aps)-1].Outcome != "" {
		t.Errorf("the service user's appointments = %+v, %v; want the portal's one, still to come, last", aps, err)
	}
	unread, err := db.UnreadPlanComments(ctx, clin.ID, 50)
	if err != nil || len(unread) != 1 || unread[0].PersonID != u.PersonID {
		t.Errorf("the clinician's new comments = %+v, %v; want the service user's", unread, err)
	}
	goals, err := db.Goals(ctx, u.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	own := 0
	for _, g := range goals {
		for _, r := range g.Ratings {
			if r.Source == "portal" {
				own++
			}
		}
	}
	if own != 1 {
		t.Errorf("ratings from the portal = %d, want 1", own)
	}
	reqs, err := db.PortalRequests(ctx, u.PersonID)
	if err != nil || len(reqs) != 1 || reqs[0].Done() {
		t.Errorf("requests = %+v, %v; want one open suggestion", reqs, err)
	}
}
