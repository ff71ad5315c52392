package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// openEpisode starts an episode for a new person with worker as named worker.
func openEpisode(t *testing.T, db *store.DB, team directory.Team, worker auth.User, pathway, modality, intensity string) care.Episode {
	t.Helper()
	ctx := context.Background()
	p := mustPerson(t, db, "Alex")
	ep := care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: pathway, Modality: modality, Intensity: intensity}
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateEpisode(ctx, auth.System, &ep) }); err != nil {
		t.Fatal(err)
	}
	return ep
}

func TestEpisodeStepAndSwitch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, _ := region(t, db)
		actor := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		ep := openEpisode(t, db, team, worker, care.PathwayTherapies, "MBT", "standard")
		steps := []struct {
			name     string
			version  int
			do       func(v int) error
			wantCode string
		}{
			{"step up", 1, func(v int) error { return db.StepEpisode(ctx, actor, ep.ID, v, true, "", "Crisis after bereavement") }, ""},
			{"beyond highest", 2, func(v int) error { return db.StepEpisode(ctx, actor, ep.ID, v, true, "", "More") }, problem.Invalid},
			{"stale version", 1, func(v int) error { return db.StepEpisode(ctx, actor, ep.ID, v, false, "", "Settled") }, problem.Conflict},
			{"step down", 2, func(v int) error { return db.StepEpisode(ctx, actor, ep.ID, v, false, "", "Settled again") }, ""},
			{"same modality", 3, func(v int) error { return db.SwitchModality(ctx, actor, ep.ID, v, "MBT", "why") }, problem.Invalid},
			{"SCM is not a therapy", 3, func(v int) error { return db.SwitchModality(ctx, actor, ep.ID, v, "SCM", "why") }, problem.Invalid},
			{"to DBT", 3, func(v int) error { return db.SwitchModality(ctx, actor, ep.ID, v, "DBT", "Wants skills for urges") }, ""},
		}
		for _, s := range steps {
			if got := problem.Code(s.do(s.version)); got != s.wantCode {
				t.Errorf("%s: code %q, want %q", s.name, got, s.wantCode)
			}
		}
		row, err := db.Episode(ctx, actor, ep.ID)
		if err != nil {
			t.Fatal(err)
		}
		if row.Intensity != "standard" || row.Modality != "DBT" || row.Version != 4 {
			t.Errorf("episode = %+v", row.Episode)
		}
		evs, err := db.EpisodeEvents(ctx, ep.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ev := range evs {
			got = append(got, string(ev.Kind)+":"+ev.From+">"+ev.To)
			if ev.UserName != worker.DisplayName || ev.Reason == "" || ev.At.IsZero() {
				t.Errorf("event without who, why or when: %+v", ev)
			}
		}
		if want := "step-up:standard>high step-down:high>standard switch-modality:MBT>DBT"; strings.Join(got, " ") != want {
			t.Errorf("history = %v, want %s", got, want)
		}
		// An ended episode changes no more.
		if err := db.Update(ctx, func(tx *store.Tx) error {
			ended := care.Episode{PersonID: ep.PersonID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: care.PathwayCommunity, Modality: "SCM",
				StartedAt: time.Now().AddDate(-1, 0, 0), EndedAt: time.Now().AddDate(0, -1, 0)}
			if err := tx.CreateEpisode(ctx, auth.System, &ended); err != nil {
				return err
			}
			ep.ID = ended.ID
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.StepEpisode(ctx, actor, ep.ID, 1, true, "", "reason"); problem.Code(err) != problem.Conflict {
			t.Errorf("step on ended episode: %v, want conflict", err)
		}
	})
}

func TestReassignKeepsHistoryAndAsksForHandover(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, outside := region(t, db)
		colleague := mustUser(t, db, auth.User{Username: "col", DisplayName: "Colleague", Role: auth.PeerWorker, TeamIDs: []int64{team.ID}})
		actor := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		ep := openEpisode(t, db, team, worker, care.PathwayCommunity, "SCM", "standard")
		if err := db.ReassignEpisode(ctx, actor, ep.ID, 1, colleague.ID, "Going on leave", ""); problem.Code(err) != problem.Invalid {
			t.Errorf("no handover note: %v, want invalid", err)
		}
		if err := db.ReassignEpisode(ctx, actor, ep.ID, 1, outside.ID, "Going on leave", "note"); problem.Code(err) != problem.Invalid {
			t.Errorf("worker outside the team: %v, want invalid", err)
		}
		note := "Alex finds phone calls hard; text first. Working on housing letter."
		if err := db.ReassignEpisode(ctx, actor, ep.ID, 1, colleague.ID, "Going on leave", note); err != nil {
			t.Fatal(err)
		}
		evs, err := db.EpisodeEvents(ctx, ep.ID)
		if err != nil || len(evs) != 1 {
			t.Fatalf("history = %+v, %v", evs, err)
		}
		if ev := evs[0]; ev.Kind != care.EventReassign || ev.From != worker.DisplayName || ev.To != "Colleague" || ev.HandoverNote != note {
			t.Errorf("reassignment event = %+v", ev)
		}
		tasks, err := db.Tasks(ctx, store.TaskFilter{AssigneeID: colleague.ID, OpenOnly: true})
		if err != nil || len(tasks) != 1 || tasks[0].Title != care.HandoverTaskTitle || tasks[0].PersonID != ep.PersonID {
			t.Errorf("handover task = %+v, %v", tasks, err)
		}
		rows, err := db.Episodes(ctx, store.EpisodeFilter{WorkerID: colleague.ID})
		if err != nil || len(rows) != 1 {
			t.Errorf("new worker's caseload = %+v, %v", rows, err)
		}
	})
}

func TestSwitchTeamAndWeightedCaseloads(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, _ := region(t, db)
		therapies := directory.Team{Name: "Therapies Team", ServiceID: "cen"}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateTeam(ctx, &therapies) }); err != nil {
			t.Fatal(err)
		}
		therapist := mustUser(t, db, auth.User{Username: "ther", DisplayName: "Therapist", Role: auth.Clinician, Profession: "psychotherapist", TeamIDs: []int64{therapies.ID}})
		actor := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		a := openEpisode(t, db, team, worker, care.PathwayCommunity, "SCM", "high")
		openEpisode(t, db, team, worker, care.PathwayCommunity, "SCM", "low")
		openEpisode(t, db, team, worker, care.PathwayCommunity, "SCM", "")
		err := db.SwitchTeam(ctx, actor, a.ID, 1, therapies.ID, care.PathwayTherapies, "SCM", therapist.ID, "Ready for MBT", "note")
		if problem.Code(err) != problem.Invalid {
			t.Errorf("therapies with SCM: %v, want invalid", err)
		}
		if err := db.SwitchTeam(ctx, actor, a.ID, 1, therapies.ID, care.PathwayTherapies, "MBT", therapist.ID, "Ready for MBT", "Handover: goals in plan"); err != nil {
			t.Fatal(err)
		}
		loads, err := db.WeightedCaseloads(ctx, []int64{team.ID, therapies.ID})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, l := range loads {
			got[l.WorkerName] = [2]int{l.Active, l.Weighted}
		}
		// worker: low (1) + unset, counted as standard (2); therapist: high (3).
		if got[worker.DisplayName] != [2]int{2, 3} || got["Therapist"] != [2]int{1, 3} {
			t.Errorf("weighted caseloads = %v", got)
		}
		evs, _ := db.EpisodeEvents(ctx, a.ID)
		if len(evs) != 2 || evs[0].Kind != care.EventTeam || evs[0].To != "Therapies Team (MBT)" || evs[1].Kind != care.EventReassign {
			t.Errorf("history = %+v", evs)
		}
	})
}
