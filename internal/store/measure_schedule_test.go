package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/measures"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestScheduleRuleChanges: rules are added, changed with a version check
// and removed; one rule per team, modality and measure; every change is
// kept with who and when; and the rules in force follow.
func TestScheduleRuleChanges(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		team, _, _ := region(t, db)
		manager := mustUser(t, db, auth.User{Username: "mgr", DisplayName: "Morgan Manager", Role: auth.TeamManager, TeamIDs: []int64{team.ID}})
		a := auth.Actor{User: manager}

		core := measures.ScheduleRule{TeamID: team.ID, Modality: "MBT", MeasureID: "CORE-10", EverySessions: 4}
		tests := []struct {
			name     string
			rule     measures.ScheduleRule
			version  int
			wantCode string
			field    string
		}{
			{"add", core, 0, "", ""},
			{"second rule for the same scope", core, 0, problem.Invalid, "measure"},
			{"too many sessions", measures.ScheduleRule{TeamID: team.ID, MeasureID: "GBO", EverySessions: 60}, 0, problem.Invalid, "every_sessions"},
			{"unknown team", measures.ScheduleRule{TeamID: team.ID + 99, MeasureID: "GBO", EverySessions: 2}, 0, problem.Invalid, "team"},
			{"unknown modality", measures.ScheduleRule{TeamID: team.ID, Modality: "CBT", MeasureID: "GBO", AtEnding: true}, 0, problem.Invalid, "modality"},
			{"switch PHQ-9 off for the team", measures.ScheduleRule{TeamID: team.ID, MeasureID: "PHQ-9"}, 0, "", ""},
		}
		var coreID int64
		for _, tt := range tests {
			r := tt.rule
			err := db.SaveScheduleRule(ctx, a, &r, tt.version)
			if got := problem.Code(err); got != tt.wantCode {
				t.Errorf("%s: code %q (%v), want %q", tt.name, got, err, tt.wantCode)
			}
			if tt.field != "" && problem.Fields(err)[tt.field] == "" {
				t.Errorf("%s: fields %v, want %s", tt.name, problem.Fields(err), tt.field)
			}
			if tt.name == "add" {
				coreID = r.ID
			}
		}
		// Change it; a stale change is a conflict and changes nothing.
		changed := core
		changed.ID, changed.EverySessions, changed.AtEnding = coreID, 8, true
		if err := db.SaveScheduleRule(ctx, a, &changed, 1); err != nil {
			t.Fatal(err)
		}
		stale := changed
		stale.EverySessions = 2
		if err := db.SaveScheduleRule(ctx, a, &stale, 1); problem.Code(err) != problem.Conflict {
			t.Errorf("stale change: %v, want conflict", err)
		}
		if err := db.RemoveScheduleRule(ctx, a, coreID, 1); problem.Code(err) != problem.Conflict {
			t.Errorf("stale removal: %v, want conflict", err)
		}
		saved, err := db.ScheduleRule(ctx, coreID)
		if err != nil || saved.EverySessions != 8 || !saved.AtEnding || saved.Version != 2 || saved.TeamName != "Community Team" {
			t.Errorf("saved rule = %+v, %v", saved, err)
		}
		// In force for the team's MBT: CORE-10 every 8 and at ending, PHQ-9 off.
		rules, err := db.MeasureScheduleRules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		inForce := map[string]string{}
		for _, r := range measures.Resolve(rules, team.ID, "MBT") {
			inForce[r.MeasureID] = r.InWords()
		}
		if got, want := inForce["CORE-10"], "every 8 attended sessions, at the ending of care"; got != want {
			t.Errorf("CORE-10 in force = %q, want %q", got, want)
		}
		if _, on := inForce["PHQ-9"]; on {
			t.Errorf("PHQ-9 should be switched off for the team")
		}
		if err := db.RemoveScheduleRule(ctx, a, coreID, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ScheduleRule(ctx, coreID); problem.Code(err) != problem.NotFound {
			t.Errorf("removed rule read: %v, want not found", err)
		}
		// Who changed what and when, newest first.
		changes, err := db.ScheduleChanges(ctx, []int64{team.ID}, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range changes {
			if c.By != "Morgan Manager" || !c.At.Equal(now) {
				t.Errorf("change %+v: want by Morgan Manager at %v", c, now)
			}
			got = append(got, c.MeasureID+": "+c.Change)
		}
		want := []string{
			"CORE-10: Removed (was every 8 attended sessions, at the ending of care)",
			"CORE-10: Changed from every 4 attended sessions to every 8 attended sessions, at the ending of care",
			"PHQ-9: Added: switched off",
			"CORE-10: Added: every 4 attended sessions",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("changes =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if other, _ := db.ScheduleChanges(ctx, []int64{team.ID + 99}, 10); len(other) != 0 {
			t.Errorf("another team's changes = %+v, want none", other)
		}
	})
}
