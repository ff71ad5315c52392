package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/mhsds"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
	"throughline/internal/uktime"
)

// The MHSDS activity of a month keeps to the month: referrals open in
// it, appointments in it, and the people they name; the read is audited.
func TestMHSDSActivityKeepsToTheMonth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, _ := region(t, db)
		actor := auth.Actor{User: worker, Relationship: auth.RelTeamReferr}
		in, declined, later := mustPerson(t, db, "In"), mustPerson(t, db, "Declined"), mustPerson(t, db, "Later")
		day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, time.UTC) }
		err := db.Update(ctx, func(tx *store.Tx) error {
			for _, r := range []care.Referral{
				{PersonID: in.ID, ServiceID: "cen", Status: care.ReferralOutcome, ReceivedAt: day(8, 1)},
				{PersonID: declined.ID, ServiceID: "cen", Status: care.ReferralDeclined, Decision: care.DecisionDeclined, DeclineReason: "risk-below-threshold", DecidedAt: day(9, 1), ReceivedAt: day(8, 1)},
				{PersonID: later.ID, ServiceID: "cen", Status: care.ReferralReceived, ReceivedAt: day(11, 2)},
			} {
				if err := tx.CreateReferral(ctx, actor, &r); err != nil {
					return err
				}
			}
			ep := care.Episode{PersonID: in.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: care.PathwayCommunity, StartedAt: day(9, 1)}
			if err := tx.CreateEpisode(ctx, actor, &ep); err != nil {
				return err
			}
			for _, d := range []time.Time{day(9, 30), day(10, 10), day(11, 1)} {
				ap := care.Appointment{PersonID: in.ID, EpisodeID: ep.ID, Kind: care.KindIndividual, StartsAt: d, Minutes: 50, StaffIDs: []int64{worker.ID}}
				if err := tx.CreateAppointment(ctx, actor, &ap); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return day(11, 5) }
		m, _ := mhsds.ParseMonth("2026-10", uktime.London)
		got, err := db.MHSDSActivity(ctx, auth.Actor{User: auth.User{Username: "cli-export-mhsds", Role: auth.SystemAdmin}}, m)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Referrals) != 1 || got.Referrals[0].PersonID != in.ID || got.Referrals[0].TeamID != team.ID {
			t.Errorf("referrals = %+v, want only In's, with the team that took them on", got.Referrals)
		}
		if len(got.Contacts) != 1 || !got.Contacts[0].Starts.Equal(day(10, 10)) || got.Contacts[0].TeamID != team.ID {
			t.Errorf("contacts = %+v, want the one on 10 October", got.Contacts)
		}
		if len(got.People) != 1 || got.People[0].ID != in.ID || got.People[0].DateOfBirth != "1990-05-17" {
			t.Errorf("people = %+v, want In alone", got.People)
		}
		q := `SELECT COUNT(*) FROM %s WHERE action = 'export' AND record = 'mhsds/2026-10'`
		if n := storetest.Count(t, db, fmt.Sprintf(q, "audit_events")) + storetest.Count(t, db, fmt.Sprintf(q, "audit_pending")); n != 1 {
			t.Errorf("%d export audit events, want 1 (one per person in the extract)", n)
		}
	})
}
