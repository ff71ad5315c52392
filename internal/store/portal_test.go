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

// TestPortalCancelRequestIsCancelledByPerson: a person's request to cancel
// becomes a task for their named worker; the appointment can then never be
// recorded as missed, and actioning the request records it as cancelled
// by the person and closes the task in one go.
func TestPortalCancelRequestIsCancelledByPerson(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		p, ep, worker, clin := measureSetup(t, db, now)
		other := mustPerson(t, db, "Sam")
		self := auth.Actor{User: auth.User{ID: 0, Role: auth.ServiceUser, PersonID: p.ID}, Relationship: auth.RelSelf}
		ap := care.Appointment{PersonID: p.ID, EpisodeID: ep.ID, Kind: care.KindIndividual, StartsAt: now.Add(48 * time.Hour), Minutes: 50, StaffIDs: []int64{clin.User.ID}}
		if err := db.CreateAppointment(ctx, clin, &ap); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name     string
			req      care.PortalRequest
			wantCode string
		}{
			{"another person's appointment", care.PortalRequest{PersonID: other.ID, Kind: care.RequestCancel, AppointmentID: ap.ID}, problem.Invalid},
			{"no such appointment", care.PortalRequest{PersonID: p.ID, Kind: care.RequestRearrange, AppointmentID: 999999}, problem.Invalid},
			{"a goal with no words", care.PortalRequest{PersonID: p.ID, Kind: care.RequestGoal, Text: "  "}, problem.Invalid},
			{"an unknown kind", care.PortalRequest{PersonID: p.ID, Kind: "discharge"}, problem.Invalid},
			{"cancel", care.PortalRequest{PersonID: p.ID, Kind: care.RequestCancel, AppointmentID: ap.ID, Text: "I have a hospital appointment"}, ""},
		}
		var cancel care.PortalRequest
		for _, tt := range tests {
			r := tt.req
			err := db.AddPortalRequest(ctx, self, &r, "Robin")
			if got := problem.Code(err); got != tt.wantCode {
				t.Errorf("%s: code %q (%v), want %q", tt.name, got, err, tt.wantCode)
			}
			if err == nil {
				cancel = r
			}
		}
		tasks, err := db.Tasks(ctx, store.TaskFilter{PersonID: p.ID, Limit: store.AllRows})
		if err != nil || len(tasks) != 1 {
			t.Fatalf("tasks = %+v, %v; want the one request", tasks, err)
		}
		if got, want := tasks[0].Title, "Robin asked to cancel their individual session on 4 Mar 2026 at 10:00: \u201cI have a hospital appointment\u201d"; got != want {
			t.Errorf("task title = %q, want %q", got, want)
		}
		if tasks[0].AssigneeID != worker.ID || tasks[0].Kind != care.TaskPortalRequest {
			t.Errorf("task for %d of kind %q, want the named worker %d", tasks[0].AssigneeID, tasks[0].Kind, worker.ID)
		}
		// The appointment is still booked: a request changes nothing by itself.
		got, err := db.Appointment(ctx, clin, ap.ID)
		if err != nil || got.Outcome != care.OutcomeNone {
			t.Fatalf("appointment after the request: %q, %v; want still booked", got.Outcome, err)
		}
		db.Now = func() time.Time { return now.Add(72 * time.Hour) }
		if _, err := db.RecordOutcome(ctx, clin, ap.ID, got.Version, care.OutcomeDidNotAttend, ""); problem.Fields(err)["outcome"] == "" {
			t.Errorf("recording a cancelled-on-request appointment as missed: %v, want refused", err)
		}
		if err := db.ActionPortalRequest(ctx, clin, other.ID, cancel.TaskID, true, ""); problem.Code(err) != problem.NotFound {
			t.Errorf("actioning under another person: %v, want not found", err)
		}
		if err := db.ActionPortalRequest(ctx, clin, p.ID, cancel.TaskID, true, ""); err != nil {
			t.Fatal(err)
		}
		got, err = db.Appointment(ctx, clin, ap.ID)
		if err != nil || got.Outcome != care.OutcomeCancelledByPerson {
			t.Errorf("outcome = %q, %v; want cancelled by the person", got.Outcome, err)
		}
		reqs, err := db.PortalRequests(ctx, p.ID)
		if err != nil || len(reqs) != 1 || !reqs[0].Done() || reqs[0].Text != "I have a hospital appointment" {
			t.Errorf("requests = %+v, %v; want the one request, done, in the person's words", reqs, err)
		}
		if err := db.ActionPortalRequest(ctx, clin, p.ID, cancel.TaskID, false, "again"); problem.Code(err) != problem.Conflict {
			t.Errorf("actioning twice: %v, want a conflict", err)
		}
	})
}

// TestPlanCommentsFollowTheVersion: a comment is filed against the version
// the person read, a stale one is refused, and the named worker sees new
// comments until they mark them seen.
func TestPlanCommentsFollowTheVersion(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		p, _, worker, clin := measureSetup(t, db, now)
		self := auth.Actor{User: auth.User{Role: auth.ServiceUser, PersonID: p.ID}, Relationship: auth.RelSelf}
		plan := care.CrisisPlan{PersonID: p.ID, WarningSigns: "I stay in bed", Contacts: []care.CrisisContact{{Name: "Samaritans", Phone: "116 123", Hours: "24 hours, every day"}}}
		if err := db.SaveCrisisPlan(ctx, clin, &plan); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name     string
			c        care.PlanComment
			wantCode string
		}{
			{"nothing said", care.PlanComment{PersonID: p.ID, Plan: care.PlanCrisis, PlanID: plan.ID, PlanVersion: plan.Version}, problem.Invalid},
			{"an older version", care.PlanComment{PersonID: p.ID, Plan: care.PlanCrisis, PlanID: plan.ID, PlanVersion: plan.Version + 1, Agreement: care.AgreeYes}, problem.Conflict},
			{"someone else's plan", care.PlanComment{PersonID: p.ID + 1000, Plan: care.PlanCrisis, PlanID: plan.ID, PlanVersion: plan.Version, Agreement: care.AgreeYes}, problem.NotFound},
			{"agreed with a comment", care.PlanComment{PersonID: p.ID, Plan: care.PlanCrisis, PlanID: plan.ID, PlanVersion: plan.Version, Agreement: care.AgreeYes, Text: " Add my sister's number "}, ""},
		}
		for _, tt := range tests {
			c := tt.c
			if got := problem.Code(db.AddPlanComment(ctx, self, &c)); got != tt.wantCode {
				t.Errorf("%s: code %q, want %q", tt.name, got, tt.wantCode)
			}
		}
		comments, err := db.PlanComments(ctx, p.ID, care.PlanCrisis)
		if err != nil || len(comments) != 1 || comments[0].Text != "Add my sister's number" || comments[0].PlanVersion != plan.Version || !comments[0].Unread() {
			t.Fatalf("comments = %+v, %v", comments, err)
		}
		unread, err := db.UnreadPlanComments(ctx, worker.ID, 10)
		if err != nil || len(unread) != 1 || unread[0].Count != 1 || unread[0].PersonID != p.ID || unread[0].Plan != care.PlanCrisis {
			t.Fatalf("unread for the named worker = %+v, %v", unread, err)
		}
		if unread, _ := db.UnreadPlanComments(ctx, clin.User.ID, 10); len(unread) != 0 {
			t.Errorf("unread for someone who is not the named worker = %+v, want none", unread)
		}
		if n, err := db.MarkPlanCommentsSeen(ctx, clin, p.ID, care.PlanCrisis); err != nil || n != 1 {
			t.Fatalf("mark seen: %d, %v", n, err)
		}
		if unread, _ := db.UnreadPlanComments(ctx, worker.ID, 10); len(unread) != 0 {
			t.Errorf("unread after marking seen = %+v, want none", unread)
		}
	})
}

// TestPersonKeepsTheirOwnPreferencesAndRatings: a person changes their
// preferences without touching the rest of the record, a stale form is
// refused, and they rate only their own active goals.
func TestPersonKeepsTheirOwnPreferencesAndRatings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		p, _, _, clin := measureSetup(t, db, now)
		other := mustPerson(t, db, "Sam")
		self := auth.Actor{User: auth.User{Role: auth.ServiceUser, PersonID: p.ID}, Relationship: auth.RelSelf}
		prefs := care.OwnPreferences{PersonID: p.ID, PreferredName: "Rob", Pronouns: "they/them", CommunicationNeeds: "Large print", TraumaPreferences: "Sit near the door", Version: p.Version}
		if err := db.SaveOwnPreferences(ctx, self, prefs); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveOwnPreferences(ctx, self, prefs); problem.Code(err) != problem.Conflict {
			t.Errorf("a stale form: %v, want a conflict", err)
		}
		got, err := db.PersonNoAudit(ctx, p.ID)
		if err != nil || got.PreferredName != "Rob" || got.Pronouns != "they/them" || got.TraumaPreferences != "Sit near the door" || got.FamilyName != p.FamilyName || !got.DateOfBirth.Equal(p.DateOfBirth) {
			t.Errorf("person after preferences = %+v, %v", got, err)
		}
		goal := care.Goal{PersonID: p.ID, Text: "Sleep better", OwnWords: true}
		theirs := care.Goal{PersonID: other.ID, Text: "Walk more", OwnWords: true}
		err = db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateGoal(ctx, clin, &goal); err != nil {
				return err
			}
			return tx.CreateGoal(ctx, clin, &theirs)
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.RateOwnGoal(ctx, self, p.ID, &care.GoalRating{GoalID: theirs.ID, Rating: 5}); problem.Code(err) != problem.NotFound {
			t.Errorf("rating someone else's goal: %v, want not found", err)
		}
		if err := db.RateOwnGoal(ctx, self, p.ID, &care.GoalRating{GoalID: goal.ID, Rating: 11}); problem.Code(err) != problem.Invalid {
			t.Errorf("rating 11: %v, want invalid", err)
		}
		if err := db.RateOwnGoal(ctx, self, p.ID, &care.GoalRating{GoalID: goal.ID, Rating: 6}); err != nil {
			t.Fatal(err)
		}
		goals, err := db.Goals(ctx, p.ID)
		if err != nil || len(goals) != 1 || len(goals[0].Ratings) != 1 || goals[0].Ratings[0].Rating != 6 || goals[0].Ratings[0].Source != "portal" {
			t.Errorf("goals = %+v, %v", goals, err)
		}
	})
}
