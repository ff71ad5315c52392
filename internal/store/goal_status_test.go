package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestSetGoalStatus: a goal is marked achieved, reopened and set aside
// with a version check, by whom and when is kept, and a GBO may rate only
// the goals the person is working on now.
func TestSetGoalStatus(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		p, _, _, clin := measureSetup(t, db, now)
		other := mustPerson(t, db, "Sam")
		goal := care.Goal{PersonID: p.ID, Text: "Go back to the allotment", OwnWords: true, Ratings: []care.GoalRating{{Rating: 4}}}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateGoal(ctx, clin, &goal) }); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name     string
			person   int64
			version  int
			status   string
			wantCode string
			want     string // status afterwards
		}{
			{"another person's goal", other.ID, 1, care.GoalAchieved, problem.NotFound, care.GoalActive},
			{"stale version", p.ID, 2, care.GoalAchieved, problem.Conflict, care.GoalActive},
			{"unknown status", p.ID, 1, "finished", problem.Invalid, care.GoalActive},
			{"achieved", p.ID, 1, care.GoalAchieved, "", care.GoalAchieved},
			{"set aside while achieved", p.ID, 2, care.GoalSetAside, problem.Conflict, care.GoalAchieved},
			{"reopened", p.ID, 2, care.GoalActive, "", care.GoalActive},
			{"set aside", p.ID, 3, care.GoalSetAside, "", care.GoalSetAside},
		}
		for _, tt := range tests {
			err := db.SetGoalStatus(ctx, clin, tt.person, goal.ID, tt.version, tt.status)
			if got := problem.Code(err); got != tt.wantCode {
				t.Errorf("%s: code %q (%v), want %q", tt.name, got, err, tt.wantCode)
			}
			goals, err := db.Goals(ctx, p.ID)
			if err != nil || len(goals) != 1 {
				t.Fatalf("%s: goals = %+v, %v", tt.name, goals, err)
			}
			if got := goals[0].Status; got != tt.want {
				t.Errorf("%s: status = %q, want %q", tt.name, got, tt.want)
			}
			if tt.wantCode == "" && (goals[0].StatusChangedBy != clin.User.DisplayName || !goals[0].StatusChangedAt.Equal(now)) {
				t.Errorf("%s: changed by %q at %v, want %q at %v", tt.name, goals[0].StatusChangedBy, goals[0].StatusChangedAt, clin.User.DisplayName, now)
			}
			if got := len(goals[0].Ratings); got != 1 {
				t.Errorf("%s: %d ratings, want the first one kept", tt.name, got)
			}
		}
		// A set-aside goal cannot be rated as part of a GBO.
		gbo := measures.Response{PersonID: p.ID, MeasureID: "GBO", TakenAt: now, Answers: answers(t, "5,,"), GoalIDs: []int64{goal.ID, 0, 0}}
		_, err := db.RecordMeasure(ctx, clin, &gbo)
		if got, want := problem.Fields(err)["item-1"], "Goal 1 is set aside: choose one of the goals the person is working on now"; got != want {
			t.Errorf("GBO of a set-aside goal: %q (%v), want %q", got, err, want)
		}
	})
}
