package store_test

import (
	"context"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/staff"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestReflectivePracticeAttendance: a manager sets up a group; only the
// session's facilitator or a manager records attendance, attendees come
// from the group's team, a date holds one session; a staff member's
// months count what they attended; the group row counts sessions and
// attendance; the principles facts count staff who attended in three months.
func TestReflectivePracticeAttendance(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, outside := region(t, db)
		boss := mustUser(t, db, auth.User{Username: "boss", DisplayName: "Boss", Role: auth.TeamManager, TeamIDs: []int64{team.ID}})
		peer := mustUser(t, db, auth.User{Username: "peer", DisplayName: "Peer", Role: auth.PeerWorker, TeamIDs: []int64{team.ID}})
		g := staff.ReflectiveGroup{TeamID: team.ID, Name: "Thursday reflective practice", FacilitatorID: outside.ID, Frequency: staff.Monthly}
		if err := db.CreateReflectiveGroup(ctx, auth.Actor{User: worker}, &g); problem.Fields(err)["team"] == "" {
			t.Fatalf("a clinician outside management: got %v, want a team error", err)
		}
		if err := db.CreateReflectiveGroup(ctx, auth.Actor{User: boss}, &g); err != nil {
			t.Fatal(err)
		}
		dup := g
		if err := db.CreateReflectiveGroup(ctx, auth.Actor{User: boss}, &dup); problem.Fields(err)["name"] == "" {
			t.Errorf("second group of the same name: got %v, want a name error", err)
		}
		today := staff.Today(db.Now())
		lastMonth := today.AddDate(0, -1, 0)
		s := staff.ReflectiveSession{GroupID: g.ID, HeldOn: lastMonth, FacilitatorID: outside.ID, AttendeeIDs: []int64{worker.ID}}
		for _, tc := range []struct {
			name  string
			by    auth.User
			edit  func(*staff.ReflectiveSession)
			field string
		}{
			{"an attendee recording", worker, func(*staff.ReflectiveSession) {}, "facilitator"},
			{"an attendee outside the team", boss, func(s *staff.ReflectiveSession) { s.AttendeeIDs = []int64{outside.ID} }, "attendees"},
			{"no one attended", boss, func(s *staff.ReflectiveSession) { s.AttendeeIDs = nil }, "attendees"},
			{"in the future", boss, func(s *staff.ReflectiveSession) { s.HeldOn = today.AddDate(0, 0, 2) }, "held_on"},
		} {
			bad := s
			tc.edit(&bad)
			if err := db.RecordReflectiveSession(ctx, auth.Actor{User: tc.by}, &bad); problem.Fields(err)[tc.field] == "" {
				t.Errorf("%s: got %v, want a %s error", tc.name, err, tc.field)
			}
		}
		// The facilitator records one session, a manager another.
		if err := db.RecordReflectiveSession(ctx, auth.Actor{User: outside}, &s); err != nil {
			t.Fatal(err)
		}
		if e := lastEvent(t, db); e.Record != "reflective-session/"+itoa(s.ID) || e.PersonID != 0 {
			t.Errorf("audit %+v, want a create of the session filed against no person", e)
		}
		again := s
		if err := db.RecordReflectiveSession(ctx, auth.Actor{User: boss}, &again); problem.Fields(err)["held_on"] == "" {
			t.Errorf("same group, same day: got %v, want a held_on error", err)
		}
		old := staff.ReflectiveSession{GroupID: g.ID, HeldOn: today.AddDate(0, -5, 0), FacilitatorID: boss.ID, AttendeeIDs: []int64{worker.ID, peer.ID, peer.ID}}
		if err := db.RecordReflectiveSession(ctx, auth.Actor{User: boss}, &old); err != nil {
			t.Fatal(err)
		}

		hist, err := db.ReflectiveHistory(ctx, []int64{team.ID}, today.AddDate(-1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		months := staff.Months(hist, peer.ID, today, 12)
		var held, attended int
		for _, m := range months {
			held, attended = held+m.Held, attended+m.Attended
		}
		if got, want := [2]int{held, attended}, [2]int{2, 1}; got != want {
			t.Errorf("peer's year: held and attended %v, want %v", got, want)
		}
		if got := months[11].Attended + months[10].Attended; got != 0 {
			t.Errorf("peer attended %d in the last two months, want 0", got)
		}

		groups, err := db.ReflectiveGroups(ctx, boss.ID, []int64{team.ID}, today)
		if err != nil || len(groups) != 1 {
			t.Fatalf("groups %+v %v", groups, err)
		}
		if got, want := [2]int{groups[0].Sessions, groups[0].Attendances}, [2]int{2, 5}; got != want {
			t.Errorf("sessions and attendances %v, want %v (facilitators count)", got, want)
		}
		if !groups[0].Last.Equal(lastMonth) {
			t.Errorf("last session %v, want %v", groups[0].Last, lastMonth)
		}
		page, err := db.ReflectiveSessions(ctx, g.ID, store.Page{Number: 1})
		if err != nil || page.Total != 2 || len(page.Rows[1].Attendees) != 2 {
			t.Errorf("sessions %+v %v, want two, the older with two attendees", page, err)
		}
		if _, err := db.ReflectiveGroup(ctx, boss.ID, []int64{team.ID + 1}, g.ID); problem.Code(err) != problem.NotFound {
			t.Errorf("a group outside your teams: got %v, want not found", err)
		}
		if _, err := db.ReflectiveGroup(ctx, outside.ID, nil, g.ID); err != nil {
			t.Errorf("the usual facilitator from outside the team: %v, want the group", err)
		}

		f, err := db.StaffSupportFacts(ctx, []int64{team.ID}, today)
		if err != nil || len(f.Teams) != 1 {
			t.Fatalf("facts %+v %v", f, err)
		}
		// The worker attended last month; the peer only five months ago; the
		// manager facilitated five months ago: one of three in the window.
		if got, want := [2]int{f.Teams[0].Reflected, f.Teams[0].Staff}, [2]int{1, 3}; got != want {
			t.Errorf("attended in three months, of staff: %v, want %v", got, want)
		}
	})
}

// TestTeamFormulationVersions: a team formulation is versioned with
// history, a stale save conflicts, an unchanged save adds nothing, the
// person reads it only once shared, and each read is audited against them.
func TestTeamFormulationVersions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, worker, _ := region(t, db)
		p := mustPerson(t, db, "Sam")
		me := auth.Actor{User: auth.User{ID: 0, Role: auth.ServiceUser, PersonID: p.ID}, Relationship: auth.RelSelf}
		if _, found, err := db.TeamFormulation(ctx, auth.Actor{User: worker}, p.ID, false); err != nil || found {
			t.Fatalf("before any: found %v %v", found, err)
		}
		f := staff.TeamFormulation{PersonID: p.ID, Happening: "Sam calls the duty line most evenings", Patterns: "Short replies leave Sam feeling dismissed",
			Helps: "A named person and a set time", WillTry: "A planned call on Tuesdays", Present: "Dr In, Boss, the duty worker", AgreedOn: staff.Today(db.Now())}
		bad := f
		bad.Helps = "  "
		if err := db.SaveTeamFormulation(ctx, auth.Actor{User: worker}, &bad); problem.Fields(err)["helps"] == "" {
			t.Fatalf("empty what helps: got %v", err)
		}
		if err := db.SaveTeamFormulation(ctx, auth.Actor{User: worker}, &f); err != nil || f.Version != 1 {
			t.Fatalf("first save: v%d %v", f.Version, err)
		}
		if e := lastEvent(t, db); e.PersonID != p.ID || e.Action != auth.ActionUpdate {
			t.Errorf("audit %+v, want an update filed against the person", e)
		}
		if _, found, err := db.TeamFormulation(ctx, me, p.ID, true); err != nil || found {
			t.Errorf("the person before it is shared: found %v %v, want none", found, err)
		}
		stale := f
		stale.Version = 0
		if err := db.SaveTeamFormulation(ctx, auth.Actor{User: worker}, &stale); problem.Code(err) != problem.Conflict {
			t.Errorf("stale first save: got %v, want conflict", err)
		}
		same := f
		if err := db.SaveTeamFormulation(ctx, auth.Actor{User: worker}, &same); err != nil || same.Version != 1 {
			t.Errorf("unchanged save: v%d %v, want still version 1", same.Version, err)
		}
		f.Shared = true
		if err := db.SaveTeamFormulation(ctx, auth.Actor{User: worker}, &f); err != nil || f.Version != 2 {
			t.Fatalf("share: v%d %v", f.Version, err)
		}
		got, found, err := db.TeamFormulation(ctx, me, p.ID, true)
		if err != nil || !found || got.WillTry != f.WillTry || !got.Shared {
			t.Fatalf("the person once shared: %+v %v %v", got, found, err)
		}
		if e := lastEvent(t, db); e.PersonID != p.ID || e.Action != auth.ActionView {
			t.Errorf("audit %+v, want a view filed against the person", e)
		}
		hist, err := db.TeamFormulationHistory(ctx, auth.Actor{User: worker}, p.ID)
		if err != nil || len(hist) != 2 || hist[0].Version != 2 || hist[1].Shared {
			t.Errorf("history %+v %v, want two versions, the first unshared", hist, err)
		}
		// A newer version the team has not shared leaves the person with
		// the last one it did share.
		draft := f
		draft.Shared = false
		draft.WillTry = "A planned call on Tuesdays and Fridays"
		if err := db.SaveTeamFormulation(ctx, auth.Actor{User: worker}, &draft); err != nil || draft.Version != 3 {
			t.Fatalf("unshared third version: v%d %v", draft.Version, err)
		}
		got, found, err = db.TeamFormulation(ctx, me, p.ID, true)
		if err != nil || !found || got.Version != 2 || got.WillTry != f.WillTry {
			t.Errorf("the person after an unshared draft: %+v %v %v, want version 2", got, found, err)
		}
		if v, err := db.SharedTeamFormulationVersion(ctx, p.ID); err != nil || v != 2 {
			t.Errorf("shared version = %d %v, want 2", v, err)
		}
		if cur, _, err := db.TeamFormulation(ctx, auth.Actor{User: worker}, p.ID, false); err != nil || cur.Version != 3 {
			t.Errorf("staff read version %d %v, want the current 3", cur.Version, err)
		}
	})
}
