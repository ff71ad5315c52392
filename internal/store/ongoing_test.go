package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

func mustEpisode(t *testing.T, db *store.DB, e care.Episode) care.Episode {
	t.Helper()
	ctx := context.Background()
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateEpisode(ctx, auth.System, &e) }); err != nil {
		t.Fatal(err)
	}
	return e
}

func mustAppointment(t *testing.T, db *store.DB, a auth.Actor, ap care.Appointment, o care.Outcome) care.Appointment {
	t.Helper()
	ctx := context.Background()
	if err := db.CreateAppointment(ctx, a, &ap); err != nil {
		t.Fatal(err)
	}
	if o != care.OutcomeNone {
		if _, err := db.RecordOutcome(ctx, a, ap.ID, ap.Version, o, ""); err != nil {
			t.Fatal(err)
		}
	}
	return ap
}

// TestManyMissedAppointmentsNeverDischarge: five DNAs in a row give five
// follow-up tasks and the episode stays open.
func TestManyMissedAppointmentsNeverDischarge(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, _ := region(t, db)
		p := mustPerson(t, db, "Jo")
		now := time.Date(2026, 6, 30, 17, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		ep := mustEpisode(t, db, care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "community-scm", Modality: "SCM", StartedAt: now.AddDate(0, -3, 0)})
		a := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		for i := range 5 {
			mustAppointment(t, db, a, care.Appointment{PersonID: p.ID, EpisodeID: ep.ID, Kind: care.KindIndividual, StartsAt: now.AddDate(0, 0, -7*(i+1)), StaffIDs: []int64{worker.ID}}, care.OutcomeDidNotAttend)
		}
		tasks, err := db.Tasks(ctx, store.TaskFilter{PersonID: p.ID, OpenOnly: true})
		if got, want := len(tasks), 5; err != nil || got != want {
			t.Fatalf("open follow-ups = %d (%v), want %d", got, err, want)
		}
		if eps, _ := db.Episodes(ctx, store.EpisodeFilter{PersonID: p.ID, ActiveOnly: true}); len(eps) != 1 {
			t.Errorf("active episodes after five DNAs = %d, want 1", len(eps))
		}
	})
}

// TestGroupMissedSessionCreatesFollowUp: a member who misses a DBT skills
// session gets a follow-up from their own named worker, not the facilitator.
func TestGroupMissedSessionCreatesFollowUp(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, _ := region(t, db)
		facilitator := mustUser(t, db, auth.User{Username: "fac", DisplayName: "Fac", Role: auth.Clinician, Profession: "psychotherapist", TeamIDs: []int64{team.ID}})
		now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) // a Monday
		db.Now = func() time.Time { return now }
		a := auth.Actor{User: facilitator}
		g := care.Group{Name: "Tuesday skills", Modality: care.GroupDBTSkills, TeamID: team.ID, StartsOn: now, FacilitatorIDs: []int64{facilitator.ID}}
		if err := db.CreateGroup(ctx, a, &g); err != nil {
			t.Fatal(err)
		}
		var eps []care.Episode
		for _, name := range []string{"Ash", "Bo"} {
			p := mustPerson(t, db, name)
			ep := mustEpisode(t, db, care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "therapies", Modality: "DBT", StartedAt: now.AddDate(0, -1, 0)})
			if err := db.AddGroupMember(ctx, a, g.ID, ep.ID); err != nil {
				t.Fatal(err)
			}
			eps = append(eps, ep)
		}
		if err := db.AddGroupMember(ctx, a, g.ID, eps[0].ID); problem.Code(err) != problem.Conflict {
			t.Errorf("adding a member twice: %v, want conflict", err)
		}
		s := care.GroupSession{GroupID: g.ID, StartsAt: now.Add(24*time.Hour + 5*time.Hour), Minutes: 150}
		if err := db.AddGroupSession(ctx, a, &s); err != nil {
			t.Fatal(err)
		}
		now = now.AddDate(0, 0, 1).Add(9 * time.Hour) // after the session
		d, err := db.GroupDiary(ctx, g.ID, time.Time{}, time.Time{})
		if err != nil || len(d.Sessions) != 1 || len(d.Sessions[0].Places) != 2 || d.Members != 2 {
			t.Fatalf("group diary = %+v, %v", d, err)
		}
		places := d.Sessions[0].Places
		if _, err := db.RecordGroupAttendance(ctx, a, g.ID, s.ID, places[0].AppointmentID, places[0].Version, care.OutcomeAttended, ""); err != nil {
			t.Fatal(err)
		}
		task, err := db.RecordGroupAttendance(ctx, a, g.ID, s.ID, places[1].AppointmentID, places[1].Version, care.OutcomeDidNotAttend, "")
		if err != nil || task == nil {
			t.Fatalf("group DNA: task %v, err %v", task, err)
		}
		if got, want := task.AssigneeID, worker.ID; got != want {
			t.Errorf("follow-up assignee = %d, want the named worker %d", got, want)
		}
		// Tuesday 2 June 2026 + 2 working days = Thursday 4 June.
		if got, want := task.DueOn.Format(time.DateOnly), "2026-06-04"; got != want {
			t.Errorf("due %s, want %s", got, want)
		}
		if _, err := db.RecordGroupAttendance(ctx, a, g.ID+1, s.ID, places[1].AppointmentID, places[1].Version+1, care.OutcomeAttended, ""); problem.Code(err) != problem.NotFound {
			t.Errorf("place through another group: %v, want not found", err)
		}
		if eps, _ := db.Episodes(ctx, store.EpisodeFilter{PersonID: places[1].PersonID, ActiveOnly: true}); len(eps) != 1 {
			t.Error("a missed group session ended an episode")
		}
		items, err := db.GroupSessionsFor(ctx, facilitator.ID, s.StartsAt.Add(-time.Hour), s.StartsAt.Add(time.Hour))
		if err != nil || len(items) != 1 || items[0].Places != 2 {
			t.Errorf("facilitator diary = %+v, %v", items, err)
		}
	})
}

// TestNonEngagementEndingNeedsOutreachAndMDT walks the rule on both
// databases: refused with nothing, refused with outreach but no MDT,
// allowed with both; then re-access inside and outside the window.
func TestNonEngagementEndingNeedsOutreachAndMDT(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, _ := region(t, db)
		manager := mustUser(t, db, auth.User{Username: "mgr", DisplayName: "Mgr", Role: auth.TeamManager, TeamIDs: []int64{team.ID}})
		p := mustPerson(t, db, "Lee")
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		a := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		ep := mustEpisode(t, db, care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "community-scm", Modality: "SCM", StartedAt: now.AddDate(0, -6, 0)})
		mustAppointment(t, db, a, care.Appointment{PersonID: p.ID, EpisodeID: ep.ID, Kind: care.KindIndividual, StartsAt: now.Add(-time.Hour), StaffIDs: []int64{worker.ID}}, care.OutcomeAttended)
		missed := mustAppointment(t, db, a, care.Appointment{PersonID: p.ID, EpisodeID: ep.ID, Kind: care.KindIndividual, StartsAt: now.Add(-30 * time.Minute), StaffIDs: []int64{worker.ID}}, care.OutcomeDidNotAttend)

		end := func() care.Ending {
			return care.Ending{EpisodeID: ep.ID, Kind: care.EndingUnplanned, Reason: care.ReasonNonEngagement, EndedOn: now}
		}
		now = now.AddDate(0, 0, 2)
		if err := db.EndEpisode(ctx, a, p.ID, ptr(end())); problem.Code(err) != problem.Invalid {
			t.Fatalf("ending with no outreach: %v, want refused", err)
		}
		tasks, _ := db.Tasks(ctx, store.TaskFilter{PersonID: p.ID, OpenOnly: true})
		if len(tasks) != 1 || tasks[0].AppointmentID != missed.ID {
			t.Fatalf("follow-up tasks = %+v", tasks)
		}
		first := care.OutreachAttempt{At: now, Method: care.OutreachPhone, Outcome: care.OutreachNoAnswer, Note: "Rang twice, no voicemail"}
		if err := db.CompleteFollowUp(ctx, a, p.ID, tasks[0].ID, tasks[0].Version, &first); err != nil {
			t.Fatal(err)
		}
		if err := db.CompleteFollowUp(ctx, a, p.ID, tasks[0].ID, tasks[0].Version, &first); problem.Code(err) != problem.Conflict {
			t.Errorf("completing twice: %v, want conflict", err)
		}
		for i, m := range []care.OutreachMethod{care.OutreachLetter, care.OutreachText} {
			now = now.AddDate(0, 0, 7)
			if err := db.RecordOutreach(ctx, a, &care.OutreachAttempt{PersonID: p.ID, EpisodeID: ep.ID, At: now, Method: m, Outcome: care.OutreachMessageLeft, Note: "Attempt " + string(rune('2'+i))}); err != nil {
				t.Fatal(err)
			}
		}
		if rows, err := db.OutreachAttempts(ctx, p.ID); err != nil || len(rows) != 3 || rows[2].TaskID != tasks[0].ID {
			t.Fatalf("outreach = %+v, %v", rows, err)
		}
		e := end()
		e.EndedOn = now
		if err := db.EndEpisode(ctx, a, p.ID, &e); problem.Fields(err)["mdt_on"] == "" {
			t.Fatalf("ending with outreach but no MDT: %v, want MDT asked for", err)
		}
		e.MDT = care.MDTDecision{On: now, Present: "Mgr, In, consultant psychiatrist", Rationale: "Three weeks of outreach by phone, letter and text; GP informed"}
		if err := db.EndEpisode(ctx, auth.Actor{User: manager}, p.ID, &e); err != nil {
			t.Fatalf("ending with outreach and MDT: %v", err)
		}
		if eps, _ := db.Episodes(ctx, store.EpisodeFilter{PersonID: p.ID, ActiveOnly: true}); len(eps) != 0 {
			t.Fatalf("episode still open after ending")
		}
		if err := db.EndEpisode(ctx, a, p.ID, ptr(end())); problem.Code(err) != problem.Conflict {
			t.Errorf("ending twice: %v, want conflict", err)
		}
		endings, err := db.Endings(ctx, p.ID)
		if err != nil || len(endings) != 1 || endings[0].MDT.Present == "" || endings[0].Reason != care.ReasonNonEngagement {
			t.Fatalf("endings = %+v, %v", endings, err)
		}

		// Re-access: refused after the window, allowed inside it, with the same worker.
		ended := now
		now = ended.AddDate(0, 7, 0)
		if _, err := db.Reaccess(ctx, a, p.ID, ep.ID, 0, ""); problem.Code(err) != problem.Conflict {
			t.Errorf("re-access after 7 months: %v, want refused", err)
		}
		if err := db.SetReaccessMonths(ctx, auth.Actor{User: manager}, 12, 1); problem.Code(err) != problem.Conflict {
			t.Errorf("stale setting version: %v", err)
		}
		if err := db.SetReaccessMonths(ctx, auth.Actor{User: manager}, 0, 0); problem.Code(err) != problem.Invalid {
			t.Errorf("zero months: %v", err)
		}
		if err := db.SetReaccessMonths(ctx, auth.Actor{User: manager}, 12, 0); err != nil {
			t.Fatal(err)
		}
		if m, v, err := db.ReaccessMonths(ctx); err != nil || m != 12 || v != 1 {
			t.Errorf("setting = %d v%d, %v", m, v, err)
		}
		back, err := db.Reaccess(ctx, a, p.ID, ep.ID, 0, "Asked to come back after a hard winter")
		if err != nil {
			t.Fatalf("re-access inside the window: %v", err)
		}
		if back.NamedWorkerID != worker.ID || back.TeamID != team.ID || back.Modality != "SCM" {
			t.Errorf("re-accessed episode = %+v", back)
		}
		if _, err := db.Reaccess(ctx, a, p.ID, ep.ID, 0, ""); problem.Code(err) != problem.Conflict {
			t.Errorf("second re-access: %v, want conflict", err)
		}
		if endings, _ := db.Endings(ctx, p.ID); endings[0].ReaccessedByID != back.ID {
			t.Errorf("ending not linked to the re-access episode: %+v", endings[0])
		}
	})
}

func ptr[T any](v T) *T { return &v }

// TestContinuity checks distinct workers and time since contact against
// numbers worked out by hand.
func TestContinuity(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, w1, w2 := region(t, db)
		w3 := mustUser(t, db, auth.User{Username: "w3", DisplayName: "W3", Role: auth.PeerWorker, TeamIDs: []int64{team.ID}})
		p := mustPerson(t, db, "Max")
		now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		a := auth.Actor{User: w1}
		ep := mustEpisode(t, db, care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: w1.ID, Pathway: "community-scm", StartedAt: now.AddDate(0, -8, 0)})
		at := func(d string) time.Time { t, _ := time.Parse(time.DateOnly, d); return t.Add(10 * time.Hour) }
		book := func(d string, o care.Outcome, staff ...int64) {
			mustAppointment(t, db, a, care.Appointment{PersonID: p.ID, EpisodeID: ep.ID, Kind: care.KindIndividual, StartsAt: at(d), StaffIDs: staff}, o)
		}
		book("2026-01-20", care.OutcomeAttended, w3.ID)        // before the 90 days (window starts 31 Jan)
		book("2026-02-15", care.OutcomeAttended, w1.ID, w2.ID) // two workers
		book("2026-03-20", care.OutcomeDidNotAttend, w3.ID)    // not seen
		book("2026-03-25", care.OutcomeAttended, w1.ID)        // last attended
		book("2026-05-04", care.OutcomeCancelledByTeam, w3.ID) // future
		c, err := db.Continuity(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Seen: w1, w2 → 2. Last contact 25 Mar → 37 days before 1 May → flagged.
		want := care.Continuity{DistinctWorkers: 2, LastContact: at("2026-03-25"), DaysSinceContact: 37, Flag: true}
		if c != want {
			t.Errorf("continuity = %+v, want %+v", c, want)
		}
		if err := db.RecordOutreach(ctx, a, &care.OutreachAttempt{PersonID: p.ID, At: at("2026-04-20"), Method: care.OutreachPhone, Outcome: care.OutreachReached, Note: "Talked"}); err != nil {
			t.Fatal(err)
		}
		m, err := db.ContinuityOf(ctx, []int64{p.ID, p.ID})
		want = care.Continuity{DistinctWorkers: 2, LastContact: at("2026-04-20"), DaysSinceContact: 11}
		if err != nil || m[p.ID] != want {
			t.Errorf("after reaching by phone = %+v, %v; want %+v", m[p.ID], err, want)
		}
	})
}
