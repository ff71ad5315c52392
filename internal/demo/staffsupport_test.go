package demo_test

import (
	"context"
	"slices"
	"testing"

	"throughline/internal/demo"
	"throughline/internal/staff"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestDemoStaffSupport: the demo's CEN teams have expected supervision
// with some people overdue (the fixed clinician among them) and most
// not; a training matrix with realistic gaps (the community team holds no
// MBT, renewals due or lapsed) and requests waiting for the manager.
func TestDemoStaffSupport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t, t.TempDir()+"/demo.db")
	opt := options(t, 2026)
	opt.People = 300
	if _, err := demo.Load(ctx, db, opt); err != nil {
		t.Fatal(err)
	}
	manager := mustUser(t, db, "manager")
	today := staff.Today(now)
	st, err := db.SupervisionStandings(ctx, manager.TeamIDs, nil, today)
	if err != nil {
		t.Fatal(err)
	}
	overdue := 0
	clin := mustUser(t, db, "clinician")
	for _, s := range st {
		if s.Overdue() {
			overdue++
		}
		if s.UserID == clin.ID && (!s.Overdue() || s.Standings[0].Words != "Last clinical supervision 7 weeks ago; expected monthly") {
			t.Errorf("the fixed clinician: %+v, want clinical supervision 7 weeks ago and overdue", s.Standings)
		}
	}
	if overdue == 0 || overdue*2 > len(st) {
		t.Errorf("%d of %d overdue, want some but under half", overdue, len(st))
	}
	m, err := db.TrainingMatrix(ctx, manager.TeamIDs, today)
	if err != nil {
		t.Fatal(err)
	}
	if m.Due == 0 {
		t.Error("no renewals due or lapsed")
	}
	var community []string
	for _, l := range m.Lacks {
		if l.TeamName == "CEN Community Team" {
			community = l.Courses
		}
	}
	if !slices.Contains(community, "Mentalization-Based Treatment (MBT) basic") {
		t.Errorf("community team lacks %v, want MBT among them", community)
	}
	reqs, err := db.TrainingRequests(ctx, manager.TeamIDs)
	if err != nil || len(reqs) == 0 {
		t.Errorf("requests %d %v, want some waiting", len(reqs), err)
	}
	cons, err := db.Consultations(ctx, manager.TeamIDs, 0, store.FirstPage)
	if err != nil || cons.Total < 6 {
		t.Errorf("%d consultations (%v), want the CMHTs' and Talking Therapies'", cons.Total, err)
	}
	caps, err := db.Capacities(ctx, manager.TeamIDs)
	if err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for _, c := range caps {
		if c.Load.Level != staff.Within {
			flagged++
		}
	}
	t.Logf("%d of %d workers near or over capacity", flagged, len(caps))
	if len(caps) == 0 || caps[0].Capacity.FullTime == 0 {
		t.Errorf("capacities %+v, want limits set", caps)
	}
	sessions, err := db.SupervisionSessions(ctx, store.SupervisionScope{All: true}, store.FirstPage)
	if err != nil || sessions.Total < 100 {
		t.Errorf("%d sessions (%v), want six months of history", sessions.Total, err)
	}
}
