package reminders_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/store"
	"throughline/internal/uktime"
)

var cheap = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1}

// uk reads "2006-01-02 15:04" as UK local time. 2 December 2026 is a
// Wednesday.
func uk(t testing.TB, s string) time.Time {
	t.Helper()
	at, ok := uktime.Parse(s[:10], s[11:])
	if !ok {
		t.Fatalf("bad time %q", s)
	}
	return at
}

// clinic is a team with a phone number and a clinician in it.
type clinic struct {
	db     *store.DB
	team   directory.Team
	worker auth.User
}

func newClinic(t *testing.T, db *store.DB) clinic {
	t.Helper()
	ctx := context.Background()
	var c clinic
	c.db = db
	err := db.Update(ctx, func(tx *store.Tx) error {
		s := directory.Service{ID: "cen", Name: "CEN Service", Tier: "specialist-cen", Contact: directory.Contact{Phone: "020 7946 0001"}}
		if err := tx.CreateService(ctx, &s); err != nil {
			return err
		}
		c.team = directory.Team{Name: "North Community Team", ServiceID: "cen"}
		return tx.CreateTeam(ctx, &c.team)
	})
	if err != nil {
		t.Fatal(err)
	}
	c.worker = auth.User{Username: "worker", DisplayName: "Wren Worker", Role: auth.Clinician, Profession: "nurse", TeamIDs: []int64{c.team.ID}}
	if c.worker.PasswordHash, err = auth.HashPassword("a long test password", cheap); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(ctx, &c.worker); err != nil {
		t.Fatal(err)
	}
	return c
}

// person adds someone in the team's care with these contact preferences
// (nil: never said) and an appointment at startsAt, booked now.
func (c clinic) person(t *testing.T, given string, prefs *care.ContactPrefs, startsAt time.Time) (care.Person, care.Appointment) {
	t.Helper()
	ctx := context.Background()
	p := care.Person{GivenName: given, FamilyName: "Tester", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
	if err := c.db.CreatePerson(ctx, auth.System, &p); err != nil {
		t.Fatal(err)
	}
	ep := care.Episode{PersonID: p.ID, TeamID: c.team.ID, NamedWorkerID: c.worker.ID, Pathway: care.PathwayCommunity, Modality: "SCM", Intensity: "standard"}
	ap := care.Appointment{PersonID: p.ID, Kind: care.KindIndividual, StartsAt: startsAt, Location: "Hope House, 1 High Street", StaffIDs: []int64{c.worker.ID}}
	err := c.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateEpisode(ctx, auth.System, &ep); err != nil {
			return err
		}
		ap.EpisodeID = ep.ID
		return tx.CreateAppointment(ctx, auth.System, &ap)
	})
	if err != nil {
		t.Fatal(err)
	}
	if prefs != nil {
		prefs.PersonID = p.ID
		if err := c.db.SaveContactPrefs(ctx, auth.Actor{User: c.worker, Relationship: auth.RelCaseload}, prefs); err != nil {
			t.Fatal(err)
		}
	}
	return p, ap
}

// outbox lists every message for a person, oldest first.
func outbox(t *testing.T, db *store.DB, personID int64) []store.OutboxMessage {
	t.Helper()
	page, err := db.MessagesPage(context.Background(), store.MessageFilter{}, store.FirstPage)
	if err != nil {
		t.Fatal(err)
	}
	all := page.Rows
	var out []store.OutboxMessage
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].PersonID == personID {
			out = append(out, all[i])
		}
	}
	return out
}

func find(ms []store.OutboxMessage, kind care.MessageKind, ch care.Channel) (store.OutboxMessage, bool) {
	for _, m := range ms {
		if m.Kind == kind && m.Channel == ch {
			return m, true
		}
	}
	return store.OutboxMessage{}, false
}
