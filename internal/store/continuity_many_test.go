package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestContinuityOfManyPeopleAtOnce: continuity read for a whole caseload
// in one set of queries gives each person what reading them alone gives,
// with nobody's contacts counted for someone else.
func TestContinuityOfManyPeopleAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, w1, w2 := region(t, db)
		now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		a := auth.Actor{User: w1}
		seen, reached, never := mustPerson(t, db, "Seen"), mustPerson(t, db, "Reached"), mustPerson(t, db, "Never")
		// long ago was last seen before the 90-day window, and has an
		// appointment to come: only the first counts, as last contact.
		longAgo := mustPerson(t, db, "Longago")
		for _, p := range []care.Person{seen, reached, never, longAgo} {
			mustEpisode(t, db, care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: w1.ID, Pathway: "community-scm", StartedAt: now.AddDate(0, -8, 0)})
		}
		mustAppointment(t, db, a, care.Appointment{PersonID: seen.ID, Kind: care.KindIndividual, StartsAt: now.AddDate(0, 0, -3), StaffIDs: []int64{w1.ID, w2.ID}}, care.OutcomeAttended)
		mustAppointment(t, db, a, care.Appointment{PersonID: seen.ID, Kind: care.KindIndividual, StartsAt: now.AddDate(0, 0, -40), StaffIDs: []int64{w1.ID}}, care.OutcomeAttended)
		mustAppointment(t, db, a, care.Appointment{PersonID: reached.ID, Kind: care.KindIndividual, StartsAt: now.AddDate(0, 0, -50), StaffIDs: []int64{w2.ID}}, care.OutcomeAttended)
		if err := db.RecordOutreach(ctx, a, &care.OutreachAttempt{PersonID: reached.ID, At: now.AddDate(0, 0, -5), Method: care.OutreachPhone, Outcome: care.OutreachReached, Note: "Talked"}); err != nil {
			t.Fatal(err)
		}
		mustAppointment(t, db, a, care.Appointment{PersonID: longAgo.ID, Kind: care.KindIndividual, StartsAt: now.AddDate(0, 0, -120), StaffIDs: []int64{w1.ID}}, care.OutcomeAttended)
		mustAppointment(t, db, a, care.Appointment{PersonID: longAgo.ID, Kind: care.KindIndividual, StartsAt: now.AddDate(0, 0, 2), StaffIDs: []int64{w2.ID}}, care.OutcomeNone)
		got, err := db.ContinuityOf(ctx, []int64{seen.ID, reached.ID, never.ID, seen.ID, longAgo.ID})
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]care.Continuity{
			seen.ID:    {DistinctWorkers: 2, LastContact: now.AddDate(0, 0, -3), DaysSinceContact: 3},
			reached.ID: {DistinctWorkers: 1, LastContact: now.AddDate(0, 0, -5), DaysSinceContact: 5},
			never.ID:   {DaysSinceContact: -1, Flag: true},
			longAgo.ID: {LastContact: now.AddDate(0, 0, -120), DaysSinceContact: 120, Flag: true},
		}
		for id, w := range want {
			alone, err := db.Continuity(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got[id] != w || alone != w {
				t.Errorf("person %d: together %+v, alone %+v, want %+v", id, got[id], alone, w)
			}
		}
	})
}
