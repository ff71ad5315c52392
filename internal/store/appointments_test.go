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

// TestMissedAppointmentCreatesFollowUpNeverDischarge: a did-not-attend
// opens one follow-up task for the named worker, due two working days
// later, and leaves the episode open.
func TestMissedAppointmentCreatesFollowUpNeverDischarge(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, other := region(t, db)
		p := mustPerson(t, db, "Robin")
		friday := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return friday.Add(2 * time.Hour) }
		ep := care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "community-scm", Modality: "SCM", StartedAt: friday.AddDate(0, -2, 0)}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateEpisode(ctx, auth.System, &ep) }); err != nil {
			t.Fatal(err)
		}
		// Booked with another clinician: the task still goes to the named worker.
		ap := care.Appointment{PersonID: p.ID, EpisodeID: ep.ID, Kind: care.KindIndividual, StartsAt: friday, StaffIDs: []int64{other.ID}}
		actor := auth.Actor{User: other, Relationship: auth.RelCaseload}
		if err := db.CreateAppointment(ctx, actor, &ap); err != nil {
			t.Fatal(err)
		}
		task, err := db.RecordOutcome(ctx, actor, ap.ID, ap.Version, care.OutcomeDidNotAttend, "")
		if err != nil {
			t.Fatal(err)
		}
		if task == nil {
			t.Fatal("no follow-up task created")
		}
		if got, want := task.AssigneeID, worker.ID; got != want {
			t.Errorf("assignee = %d, want named worker %d", got, want)
		}
		// Friday 20 Nov 2026 + 2 working days = Tuesday 24 Nov.
		if got, want := task.DueOn.Format(time.DateOnly), "2026-11-24"; got != want {
			t.Errorf("due = %s, want %s", got, want)
		}
		eps, err := db.Episodes(ctx, store.EpisodeFilter{PersonID: p.ID, ActiveOnly: true})
		if err != nil || len(eps) != 1 {
			t.Fatalf("episode after DNA: %v, %d active, want 1 (a DNA never discharges)", err, len(eps))
		}
		tasks, err := db.Tasks(ctx, store.TaskFilter{AssigneeID: worker.ID, OpenOnly: true})
		if err != nil || len(tasks) != 1 || tasks[0].Title != care.FollowUpTitle {
			t.Fatalf("open tasks = %+v, %v", tasks, err)
		}
		// Correcting the record twice does not open a second task.
		if _, err := db.RecordOutcome(ctx, actor, ap.ID, ap.Version+1, care.OutcomeDidNotAttend, "checked"); err != nil {
			t.Fatal(err)
		}
		if tasks, _ := db.Tasks(ctx, store.TaskFilter{PersonID: p.ID}); len(tasks) != 1 {
			t.Errorf("tasks after re-recording = %d, want 1", len(tasks))
		}
		// Overdue on Wednesday; done with a note.
		if !tasks[0].Overdue(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)) || tasks[0].Overdue(time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)) {
			t.Error("overdue should start the day after the due date")
		}
		if err := db.CompleteTask(ctx, actor, tasks[0].ID, tasks[0].Version, " "); problem.Code(err) != problem.Invalid {
			t.Errorf("completing without a note: %v, want invalid", err)
		}
		if err := db.CompleteTask(ctx, actor, tasks[0].ID, tasks[0].Version, "Rang; bus fare was the problem, arranged travel support"); err != nil {
			t.Fatal(err)
		}
		if open, _ := db.Tasks(ctx, store.TaskFilter{AssigneeID: worker.ID, OpenOnly: true}); len(open) != 0 {
			t.Errorf("open tasks after completion = %d", len(open))
		}
	})
}

func TestAppointmentOutcomeRules(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, worker, _ := region(t, db)
		p := mustPerson(t, db, "Sam")
		now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		actor := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		future := care.Appointment{PersonID: p.ID, Kind: care.KindIndividual, StartsAt: now.Add(48 * time.Hour), StaffIDs: []int64{worker.ID, worker.ID}}
		if err := db.CreateAppointment(ctx, actor, &future); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name    string
			version int
			outcome care.Outcome
			want    string
		}{
			{"attendance before it starts", 1, care.OutcomeAttended, problem.Invalid},
			{"unknown outcome", 1, "discharged", problem.Invalid},
			{"cancel ahead", 1, care.OutcomeCancelledByPerson, ""},
			{"stale version", 1, care.OutcomeCancelledByTeam, problem.Conflict},
		}
		for _, tt := range tests {
			_, err := db.RecordOutcome(ctx, actor, future.ID, tt.version, tt.outcome, "")
			if got := problem.Code(err); (err == nil) != (tt.want == "") || (err != nil && got != tt.want) {
				t.Errorf("%s: err = %v, want code %q", tt.name, err, tt.want)
			}
		}
		got, err := db.Appointment(ctx, actor, future.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Outcome != care.OutcomeCancelledByPerson || len(got.StaffIDs) != 1 || got.Version != 2 {
			t.Errorf("appointment = %+v", got)
		}
		if _, err := db.Appointment(ctx, actor, 9999); problem.Code(err) != problem.NotFound {
			t.Errorf("missing appointment: %v", err)
		}
		bad := care.Appointment{PersonID: p.ID, Kind: care.KindAssessment, StartsAt: now, StaffIDs: []int64{worker.ID}}
		if err := db.CreateAppointment(ctx, actor, &bad); problem.Code(err) != problem.Invalid {
			t.Errorf("assessment without referral: %v", err)
		}
		rows, err := db.Appointments(ctx, store.AppointmentFilter{StaffID: worker.ID, From: now})
		if err != nil || len(rows) != 1 || rows[0].StaffNames != worker.DisplayName || rows[0].PersonName != "Sam Tester" {
			t.Errorf("diary = %+v, %v", rows, err)
		}
	})
}

func TestGoalsAndRatings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, worker, _ := region(t, db)
		p := mustPerson(t, db, "Kit")
		actor := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		g := care.Goal{PersonID: p.ID, Text: "To feel safe enough to go to my sister's", OwnWords: true, Ratings: []care.GoalRating{{Rating: 2}}}
		err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateGoal(ctx, actor, &g) })
		if err == nil {
			err = db.RateGoal(ctx, actor, &care.GoalRating{GoalID: g.ID, Rating: 5, Source: "gbo"})
		}
		if err != nil {
			t.Fatal(err)
		}
		err = db.RateGoal(ctx, actor, &care.GoalRating{GoalID: g.ID, Rating: 11})
		if problem.Code(err) != problem.Invalid {
			t.Errorf("rating 11: %v, want invalid", err)
		}
		goals, err := db.Goals(ctx, p.ID)
		if err != nil || len(goals) != 1 {
			t.Fatalf("goals = %+v, %v", goals, err)
		}
		var got []int
		for _, r := range goals[0].Ratings {
			got = append(got, r.Rating)
		}
		if len(got) != 2 || got[0] != 2 || got[1] != 5 || !goals[0].OwnWords || goals[0].Ratings[1].Source != "gbo" {
			t.Errorf("ratings = %v, goal = %+v", got, goals[0])
		}
	})
}
