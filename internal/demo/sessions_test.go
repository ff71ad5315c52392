package demo_test

import (
	"context"
	"testing"

	"throughline/internal/care"
	"throughline/internal/store"
)

// TestDemoOngoingCare: the demo has session histories in every modality
// with missed appointments followed up (and a few still open), the demo
// clinician's diary for this week and next, both group programmes with
// attendance, endings of each kind and a person who came back.
func TestDemoOngoingCare(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo region")
	}
	t.Parallel()
	ctx := context.Background()
	db := region.Open(t, "sqlite")
	clin := mustUser(t, db, "clinician")

	aps, err := db.Appointments(ctx, store.AppointmentFilter{Limit: 2000})
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[care.Outcome]int{}
	for _, a := range aps {
		outcomes[a.Outcome]++
	}
	if outcomes[care.OutcomeAttended] < 5*outcomes[care.OutcomeDidNotAttend] || outcomes[care.OutcomeDidNotAttend] == 0 {
		t.Errorf("outcomes = %v, want mostly attended with some missed", outcomes)
	}
	eps, _ := db.Episodes(ctx, store.EpisodeFilter{ActiveOnly: true, Limit: 2000})
	withHistory := map[string]bool{}
	seen := map[int64]bool{}
	for _, a := range aps {
		seen[a.EpisodeID] = true
	}
	for _, e := range eps {
		if seen[e.ID] {
			withHistory[e.Modality] = true
		}
	}
	for _, m := range []string{"SCM", "MBT", "DIT", "DBT"} {
		if !withHistory[m] {
			t.Errorf("no %s episode has appointments", m)
		}
	}
	week, err := db.Appointments(ctx, store.AppointmentFilter{StaffID: clin.ID, From: now, To: now.AddDate(0, 0, 14)})
	if err != nil || len(week) < 20 {
		t.Errorf("clinician's next two weeks = %d appointments, %v; want at least 20", len(week), err)
	}
	tasks, err := db.Tasks(ctx, store.TaskFilter{Limit: 2000})
	if err != nil {
		t.Fatal(err)
	}
	open, overdue := 0, 0
	for _, tk := range tasks {
		if !tk.Done() {
			open++
			if tk.Overdue(now) {
				overdue++
			}
		}
	}
	if open == 0 || overdue == 0 || open > len(tasks)/3 {
		t.Errorf("follow-ups: %d of %d open, %d overdue; want most done within 2 working days and a few still open", open, len(tasks), overdue)
	}
	groups, err := db.Groups(ctx, cenTeams(t, db))
	if err != nil || len(groups) != 2 {
		t.Fatalf("groups = %+v, %v", groups, err)
	}
	for _, g := range groups {
		d, err := db.GroupDiary(ctx, g.ID, now.AddDate(0, 0, -14), now.AddDate(0, 0, -1))
		if err != nil || len(d.Sessions) == 0 || len(d.Sessions[0].Places) == 0 || d.Sessions[0].Places[0].Outcome == care.OutcomeNone {
			t.Errorf("%s has no recorded attendance: %+v, %v", g.Name, d.Sessions, err)
		}
	}
	kinds := map[string]int{}
	reaccessed := 0
	all, _ := db.Episodes(ctx, store.EpisodeFilter{Limit: 2000})
	for _, e := range all {
		ends, err := db.Endings(ctx, e.PersonID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ends {
			if x.EpisodeID == e.ID {
				kinds[x.ReasonLabel()]++
				if x.ReaccessedByID != 0 {
					reaccessed++
				}
			}
		}
	}
	if kinds["Planned ending"] == 0 || kinds[care.EndingReasonLabel(care.ReasonNonEngagement)] != 1 || reaccessed != 1 {
		t.Errorf("endings = %v, re-accessed %d", kinds, reaccessed)
	}
}
