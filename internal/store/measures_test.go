package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

func answers(t *testing.T, s string) []*int {
	t.Helper()
	a, err := measures.ParseAnswers(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// measureSetup: a person in an episode with a named worker, and another
// clinician in the team who records measures.
func measureSetup(t *testing.T, db *store.DB, now time.Time) (care.Person, care.Episode, auth.User, auth.Actor) {
	t.Helper()
	ctx := context.Background()
	db.Now = func() time.Time { return now }
	team, worker, _ := region(t, db)
	other := mustUser(t, db, auth.User{Username: "colleague", DisplayName: "A Colleague", Role: auth.Clinician, Profession: "psychologist", TeamIDs: []int64{team.ID}})
	p := mustPerson(t, db, "Robin")
	ep := care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "therapies", Modality: "MBT", StartedAt: now.AddDate(0, -3, 0)}
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateEpisode(ctx, auth.System, &ep) }); err != nil {
		t.Fatal(err)
	}
	return p, ep, worker, auth.Actor{User: other, Relationship: auth.RelCaseload}
}

func TestRecordMeasureScoresStoresAndFlagsRisk(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		p, ep, worker, clin := measureSetup(t, db, now)

		first := measures.Response{PersonID: p.ID, MeasureID: "PHQ-9", TakenAt: now.AddDate(0, -2, 0), Answers: answers(t, "2,2,2,2,2,2,2,2,2")}
		if task, err := db.RecordMeasure(ctx, clin, &first); err != nil || task == nil {
			t.Fatalf("first PHQ-9: task %v, %v (item 9 above 0 should open a check-in)", task, err)
		}
		if first.EpisodeID != ep.ID || first.Source != measures.SourceStaff || first.Score.Total != 18 || !first.Score.Case {
			t.Errorf("first = %+v", first)
		}
		latest := measures.Response{PersonID: p.ID, MeasureID: "PHQ-9", TakenAt: now, Answers: answers(t, "1,1,1,1,1,1,1,1,")}
		if _, err := db.RecordMeasure(ctx, clin, &latest); err != nil {
			t.Fatal(err)
		}
		// CORE-10 item 6 ("I made plans to end my life") above 0: a task for
		// the named worker, whatever the total.
		core := measures.Response{PersonID: p.ID, MeasureID: "CORE-10", TakenAt: now, Answers: answers(t, "0,4,4,0,0,1,0,0,0,0")}
		task, err := db.RecordMeasure(ctx, clin, &core)
		if err != nil {
			t.Fatal(err)
		}
		if task == nil || task.AssigneeID != worker.ID || task.Kind != measures.TaskRiskCheck || !core.RiskFlag || core.Score.Total != 1 {
			t.Fatalf("CORE-10 risk: task %+v, response %+v", task, core)
		}
		res, err := db.MeasureResponse(ctx, clin, p.ID, core.ID)
		if err != nil || res.Task == nil || res.Task.ID != task.ID || res.AssigneeName != worker.DisplayName {
			t.Errorf("result = %+v, %v; want the risk task for %s", res, err, worker.DisplayName)
		}
		if _, err := db.MeasureResponse(ctx, clin, p.ID+1000, core.ID); problem.Code(err) != problem.NotFound {
			t.Errorf("another person's response: %v, want not found", err)
		}

		// Bad input: every problem named, nothing stored.
		bad := measures.Response{PersonID: p.ID, MeasureID: "PHQ-9", TakenAt: now.AddDate(0, 0, 5), Answers: answers(t, "1,1,1,1,1,1,1,,7")}
		_, err = db.RecordMeasure(ctx, clin, &bad)
		f := problem.Fields(err)
		if problem.Code(err) != problem.Invalid || f["taken_on"] == "" || f["item-9"] == "" {
			t.Errorf("bad response: %v, fields %v", err, f)
		}
		if _, err := db.RecordMeasure(ctx, clin, &measures.Response{PersonID: p.ID, MeasureID: "BDI", TakenAt: now}); problem.Code(err) != problem.NotFound {
			t.Errorf("unknown measure: %v", err)
		}
		if _, err := db.RecordMeasure(ctx, clin, &measures.Response{PersonID: p.ID, EpisodeID: ep.ID + 99, MeasureID: "GAD-7", TakenAt: now, Answers: answers(t, "1,1,1,1,1,1,1")}); problem.Fields(err)["episode"] == "" {
			t.Errorf("someone else's episode: %v", err)
		}

		// The person in the portal: source portal.
		self := auth.Actor{User: auth.User{ID: 0, Username: "robin", Role: auth.ServiceUser, PersonID: p.ID}, Relationship: auth.RelSelf}
		gad := measures.Response{PersonID: p.ID, MeasureID: "GAD-7", TakenAt: now, Answers: answers(t, "1,1,1,1,1,1,1")}
		if _, err := db.RecordMeasure(ctx, self, &gad); err != nil || gad.Source != measures.SourcePortal {
			t.Errorf("portal response: %v, source %q", err, gad.Source)
		}

		list, err := db.MeasureResponses(ctx, clin, p.ID)
		if err != nil || len(list) != 4 {
			t.Fatalf("responses = %d, %v; want 4", len(list), err)
		}
		if list[0].ID != first.ID || *list[0].Answers[0] != 2 || list[0].EnteredByName != "A Colleague" {
			t.Errorf("first listed = %+v", list[0])
		}
		if got := list[1]; got.Answers[8] != nil || !got.Score.Prorated || got.Score.Total != 9 {
			t.Errorf("prorated PHQ-9 read back as %+v", got)
		}
		tr := measures.Trajectories(list)
		if tr[0].Measure.ID != "PHQ-9" || tr[0].Change == nil || tr[0].Change.Direction != "reliable improvement" || !tr[0].Change.Recovered {
			t.Errorf("PHQ-9 change = %+v", tr[0].Change)
		}
		events, err := db.AuditEvents(ctx, store.AuditFilter{PersonID: p.ID, Action: auth.ActionCreate})
		if err != nil {
			t.Fatal(err)
		}
		recorded := 0
		for _, e := range events {
			if len(e.Record) > 8 && e.Record[:8] == "measure/" {
				recorded++
			}
		}
		if recorded != 4 {
			t.Errorf("audited measure records = %d, want 4", recorded)
		}
	})
}

func TestGBORatesCarePlanGoals(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		p, _, _, clin := measureSetup(t, db, now)
		other := mustPerson(t, db, "Sam")
		var g1, g2, theirs care.Goal
		err := db.Update(ctx, func(tx *store.Tx) error {
			g1 = care.Goal{PersonID: p.ID, Text: "Go back to the allotment", OwnWords: true}
			g2 = care.Goal{PersonID: p.ID, Text: "Sleep through more nights", OwnWords: true}
			theirs = care.Goal{PersonID: other.ID, Text: "Not mine", OwnWords: true}
			for _, g := range []*care.Goal{&g1, &g2, &theirs} {
				if err := tx.CreateGoal(ctx, clin, g); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		r := measures.Response{PersonID: p.ID, MeasureID: "GBO", TakenAt: now, Answers: answers(t, "3,6,"), GoalIDs: []int64{g1.ID, g2.ID, 0}}
		if _, err := db.RecordMeasure(ctx, clin, &r); err != nil {
			t.Fatal(err)
		}
		if r.Score.Total != 4.5 {
			t.Errorf("GBO total = %v, want 4.5", r.Score.Total)
		}
		goals, err := db.Goals(ctx, p.ID)
		if err != nil || len(goals) != 2 {
			t.Fatalf("goals = %d, %v", len(goals), err)
		}
		for i, want := range []int{3, 6} {
			rs := goals[i].Ratings
			if len(rs) != 1 || rs[0].Rating != want || rs[0].Source != "gbo" {
				t.Errorf("goal %d ratings = %+v, want one gbo rating of %d", i+1, rs, want)
			}
		}
		bad := measures.Response{PersonID: p.ID, MeasureID: "GBO", TakenAt: now, Answers: answers(t, "3,,"), GoalIDs: []int64{theirs.ID, 0, 0}}
		if _, err := db.RecordMeasure(ctx, clin, &bad); problem.Fields(err)["item-1"] == "" {
			t.Errorf("rating someone else's goal: %v", err)
		}
	})
}

func TestMeasuresDue(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		p, ep, worker, clin := measureSetup(t, db, now)
		due := func(f store.DueFilter) map[string]string {
			t.Helper()
			rows, err := db.MeasuresDue(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]string{}
			for _, r := range rows {
				out[r.MeasureID] = r.Reason
			}
			return out
		}
		if got := due(store.DueFilter{PersonID: p.ID}); len(got) != 0 {
			t.Errorf("nothing happened yet, due = %v", got)
		}
		// An attended assessment: PHQ-9, GAD-7 and CORE-10 are due.
		ref := care.Referral{PersonID: p.ID, ServiceID: "cen", Status: care.ReferralAssessBooked}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &ref) }); err != nil {
			t.Fatal(err)
		}
		attend := func(kind care.AppointmentKind, at time.Time) {
			t.Helper()
			ap := care.Appointment{PersonID: p.ID, Kind: kind, StartsAt: at, StaffIDs: []int64{clin.User.ID}}
			if kind == care.KindAssessment {
				ap.ReferralID = ref.ID
			} else {
				ap.EpisodeID = ep.ID
			}
			if err := db.CreateAppointment(ctx, clin, &ap); err != nil {
				t.Fatal(err)
			}
			if _, err := db.RecordOutcome(ctx, clin, ap.ID, ap.Version, care.OutcomeAttended, ""); err != nil {
				t.Fatal(err)
			}
		}
		attend(care.KindAssessment, now.AddDate(0, 0, -10))
		got := due(store.DueFilter{PersonID: p.ID})
		for _, m := range []string{"PHQ-9", "GAD-7", "CORE-10"} {
			if got[m] != "at assessment" {
				t.Errorf("after assessment %s = %q, want at assessment (all: %v)", m, got[m], got)
			}
		}
		// The assessor sees it in their list too.
		if got := due(store.DueFilter{WorkerID: clin.User.ID}); got["PHQ-9"] == "" {
			t.Errorf("assessor's list = %v", got)
		}
		record := func(m, a string, at time.Time) {
			t.Helper()
			r := measures.Response{PersonID: p.ID, MeasureID: m, TakenAt: at, Answers: answers(t, a)}
			if _, err := db.RecordMeasure(ctx, clin, &r); err != nil {
				t.Fatal(err)
			}
		}
		record("PHQ-9", "1,1,1,1,1,1,1,1,0", now.AddDate(0, 0, -10))
		record("GAD-7", "1,1,1,1,1,1,1", now.AddDate(0, 0, -10))
		record("CORE-10", "1,1,1,1,1,0,1,1,1,1", now.AddDate(0, 0, -9))
		record("DIALOG", "4,4,4,4,4,4,4,4,4,4,4", now.AddDate(0, 0, -9))
		var goal care.Goal
		if err := db.Update(ctx, func(tx *store.Tx) error {
			goal = care.Goal{PersonID: p.ID, Text: "Feel less alone", OwnWords: true}
			return tx.CreateGoal(ctx, clin, &goal)
		}); err != nil {
			t.Fatal(err)
		}
		gbo := measures.Response{PersonID: p.ID, MeasureID: "GBO", TakenAt: now.AddDate(0, 0, -9), Answers: answers(t, "4,,"), GoalIDs: []int64{goal.ID, 0, 0}}
		if _, err := db.RecordMeasure(ctx, clin, &gbo); err != nil {
			t.Fatal(err)
		}
		if got := due(store.DueFilter{PersonID: p.ID}); len(got) != 0 {
			t.Errorf("after recording, due = %v", got)
		}
		// Three attended sessions: GBO (every 3) is due; five: not yet CORE-10.
		for i := range 5 {
			attend(care.KindIndividual, now.AddDate(0, 0, -8+i))
		}
		got = due(store.DueFilter{PersonID: p.ID})
		if got["GBO"] == "" || got["CORE-10"] != "" {
			t.Errorf("after 5 sessions due = %v, want GBO and not CORE-10", got)
		}
		attend(care.KindGroup, now.AddDate(0, 0, -2))
		got = due(store.DueFilter{PersonID: p.ID})
		if got["CORE-10"] != "every 6 sessions: 6 attended since it was last completed" || got["DIALOG"] == "" {
			t.Errorf("after 6 sessions due = %v", got)
		}
		if got := due(store.DueFilter{WorkerID: worker.ID}); got["CORE-10"] == "" {
			t.Errorf("named worker's list = %v", got)
		}
		// The team sets CORE-10 off for MBT: no longer due.
		err := db.SaveScheduleRule(ctx, auth.System, &measures.ScheduleRule{TeamID: ep.TeamID, Modality: "MBT", MeasureID: "CORE-10"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := due(store.DueFilter{PersonID: p.ID}); got["CORE-10"] != "" {
			t.Errorf("switched off for the team's MBT, yet due: %v", got)
		}
		err = db.SaveScheduleRule(ctx, auth.System, &measures.ScheduleRule{MeasureID: "nope", EverySessions: 200}, 0)
		if f := problem.Fields(err); f["measure"] == "" || f["every_sessions"] == "" {
			t.Errorf("bad rule: %v", err)
		}
	})
}

func TestMeasurePairsByTeamAndModality(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		p, ep, _, clin := measureSetup(t, db, now)
		for i, a := range []string{"2,2,2,2,2,2,2,2,0", "2,2,2,2,2,2,2,0,0", "1,1,1,1,1,1,1,1,0"} { // 16, 14, 8
			r := measures.Response{PersonID: p.ID, MeasureID: "PHQ-9", TakenAt: now.AddDate(0, -2+i, 0), Answers: answers(t, a)}
			if _, err := db.RecordMeasure(ctx, clin, &r); err != nil {
				t.Fatal(err)
			}
		}
		one := measures.Response{PersonID: p.ID, MeasureID: "GAD-7", TakenAt: now, Answers: answers(t, "1,1,1,1,1,1,1")}
		if _, err := db.RecordMeasure(ctx, clin, &one); err != nil {
			t.Fatal(err)
		}
		pairs, err := db.MeasurePairs(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(pairs) != 1 || pairs[0].Team != "Community Team" || pairs[0].Modality != "MBT" || pairs[0].Change.First != 16 ||
			pairs[0].Change.Latest != 8 || pairs[0].Change.Direction != "reliable improvement" || !pairs[0].Change.Recovered || !pairs[0].CaseAtFirst {
			t.Errorf("pairs = %+v (a lone GAD-7 makes no pair)", pairs)
		}
		if pairs, _ := db.MeasurePairs(ctx, []int64{ep.TeamID + 1}); len(pairs) != 0 {
			t.Errorf("another team's pairs = %+v", pairs)
		}
	})
}
