package store_test

import (
	"context"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/staff"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestSupervisionNotesOnlyForParties: a session is recorded by a party;
// the parties read its notes and who was discussed, the team manager and
// an auditor see only that it took place, and someone outside the team
// is told it does not exist.
func TestSupervisionNotesOnlyForParties(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, outside := region(t, db)
		boss := mustUser(t, db, auth.User{Username: "boss", DisplayName: "Boss", Role: auth.TeamManager, TeamIDs: []int64{team.ID}})
		supervisor := mustUser(t, db, auth.User{Username: "sup", DisplayName: "Sup", Role: auth.Clinician, Profession: "psychologist", TeamIDs: []int64{team.ID}})
		auditor := mustUser(t, db, auth.User{Username: "aud", DisplayName: "Aud", Role: auth.Auditor})
		ep := openEpisode(t, db, team, worker, care.PathwayCommunity, "SCM", "standard")
		now := db.Now()
		s := staff.Session{TeamID: team.ID, SupervisorID: supervisor.ID, SuperviseeIDs: []int64{worker.ID}, Type: staff.Clinical,
			HeldOn: now.AddDate(0, 0, -1), Minutes: 60, PeopleIDs: []int64{ep.PersonID}, Notes: "Talked through the ending plan"}

		// The manager is not a party, so cannot write the parties' notes.
		if err := db.RecordSupervision(ctx, auth.Actor{User: boss}, &s); problem.Fields(err)["supervisor"] == "" {
			t.Fatalf("manager recording someone else's session: got %v, want a supervisor error", err)
		}
		stranger := mustPerson(t, db, "Stranger")
		bad := s
		bad.PeopleIDs = []int64{stranger.ID}
		if err := db.RecordSupervision(ctx, auth.Actor{User: supervisor}, &bad); problem.Fields(err)["people"] == "" {
			t.Fatalf("discussing someone the team does not know: got %v, want a people error", err)
		}
		if err := db.RecordSupervision(ctx, auth.Actor{User: supervisor}, &s); err != nil {
			t.Fatal(err)
		}
		if err := db.AddSupervisionPeople(ctx, auth.Actor{User: boss}, s.ID, []int64{ep.PersonID}); problem.Code(err) != problem.NotFound {
			t.Errorf("a manager adding to a session they were not in: got %v, want not found", err)
		}
		if e := lastEvent(t, db); e.Record != "supervision/"+itoa(s.ID) || e.PersonID != 0 {
			t.Errorf("audit %+v, want a create of supervision/%d not filed against the person", e, s.ID)
		}
		for _, tc := range []struct {
			name    string
			u       auth.User
			sc      store.SupervisionScope
			private bool
			missing bool
		}{
			{"supervisor", supervisor, store.SupervisionScope{UserID: supervisor.ID}, false, false},
			{"supervisee", worker, store.SupervisionScope{UserID: worker.ID}, false, false},
			{"team manager", boss, store.SupervisionScope{UserID: boss.ID, TeamIDs: []int64{team.ID}}, true, false},
			{"auditor", auditor, store.SupervisionScope{All: true}, true, false},
			{"outsider", outside, store.SupervisionScope{UserID: outside.ID}, false, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := db.SupervisionSession(ctx, auth.Actor{User: tc.u}, tc.sc, s.ID)
				if tc.missing {
					if problem.Code(err) != problem.NotFound {
						t.Fatalf("got %v, want not found", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.Private != tc.private || (got.Notes != "") == tc.private || (len(got.People) > 0) == tc.private {
					t.Errorf("private %v, notes %q, people %v; want private %v", got.Private, got.Notes, got.People, tc.private)
				}
				if got.Type != staff.Clinical || got.Minutes != 60 || len(got.Supervisees) != 1 {
					t.Errorf("existence: got %+v", got.Session)
				}
				list, err := db.SupervisionSessions(ctx, tc.sc, store.FirstPage)
				if err != nil || list.Total != 1 || list.Rows[0].Notes != "" {
					t.Errorf("list: %+v %v, want the one session without notes", list, err)
				}
			})
		}
	})
}

// TestSupervisionStandings: the manager sets monthly clinical supervision
// for clinicians; a clinician last supervised seven weeks ago is overdue,
// one never supervised is overdue, one supervised last week is not.
func TestSupervisionStandings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, lapsed, _ := region(t, db)
		boss := mustUser(t, db, auth.User{Username: "boss", DisplayName: "Boss", Role: auth.TeamManager, TeamIDs: []int64{team.ID}})
		recent := mustUser(t, db, auth.User{Username: "recent", DisplayName: "Recent", Role: auth.Clinician, Profession: "nurse", TeamIDs: []int64{team.ID}})
		never := mustUser(t, db, auth.User{Username: "never", DisplayName: "Never", Role: auth.Clinician, Profession: "nurse", TeamIDs: []int64{team.ID}})
		if err := db.SetSupervisionExpectation(ctx, auth.Actor{User: boss}, staff.Expectation{TeamID: team.ID, Role: auth.Clinician, Type: staff.Clinical, Frequency: "yearly"}); problem.Code(err) != problem.Invalid {
			t.Errorf("unknown frequency: got %v, want invalid", err)
		}
		if err := db.SetSupervisionExpectation(ctx, auth.Actor{User: boss}, staff.Expectation{TeamID: team.ID, Role: auth.Clinician, Type: staff.Clinical, Frequency: staff.Weekly}); err != nil {
			t.Fatal(err)
		}
		// Setting it again replaces it.
		if err := db.SetSupervisionExpectation(ctx, auth.Actor{User: boss}, staff.Expectation{TeamID: team.ID, Role: auth.Clinician, Type: staff.Clinical, Frequency: staff.Monthly}); err != nil {
			t.Fatal(err)
		}
		now := db.Now()
		for who, ago := range map[int64]int{lapsed.ID: 49, recent.ID: 7} {
			s := staff.Session{TeamID: team.ID, SupervisorID: boss.ID, SuperviseeIDs: []int64{who}, Type: staff.Clinical, HeldOn: now.AddDate(0, 0, -ago), Minutes: 60}
			if err := db.RecordSupervision(ctx, auth.Actor{User: boss}, &s); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.SupervisionStandings(ctx, []int64{team.ID}, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]string{
			lapsed.ID: "Last clinical supervision 7 weeks ago; expected monthly",
			recent.ID: "Last clinical supervision 7 days ago; expected monthly",
			never.ID:  "No clinical supervision recorded; expected monthly",
		}
		overdue := map[int64]bool{lapsed.ID: true, never.ID: true}
		if len(got) != len(want) {
			t.Fatalf("got %d standings, want %d (managers have no expectation set): %+v", len(got), len(want), got)
		}
		for _, s := range got {
			if s.Standings[0].Words != want[s.UserID] || s.Overdue() != overdue[s.UserID] {
				t.Errorf("%s: got %q overdue %v, want %q overdue %v", s.Name, s.Standings[0].Words, s.Overdue(), want[s.UserID], overdue[s.UserID])
			}
		}
		mine, err := db.Supervisees(ctx, boss.ID)
		if err != nil || len(mine) != 2 {
			t.Errorf("supervisees %v %v, want the two supervised", mine, err)
		}
	})
}

// TestTrainingRequestsAndMatrix: a worker asks to attend and records a
// completion; only a manager of their team answers the request; the
// matrix shows who holds what, what is due, and what the team lacks.
func TestTrainingRequestsAndMatrix(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, outsider := region(t, db)
		outsider.Role = auth.TeamManager
		boss := mustUser(t, db, auth.User{Username: "boss", DisplayName: "Boss", Role: auth.TeamManager, TeamIDs: []int64{team.ID}})
		courses, err := db.TrainingCourses(ctx, false)
		if err != nil || len(courses) < 8 {
			t.Fatalf("seeded catalogue: %d courses, %v", len(courses), err)
		}
		c := staff.Course{Name: "Autism awareness", Provider: "Local charity", LivedExperience: staff.LEBoth, RenewalMonths: 12}
		if err := db.AddTrainingCourse(ctx, auth.Actor{User: boss}, &c); err != nil {
			t.Fatal(err)
		}
		dup := staff.Course{Name: "autism AWARENESS", Provider: "x", LivedExperience: staff.LENone}
		if err := db.AddTrainingCourse(ctx, auth.Actor{User: boss}, &dup); problem.Fields(err)["name"] == "" {
			t.Errorf("duplicate name: got %v", err)
		}
		me := auth.Actor{User: worker}
		if err := db.RequestTraining(ctx, me, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RequestTraining(ctx, me, c.ID); problem.Code(err) != problem.Conflict {
			t.Errorf("second request: got %v, want conflict", err)
		}
		reqs, err := db.TrainingRequests(ctx, []int64{team.ID})
		if err != nil || len(reqs) != 1 {
			t.Fatalf("requests %v %v", reqs, err)
		}
		if err := db.DecideTrainingRequest(ctx, auth.Actor{User: outsider}, reqs[0].ID, true); problem.Code(err) != problem.NotFound {
			t.Errorf("manager of another team: got %v, want not found", err)
		}
		if err := db.DecideTrainingRequest(ctx, auth.Actor{User: boss}, reqs[0].ID, true); err != nil {
			t.Fatal(err)
		}
		if err := db.DecideTrainingRequest(ctx, auth.Actor{User: boss}, reqs[0].ID, false); problem.Code(err) != problem.Conflict {
			t.Errorf("answering twice: got %v, want conflict", err)
		}
		now := db.Now()
		if err := db.RecordTrainingCompleted(ctx, me, c.ID, now.AddDate(0, 0, 1)); problem.Fields(err)["completed_on"] == "" {
			t.Errorf("future completion: got %v", err)
		}
		// Completed eleven months ago: due for renewal within 90 days.
		if err := db.RecordTrainingCompleted(ctx, me, c.ID, now.AddDate(0, -11, 0)); err != nil {
			t.Fatal(err)
		}
		m, err := db.TrainingMatrix(ctx, []int64{team.ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		col := -1
		for i, x := range m.Courses {
			if x.ID == c.ID {
				col = i
			}
		}
		var cell store.MatrixCell
		for _, r := range m.Rows {
			if r.UserID == worker.ID {
				cell = r.Cells[col]
			}
		}
		if cell.Holding != staff.DueRenewal || m.Due != 1 {
			t.Errorf("worker's cell %+v, due %d; want due for renewal, 1", cell, m.Due)
		}
		if len(m.Lacks) != 1 || len(m.Lacks[0].Courses) != len(m.Courses)-1 {
			t.Errorf("lacks %+v, want every course but the one held", m.Lacks)
		}
		_, held, err := db.TrainingHoldings(ctx, worker.ID, now)
		if err != nil || held[c.ID] != staff.DueRenewal {
			t.Errorf("holdings %v %v", held, err)
		}
	})
}

// TestCapacityAndConsultationStore: a manager sets a part-time limit only
// for someone in their teams; the load weighs active episodes by
// intensity; allocation flags keep their reason; a consultation is asked
// of a specialist team only and advised once, by that team.
func TestCapacityAndConsultationStore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, outside := region(t, db)
		boss := mustUser(t, db, auth.User{Username: "boss", DisplayName: "Boss", Role: auth.TeamManager, TeamIDs: []int64{team.ID}})
		if err := db.SetCapacity(ctx, auth.Actor{User: boss}, staff.Capacity{UserID: outside.ID, FullTime: 40, TimePercent: 100}); problem.Fields(err)["worker"] == "" {
			t.Errorf("limit for someone outside the teams: %v", err)
		}
		if err := db.SetCapacity(ctx, auth.Actor{User: boss}, staff.Capacity{UserID: worker.ID, FullTime: 4, TimePercent: 50}); err != nil {
			t.Fatal(err)
		}
		openEpisode(t, db, team, worker, care.PathwayCommunity, "SCM", "high")
		load, err := db.WorkerLoad(ctx, worker.ID)
		if err != nil || load.Level != staff.Over || load.Words != "3 of 2 points (150%): over capacity" {
			t.Errorf("load %+v %v", load, err)
		}
		caps, err := db.Capacities(ctx, []int64{team.ID})
		if err != nil || len(caps) != 1 || caps[0].Load.Level != staff.Over {
			t.Errorf("capacities %+v %v", caps, err)
		}
		if err := db.RecordAllocationFlags(ctx, auth.Actor{User: boss}, 0, []store.AllocationFlag{{WorkerID: worker.ID, Kind: "capacity", Reason: "over", Decision: "allocated"}}); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordAllocationFlags(ctx, auth.Actor{User: boss}, 0, []store.AllocationFlag{{WorkerID: worker.ID, Kind: "mood"}}); problem.Code(err) != problem.Invalid {
			t.Errorf("unknown flag kind: %v", err)
		}
		if flags, err := db.AllocationFlags(ctx, worker.ID); err != nil || len(flags) != 1 || flags[0].Reason != "over" {
			t.Errorf("flags %+v %v", flags, err)
		}

		err = db.Update(ctx, func(tx *store.Tx) error {
			return tx.CreateService(ctx, &directory.Service{ID: "tt", Name: "Talking Therapies", Tier: "talking-therapies"})
		})
		if err != nil {
			t.Fatal(err)
		}
		asker := mustUser(t, db, auth.User{Username: "tt1", DisplayName: "TT", Role: auth.Referrer})
		c := staff.Consultation{FromServiceID: "tt", TeamID: team.ID, About: "Man in his 20s", Question: "Can we keep working with him?"}
		if err := db.AskConsultation(ctx, auth.Actor{User: asker}, &c); err != nil {
			t.Fatal(err)
		}
		if err := db.AdviseConsultation(ctx, auth.Actor{User: outside}, c.ID, "Yes"); problem.Code(err) != problem.NotFound {
			t.Errorf("advice from outside the team: %v", err)
		}
		if err := db.AdviseConsultation(ctx, auth.Actor{User: worker}, c.ID, "Yes, with a shared safety plan"); err != nil {
			t.Fatal(err)
		}
		list, err := db.Consultations(ctx, nil, asker.ID, store.FirstPage)
		if err != nil || list.Total != 1 || list.Rows[0].Advice == "" || list.Rows[0].FromService != "Talking Therapies" || list.Rows[0].AdvisedAt.IsZero() {
			t.Errorf("asker's list %+v %v", list, err)
		}
		if n, err := db.ConsultationsFrom(ctx, "tt", db.Now().AddDate(-1, 0, 0)); err != nil || n != 1 {
			t.Errorf("count %d %v", n, err)
		}
	})
}
