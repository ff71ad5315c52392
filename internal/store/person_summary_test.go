package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestPersonSummaryReadsWhatTheListsRead: the person page's one read of
// referrals, episodes and continuity gives what ReferralSummaries, Episodes and
// Continuity give on their own, for each relationship's query: a referrer
// sees only their referrals and no episodes, continuity only with an
// episode, and nothing of anyone else.
func TestPersonSummaryReadsWhatTheListsRead(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, referrer := region(t, db)
		now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		a := auth.Actor{User: worker}
		seen, unseen, other := mustPerson(t, db, "Seen"), mustPerson(t, db, "Unseen"), mustPerson(t, db, "Other")
		for i, r := range []care.Referral{
			{PersonID: seen.ID, ServiceID: "cen", Status: care.ReferralReceived, ReferrerUserID: referrer.ID, ReceivedAt: now.AddDate(0, -9, 0)},
			{PersonID: seen.ID, ServiceID: "cen", Status: care.ReferralAccepted, ReceivedAt: now.AddDate(0, -8, 0)},
			{PersonID: unseen.ID, ServiceID: "cen", Status: care.ReferralReceived, ReferrerUserID: referrer.ID, ReceivedAt: now.AddDate(0, -1, 0)},
			{PersonID: other.ID, ServiceID: "cen", Status: care.ReferralReceived, ReferrerUserID: referrer.ID, ReceivedAt: now.AddDate(0, -1, 0)},
		} {
			r.Reason = fmt.Sprint("reason ", i)
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &r) }); err != nil {
				t.Fatal(err)
			}
		}
		mustEpisode(t, db, care.Episode{PersonID: seen.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "community-scm", StartedAt: now.AddDate(0, -8, 0)})
		mustEpisode(t, db, care.Episode{PersonID: other.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "community-scm", StartedAt: now.AddDate(0, -8, 0)})
		mustAppointment(t, db, a, care.Appointment{PersonID: seen.ID, Kind: care.KindIndividual, StartsAt: now.AddDate(0, 0, -3), StaffIDs: []int64{worker.ID, referrer.ID}}, care.OutcomeAttended)
		mustAppointment(t, db, a, care.Appointment{PersonID: seen.ID, Kind: care.KindIndividual, StartsAt: now.AddDate(0, 0, -40), StaffIDs: []int64{worker.ID}}, care.OutcomeAttended)
		if err := db.RecordOutreach(ctx, a, &care.OutreachAttempt{PersonID: seen.ID, At: now.AddDate(0, 0, -1), Method: care.OutreachPhone, Outcome: care.OutreachReached, Note: "Talked"}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			q    store.PersonSummaryQuery
		}{
			{"caseload, seen", store.PersonSummaryQuery{PersonID: seen.ID, Episodes: true, Continuity: true}},
			{"caseload, no episode", store.PersonSummaryQuery{PersonID: unseen.ID, Episodes: true, Continuity: true}},
			{"the person themself", store.PersonSummaryQuery{PersonID: seen.ID, Episodes: true}},
			{"referrer", store.PersonSummaryQuery{PersonID: seen.ID, ReferrerID: referrer.ID}},
			{"referrer of no referral", store.PersonSummaryQuery{PersonID: seen.ID, ReferrerID: worker.ID}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.PersonSummary(ctx, tt.q)
				if err != nil {
					t.Fatal(err)
				}
				var want store.PersonSummary
				if want.Referrals, err = db.ReferralSummaries(ctx, store.ReferralFilter{PersonID: tt.q.PersonID, ReferrerID: tt.q.ReferrerID}); err != nil {
					t.Fatal(err)
				}
				if tt.q.Episodes {
					if want.Episodes, err = db.Episodes(ctx, store.EpisodeFilter{PersonID: tt.q.PersonID}); err != nil {
						t.Fatal(err)
					}
				}
				if tt.q.Continuity && len(want.Episodes) > 0 {
					c, err := db.Continuity(ctx, tt.q.PersonID)
					if err != nil {
						t.Fatal(err)
					}
					want.Continuity = &c
				}
				if got, want := summaryText(got), summaryText(want); got != want {
					t.Errorf("summary:\n got %s\nwant %s", got, want)
				}
			})
		}
		// What the lists give is what was recorded: the check above would
		// pass with both empty.
		got, err := db.PersonSummary(ctx, tests[0].q)
		if err != nil {
			t.Fatal(err)
		}
		want := care.Continuity{DistinctWorkers: 2, LastContact: now.AddDate(0, 0, -1), DaysSinceContact: 1}
		if len(got.Referrals) != 2 || len(got.Episodes) != 1 || got.Continuity == nil || *got.Continuity != want {
			t.Errorf("seen on a caseload: %s; want 2 referrals, 1 episode and continuity %+v", summaryText(got), want)
		}
	})
}

func summaryText(s store.PersonSummary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "referrals %+v\nepisodes %+v\ncontinuity ", s.Referrals, s.Episodes)
	if s.Continuity != nil {
		fmt.Fprintf(&b, "%+v", *s.Continuity)
	}
	return b.String()
}

// TestReadsTogetherTakeOneRoundTrip: reads sent together on PostgreSQL go
// in one pipeline, which the server runs as one implicit transaction, so
// they see one transaction start time; sent one by one, each statement
// would be a transaction of its own, with its own. They come back in the
// order they were given, and a failing read fails the whole and leaves the
// connection fit for the next.
func TestReadsTogetherTakeOneRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		got, err := db.ReadTogetherForTest(ctx, `SELECT 'first'`, `SELECT 'second' UNION ALL SELECT 'third'`)
		if err != nil {
			t.Fatal(err)
		}
		if want := "first second third"; strings.Join(got, " ") != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if db.Dialect() == store.Postgres {
			// Sleeping between them, two separate transactions could not
			// share a start time.
			starts, err := db.ReadTogetherForTest(ctx, `SELECT CAST(transaction_timestamp() AS TEXT)`,
				`SELECT CAST(transaction_timestamp() AS TEXT) FROM (SELECT pg_sleep(0.01)) s`)
			if err != nil {
				t.Fatal(err)
			}
			if len(starts) != 2 || starts[0] != starts[1] {
				t.Errorf("transaction start times %q, want one time: the reads went in more than one round trip", starts)
			}
		}
		for range 20 { // more than the pool holds: each failure returns its connection fit for use
			if _, err := db.ReadTogetherForTest(ctx, `SELECT 'fine'`, `SELECT no_such_column FROM audit_head`); err == nil {
				t.Fatal("a failing read gave no error")
			}
		}
		if got, err := db.ReadTogetherForTest(ctx, `SELECT 'after'`, `SELECT 'failure'`); err != nil || strings.Join(got, " ") != "after failure" {
			t.Errorf("after failures: %q, %v", got, err)
		}
	})
}
