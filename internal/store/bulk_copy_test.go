package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// copyLoad is a small bulk load touching every table COPY writes: people,
// referrals (each with its received step), more timeline steps, episodes,
// goals with ratings, and their audit events. For each person it reads the
// referral's timeline and the goal's ratings inside the transaction, which
// must see every row added so far, with the ids the writes returned.
func copyLoad(t *testing.T, db *store.DB, people int) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return at.Add(72 * time.Hour) }
	team, worker, _ := region(t, db)
	err := db.Bulk(ctx, func(tx *store.Tx) error {
		for i := range people {
			p := care.Person{GivenName: fmt.Sprintf("Copy%d", i), FamilyName: "Tester", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
			if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
				return err
			}
			r := care.Referral{PersonID: p.ID, ServiceID: "cen", Reason: "Test", ReceivedAt: at.Add(time.Duration(i) * time.Minute)}
			if err := tx.CreateReferral(ctx, auth.System, &r); err != nil {
				return err
			}
			evs := []store.NewReferralEvent{
				{ReferralID: r.ID, Status: care.ReferralScreening, At: r.ReceivedAt.Add(time.Hour), UserID: worker.ID, Note: "Screened"},
				{ReferralID: r.ID, Status: care.ReferralAccepted, At: r.ReceivedAt.Add(2 * time.Hour), Note: "Accepted, with a note of 'quotes' and \\ and\ttabs"},
			}
			if err := tx.AddReferralEvents(ctx, evs); err != nil {
				return err
			}
			seen, err := tx.RowsForTest(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM referral_events WHERE referral_id = %d`, r.ID))
			if err != nil {
				return err
			}
			if got, want := seen[0][0], "3"; got != want {
				t.Errorf("referral %d: a read in the load saw %s steps, want %s", r.ID, got, want)
			}
			if err := tx.AddReferralEvent(ctx, r.ID, care.ReferralWaiting, r.ReceivedAt.Add(3*time.Hour), 0, ""); err != nil {
				return err
			}
			e := care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "community-scm", StartedAt: r.ReceivedAt.Add(4 * time.Hour)}
			if err := tx.CreateEpisode(ctx, auth.System, &e); err != nil {
				return err
			}
			g := care.Goal{PersonID: p.ID, EpisodeID: e.ID, Text: "Feel safe enough to go to the shops", OwnWords: true,
				Ratings: []care.GoalRating{{At: e.StartedAt, Rating: 2}, {At: e.StartedAt.Add(time.Hour), Rating: 4, Note: "A little closer"}}}
			if err := tx.CreateGoal(ctx, auth.Actor{User: worker, Relationship: auth.RelCaseload}, &g); err != nil {
				return err
			}
			ratings, err := tx.RowsForTest(ctx, fmt.Sprintf(`SELECT id FROM goal_ratings WHERE goal_id = %d ORDER BY id`, g.ID))
			if err != nil {
				return err
			}
			if got, want := fmt.Sprint(ratings), fmt.Sprintf("[[%d] [%d]]", g.Ratings[0].ID, g.Ratings[1].ID); got != want {
				t.Errorf("goal %d: a read in the load saw ratings %s, want the ids CreateGoal gave, %s", g.ID, got, want)
			}
			if err := tx.AuditForTest(ctx, auth.Actor{User: worker, Relationship: auth.RelCaseload}, auth.ActionView, p.ID, fmt.Sprintf("episode/%d", e.ID)); err != nil {
				return err
			}
			if err := copyCare(ctx, t, tx, worker, e, g); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("bulk load: %v", err)
	}
}

// copyCare adds to a copy load's person what the rest of a region has:
// a care plan with liaison, a crisis plan, a session held or missed (its
// outcome recorded while the booking may still wait for COPY, and a
// follow-up task for a missed one), and measures rating the goal. Reads
// in the load see the outcome and the version it made.
func copyCare(ctx context.Context, t *testing.T, tx *store.Tx, worker auth.User, e care.Episode, g care.Goal) error {
	a := auth.Actor{User: worker, Relationship: auth.RelCaseload}
	plan := care.CarePlan{PersonID: e.PersonID, EpisodeID: e.ID, ReviewOn: e.StartedAt.AddDate(0, 3, 0), Agreement: care.AgreementAgreed,
		Needs: []care.Need{{Domain: "housing", Description: "Flat is damp", Actions: []care.Action{
			{Text: "Report repairs", OwnerKind: care.OwnerAgency, Agency: "housing-provider"},
			{Text: "Support letter", OwnerKind: care.OwnerStaff, StaffID: worker.ID}}}}}
	if err := tx.SaveCarePlan(ctx, a, &plan); err != nil {
		return err
	}
	l := care.Liaison{PersonID: e.PersonID, PlanID: plan.ID, On: e.StartedAt, Agency: "housing-provider", Contact: "Repairs team",
		Discussed: "Damp survey booked", Domain: "housing"}
	if err := tx.AddLiaison(ctx, a, &l); err != nil {
		return err
	}
	crisis := care.CrisisPlan{PersonID: e.PersonID, WarningSigns: "I stop eating", Helps: "Quiet",
		Contacts: []care.CrisisContact{{Name: "Samaritans", Role: "Listening line", Phone: "116 123", Hours: "24 hours, every day"}},
		Shares:   []care.CrisisShare{{Recipient: "GP", Consented: true, On: e.StartedAt}}}
	if err := tx.SaveCrisisPlan(ctx, a, &crisis); err != nil {
		return err
	}
	ap := care.Appointment{PersonID: e.PersonID, EpisodeID: e.ID, Kind: care.KindIndividual, StartsAt: e.StartedAt.Add(time.Hour), StaffIDs: []int64{worker.ID, worker.ID}}
	if err := tx.CreateAppointment(ctx, a, &ap); err != nil {
		return err
	}
	outcome := care.OutcomeAttended
	if e.PersonID%2 == 0 {
		outcome = care.OutcomeDidNotAttend
	}
	if _, err := tx.RecordOutcome(ctx, a, ap.ID, ap.Version, outcome, "Recorded in the load"); err != nil {
		return err
	}
	seen, err := tx.RowsForTest(ctx, fmt.Sprintf(`SELECT outcome, version FROM appointments WHERE id = %d`, ap.ID))
	if err != nil {
		return err
	}
	if got, want := fmt.Sprint(seen), fmt.Sprintf("[[%s 2]]", outcome); got != want {
		t.Errorf("appointment %d: a read in the load saw %s, want %s", ap.ID, got, want)
	}
	if _, err := tx.RecordOutcome(ctx, a, ap.ID, 1, care.OutcomeAttended, ""); problem.Code(err) != problem.Conflict {
		t.Errorf("second outcome at the first version: %v, want a conflict", err)
	}
	for _, m := range []measures.Response{
		{PersonID: e.PersonID, EpisodeID: e.ID, MeasureID: "PHQ-9", TakenAt: e.StartedAt.Add(2 * time.Hour), Answers: answers(t, "3,3,3,3,3,3,3,3,3")},
		{PersonID: e.PersonID, EpisodeID: e.ID, MeasureID: "GBO", TakenAt: e.StartedAt.Add(2 * time.Hour), Answers: answers(t, "6,,"), GoalIDs: []int64{g.ID, 0, 0}},
	} {
		if _, err := tx.RecordMeasure(ctx, a, &m); err != nil {
			return err
		}
	}
	return nil
}

// copyTables are what a bulk load wrote, every column, in id order.
var copyDump = []string{
	`SELECT * FROM appointments ORDER BY id`,
	`SELECT * FROM appointment_staff ORDER BY appointment_id, user_id`,
	`SELECT * FROM tasks ORDER BY id`,
	`SELECT * FROM care_plans ORDER BY id`,
	`SELECT * FROM care_plan_needs ORDER BY plan_id, domain`,
	`SELECT * FROM care_plan_actions ORDER BY plan_id, domain, position`,
	`SELECT * FROM care_plan_versions ORDER BY plan_id, version`,
	`SELECT * FROM liaison ORDER BY id`,
	`SELECT * FROM crisis_plans ORDER BY id`,
	`SELECT * FROM crisis_contacts ORDER BY plan_id, position`,
	`SELECT * FROM crisis_shares ORDER BY plan_id, position`,
	`SELECT * FROM crisis_plan_versions ORDER BY plan_id, version`,
	`SELECT * FROM measure_responses ORDER BY id`,
	`SELECT * FROM people ORDER BY id`,
	`SELECT * FROM referrals ORDER BY id`,
	`SELECT * FROM referral_events ORDER BY id`,
	`SELECT * FROM episodes ORDER BY id`,
	`SELECT * FROM goals ORDER BY id`,
	`SELECT * FROM goal_ratings ORDER BY id`,
	`SELECT * FROM audit_events ORDER BY seq`,
	`SELECT * FROM audit_head`,
}

// TestBulkCopyWritesWhatInsertsWrite loads the same region twice on
// PostgreSQL, once with COPY (its buffers filling and flushing many times
// over) and once with the plain INSERTs, and checks every row of every
// table is the same, ids included, and that the audit chain sealed from
// the copied rows is the same chain, hash for hash, and verifies.
func TestBulkCopyWritesWhatInsertsWrite(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if db.Dialect() != store.Postgres {
			t.Skip("COPY is PostgreSQL's; SQLite inserts")
		}
		plain := storetest.Open(t, storetest.Dialects(t)["postgres"](t))
		plain.SetBulkCopy(false, 0)
		db.SetBulkCopy(true, 7)
		const people = 40
		copyLoad(t, plain, people)
		copyLoad(t, db, people)
		ctx := context.Background()
		for _, d := range []*store.DB{plain, db} {
			n, err := d.VerifyAudit(ctx) // seals the pending rows first
			if err != nil || n < 4*people {
				t.Fatalf("audit verify: %d events, %v; want at least %d, verified", n, err, 4*people)
			}
		}
		for _, q := range copyDump {
			want, err := plain.RowsForTest(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.RowsForTest(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Errorf("%s: no rows", q)
			}
			if len(got) != len(want) {
				t.Errorf("%s: %d rows with COPY, %d with INSERT", q, len(got), len(want))
				continue
			}
			for i := range want {
				if !slices.Equal(got[i], want[i]) {
					t.Errorf("%s: row %d with COPY\n%q\nwith INSERT\n%q", q, i, got[i], want[i])
					break
				}
			}
		}
	})
}

// TestBulkCopyErrorRollsBack: a timeline step for a referral that does not
// exist fails its COPY, whether the COPY runs because a statement reads
// the table or because the load ends, and nothing of the load is kept:
// not the people before it, not their steps, not their audit events. The
// error names the COPY that failed, not the aborted transaction.
func TestBulkCopyErrorRollsBack(t *testing.T) {
	t.Parallel()
	for _, readAfter := range []bool{false, true} {
		t.Run(fmt.Sprintf("read after %v", readAfter), func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				region(t, db)
				before := countAll(t, db)
				at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
				err := db.Bulk(ctx, func(tx *store.Tx) error {
					for i := range 5 {
						p := care.Person{GivenName: fmt.Sprintf("Gone%d", i), FamilyName: "Tester", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
						if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
							return err
						}
						r := care.Referral{PersonID: p.ID, ServiceID: "cen", Reason: "Test", ReceivedAt: at}
						if err := tx.CreateReferral(ctx, auth.System, &r); err != nil {
							return err
						}
					}
					bad := []store.NewReferralEvent{{ReferralID: 999_999, Status: care.ReferralScreening, At: at, Note: "No such referral"}}
					if err := tx.AddReferralEvents(ctx, bad); err != nil {
						return err
					}
					if readAfter {
						_, err := tx.RowsForTest(ctx, `SELECT COUNT(*) FROM referral_events`)
						return err
					}
					return nil
				})
				if err == nil {
					t.Fatal("a bulk load with a step for no referral succeeded")
				}
				if !strings.Contains(strings.ToLower(err.Error()), "foreign key") {
					t.Errorf("error %q does not give the cause", err)
				}
				if db.Dialect() == store.Postgres && !strings.Contains(err.Error(), "copy") {
					t.Errorf("error %q does not name the COPY", err)
				}
				if got, want := countAll(t, db), before; !slices.Equal(got, want) {
					t.Errorf("rows of people, referrals, steps, pending audit after the failed load: %v, want %v", got, want)
				}
				if _, err := db.VerifyAudit(ctx); err != nil {
					t.Errorf("audit verify after the failed load: %v", err)
				}
			})
		})
	}
}

// countAll counts the rows of the tables a bulk load writes.
func countAll(t *testing.T, db *store.DB) []int {
	t.Helper()
	var out []int
	for _, table := range []string{"people", "referrals", "referral_events", "audit_pending", "audit_events"} {
		out = append(out, storetest.Count(t, db, `SELECT COUNT(*) FROM `+table))
	}
	return out
}

// TestBulkCopyNeverOutlivesItsTransaction: when a load's context is
// cancelled, database/sql rolls its transaction back in the background;
// rows still waiting for COPY must not then be written on their own,
// outside any transaction, by a statement given a context that is never
// cancelled (as the demo gives its statements). Today database/sql also
// closes the bulk connection, so the COPY fails there before the check of
// the transaction's state in flush is reached; this holds either way.
func TestBulkCopyNeverOutlivesItsTransaction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		region(t, db)
		before := countAll(t, db)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		err := db.Bulk(ctx, func(tx *store.Tx) error {
			quiet := context.WithoutCancel(ctx)
			p := care.Person{GivenName: "Stopped", FamilyName: "Tester", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
			if err := tx.CreatePerson(quiet, auth.System, &p); err != nil {
				return err
			}
			cancel()
			time.Sleep(200 * time.Millisecond) // database/sql rolls back in the background
			_, err := tx.RowsForTest(quiet, `SELECT COUNT(*) FROM audit_pending`)
			return err
		})
		if err == nil {
			t.Fatal("a cancelled bulk load succeeded")
		}
		if got, want := countAll(t, db), before; !slices.Equal(got, want) {
			t.Errorf("rows of people, referrals, steps, pending audit after the cancelled load: %v, want %v", got, want)
		}
	})
}
