package store_test

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/journey"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

var (
	jt0      = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	jprofile = "risk=high,engagement=chaotic,diagnosis=uncertain,complexity=multiple,age=30,locality=N,substance_use=none,housing=settled,duration_needed=long"
)

func jday(n int) time.Time { return jt0.AddDate(0, 0, n) }

// journeyRegion is three people and their referrals:
//
//	Ash (N):  Talking Therapies declined day 5 (onward: crisis café); crisis café day 30; a referral on day 400
//	Bo (N):   CEN accepted day 20; episode from day 60
//	Cai (S):  Talking Therapies declined day 45 with a documented exception
func journeyRegion(t *testing.T, db *store.DB) (ash, bo, cai care.Person) {
	t.Helper()
	ctx := context.Background()
	ash, bo, cai = care.Person{GivenName: "Ash", FamilyName: "A", Locality: "N"}, care.Person{GivenName: "Bo", FamilyName: "B", Locality: "N"},
		care.Person{GivenName: "Cai", FamilyName: "C", Locality: "S"}
	var team directory.Team
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, s := range []directory.Service{{ID: "tt-north", Name: "TT", Tier: "talking-therapies"}, {ID: "crisis-cafe", Name: "Café", Tier: "crisis"},
			{ID: "cen", Name: "CEN", Tier: "specialist-cen"}} {
			if err := tx.CreateService(ctx, &s); err != nil {
				return err
			}
		}
		team = directory.Team{Name: "Community Team", ServiceID: "cen"}
		if err := tx.CreateTeam(ctx, &team); err != nil {
			return err
		}
		for _, p := range []*care.Person{&ash, &bo, &cai} {
			if err := tx.CreatePerson(ctx, auth.System, p); err != nil {
				return err
			}
		}
		refs := []care.Referral{
			{PersonID: ash.ID, ServiceID: "tt-north", ReceivedAt: jday(0), ReferrerTier: "primary", Profile: jprofile, Status: care.ReferralDeclined,
				Decision: care.DecisionDeclined, DecidedAt: jday(5), DeclineReason: "risk-above-threshold", OnwardServiceID: "crisis-cafe"},
			{PersonID: ash.ID, ServiceID: "crisis-cafe", ReceivedAt: jday(30), ReferrerTier: "self", Status: care.ReferralOutcome,
				Decision: care.DecisionAccepted, DecidedAt: jday(30), TreatmentStartedAt: jday(30)},
			{PersonID: ash.ID, ServiceID: "tt-north", ReceivedAt: jday(400), ReferrerTier: "primary"},
			{PersonID: bo.ID, ServiceID: "cen", ReceivedAt: jday(10), ReferrerTier: "secondary", Profile: jprofile, Status: care.ReferralWaiting,
				Decision: care.DecisionAccepted, DecidedAt: jday(20)},
			{PersonID: cai.ID, ServiceID: "tt-north", ReceivedAt: jday(40), ReferrerTier: "primary", Status: care.ReferralDeclined,
				Decision: care.DecisionDeclined, DecidedAt: jday(45), DeclineReason: "outside-locality", OnwardException: "Lives across the county border; GP given the neighbouring service's details"},
		}
		for i := range refs {
			if err := tx.CreateReferral(ctx, auth.System, &refs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	worker := mustUser(t, db, auth.User{Username: "worker", DisplayName: "Worker", Role: auth.Clinician, Profession: "nurse", TeamIDs: []int64{team.ID}})
	err = db.Update(ctx, func(tx *store.Tx) error {
		return tx.CreateEpisode(ctx, auth.System, &care.Episode{PersonID: bo.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "community-scm", StartedAt: jday(60)})
	})
	if err != nil {
		t.Fatal(err)
	}
	return ash, bo, cai
}

func TestJourneyInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ash, bo, cai := journeyRegion(t, db)
		tests := []struct {
			name         string
			from, to     time.Time
			locality     string
			wantReceived []int // days, in id order
			wantEpisodes int
		}{
			{"everything", time.Time{}, time.Time{}, "", []int{0, 30, 400, 10, 40}, 1},
			{"period with follow-up", jday(0), jday(35), "", []int{0, 30, 10, 40}, 1},
			{"locality S", time.Time{}, time.Time{}, "S", []int{40}, 0},
			{"after everything but one", jday(100), time.Time{}, "", []int{400}, 0},
		}
		for _, tt := range tests {
			in, err := db.JourneyInput(ctx, tt.from, tt.to, tt.locality)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var got []int
			for _, r := range in.Referrals {
				got = append(got, int(r.ReceivedAt.Sub(jt0)/(24*time.Hour)))
			}
			if !reflect.DeepEqual(got, tt.wantReceived) || len(in.Episodes) != tt.wantEpisodes {
				t.Errorf("%s: received days %v and %d episodes, want %v and %d", tt.name, got, len(in.Episodes), tt.wantReceived, tt.wantEpisodes)
			}
		}

		in, err := db.JourneyInput(ctx, time.Time{}, time.Time{}, "")
		if err != nil {
			t.Fatal(err)
		}
		wantDecline := journey.Referral{PersonID: ash.ID, Locality: "N", ServiceID: "tt-north", ServiceTier: "talking-therapies", ReferrerTier: "primary",
			ReceivedAt: jday(0), Decision: care.DecisionDeclined, DecidedAt: jday(5), DeclineReason: "risk-above-threshold", OnwardRoute: true, Profile: jprofile}
		wantCrisis := journey.Referral{PersonID: ash.ID, Locality: "N", ServiceID: "crisis-cafe", ServiceTier: "crisis", ReferrerTier: "self",
			ReceivedAt: jday(30), Decision: care.DecisionAccepted, DecidedAt: jday(30), TreatmentStartedAt: jday(30)}
		wantException := journey.Referral{PersonID: cai.ID, Locality: "S", ServiceID: "tt-north", ServiceTier: "talking-therapies", ReferrerTier: "primary",
			ReceivedAt: jday(40), Decision: care.DecisionDeclined, DecidedAt: jday(45), DeclineReason: "outside-locality", OnwardRoute: true}
		for i, want := range map[int]journey.Referral{0: wantDecline, 1: wantCrisis, 4: wantException} {
			if got := in.Referrals[i]; !reflect.DeepEqual(got, want) {
				t.Errorf("referral %d =\n %+v\nwant\n %+v", i, got, want)
			}
		}
		if got, want := in.Episodes, []journey.EpisodeStart{{PersonID: bo.ID, StartedAt: jday(60)}}; !reflect.DeepEqual(got, want) {
			t.Errorf("episodes = %+v, want %+v", got, want)
		}

		res := journey.Analyse(in, journey.Filter{From: jday(0), To: jday(100)})
		fell := map[int64]journey.Destination{}
		for _, j := range res.Journeys {
			if j.FellThrough {
				fell[j.PersonID] = j.Instead
			}
		}
		if want := map[int64]journey.Destination{ash.ID: journey.InsteadCrisis, cai.ID: journey.InsteadNothing}; !reflect.DeepEqual(fell, want) {
			t.Errorf("fell through = %v, want %v", fell, want)
		}
	})
}

// TestJourneyInputReadsStoredTimes checks timestamps written by other
// tools, with offsets and in ISO form, are read as the same instant.
func TestJourneyInputReadsStoredTimes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ash, _, _ := journeyRegion(t, db)
		tests := []struct {
			stored string
			want   time.Time
		}{
			{"2025-01-06 10:00:00+01:00", time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)},
			{"2025-01-06 04:30:00-04:30", time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)},
			{"2025-01-06T09:00:00Z", time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)},
			{"2025-01-06 09:00:00.75+00:00", time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)},
		}
		for _, tt := range tests {
			q := fmt.Sprintf(`UPDATE referrals SET decided_at = '%s' WHERE person_id = %d AND service_id = 'crisis-cafe'`, tt.stored, ash.ID)
			if err := storetest.Exec(t, db, q); err != nil {
				t.Fatal(err)
			}
			in, err := db.JourneyInput(context.Background(), time.Time{}, time.Time{}, "N")
			if err != nil {
				t.Fatalf("%s: %v", tt.stored, err)
			}
			if got := in.Referrals[1].DecidedAt; !got.Equal(tt.want) {
				t.Errorf("stored %q read as %s, want %s", tt.stored, got, tt.want)
			}
		}
	})
}

func TestReferralDecisions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ash, _, _ := journeyRegion(t, db)
		refs, err := db.Referrals(ctx, store.ReferralFilter{PersonID: ash.ID})
		if err != nil {
			t.Fatal(err)
		}
		var decline care.Referral
		for _, r := range refs {
			if r.Decision == care.DecisionDeclined {
				decline = r.Referral
			}
		}
		if decline.DeclineReason != "risk-above-threshold" || decline.OnwardServiceID != "crisis-cafe" || !decline.DecidedAt.Equal(jday(5)) ||
			decline.Profile != jprofile || decline.ReferrerTier != "primary" || !decline.HasOnwardRoute() {
			t.Errorf("declined referral read back as %+v", decline)
		}

		tests := []struct {
			name string
			ref  care.Referral
			want string // problem field
		}{
			{"decline without a reason", care.Referral{Decision: care.DecisionDeclined, OnwardServiceID: "crisis-cafe"}, "decline_reason"},
			{"decline with an unknown reason", care.Referral{Decision: care.DecisionDeclined, DeclineReason: "too-complex", OnwardServiceID: "crisis-cafe"}, "decline_reason"},
			{"accepted with a decline reason", care.Referral{Decision: care.DecisionAccepted, DeclineReason: "risk-below-threshold"}, "decline_reason"},
			{"unknown decision", care.Referral{Decision: "maybe"}, "decision"},
		}
		for _, tt := range tests {
			tt.ref.PersonID, tt.ref.ServiceID = ash.ID, "tt-north"
			err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &tt.ref) })
			if got := problem.Fields(err); problem.Code(err) != problem.Invalid || got[tt.want] == "" {
				t.Errorf("%s: error %v (fields %v), want an invalid %s", tt.name, err, got, tt.want)
			}
		}

		// Another service's decline may come without a route, and is kept:
		// it is what the gap analysis counts. A decline made here may not.
		other := care.Referral{PersonID: ash.ID, ServiceID: "crisis-cafe", Decision: care.DecisionDeclined, DeclineReason: "risk-below-threshold"}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &other) }); err != nil {
			t.Errorf("decline without a route at another service: %v", err)
		}
		if got := problem.Fields(other.ValidateDecline()); got["onward"] == "" {
			t.Errorf("ValidateDecline without a route = %v, want an onward problem", got)
		}
		if err := decline.ValidateDecline(); err != nil {
			t.Errorf("ValidateDecline with a route and reason: %v", err)
		}

		counts, err := db.DecisionCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, c := range counts {
			got[c.ServiceID+"/"+string(c.Decision)] = c.N
		}
		if want := map[string]int{"tt-north/declined": 2, "tt-north/": 1, "crisis-cafe/accepted": 1, "crisis-cafe/declined": 1, "cen/accepted": 1}; !reflect.DeepEqual(got, want) {
			t.Errorf("decision counts = %v, want %v", got, want)
		}
	})
}

// TestMigrationBackfillsDecisions runs the migration's backfill over
// referrals recorded before decisions were columns.
func TestMigrationBackfillsDecisions(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("migrations/0004-referral-decisions.sql")
	if err != nil {
		t.Fatal(err)
	}
	var backfill []string
	for stmt := range strings.SplitSeq(string(b), ";\n") {
		if i := strings.Index(stmt, "UPDATE referrals"); i >= 0 {
			backfill = append(backfill, stmt[i:])
		}
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := mustPerson(t, db, "Legacy")
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateService(ctx, &directory.Service{ID: "cmht", Name: "CMHT", Tier: "secondary"}); err != nil {
				return err
			}
			for i, status := range []care.ReferralStatus{care.ReferralDeclined, care.ReferralWaiting, care.ReferralScreening} {
				r := care.Referral{PersonID: p.ID, ServiceID: "cmht", Status: status, ReceivedAt: jday(i)}
				if err := tx.CreateReferral(ctx, auth.System, &r); err != nil {
					return err
				}
				if status != care.ReferralScreening {
					decided := map[care.ReferralStatus]care.ReferralStatus{care.ReferralWaiting: care.ReferralAccepted}[status]
					if decided == "" {
						decided = status
					}
					if err := tx.AddReferralEvent(ctx, r.ID, decided, jday(i+3), 0, ""); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, stmt := range backfill {
			if err := storetest.Exec(t, db, stmt); err != nil {
				t.Fatalf("%v in\n%s", err, stmt)
			}
		}
		refs, err := db.Referrals(ctx, store.ReferralFilter{PersonID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		got := map[care.ReferralStatus]string{}
		for _, r := range refs {
			decided := "never"
			if !r.DecidedAt.IsZero() {
				decided = fmt.Sprintf("day %d", int(r.DecidedAt.Sub(jt0)/(24*time.Hour)))
			}
			got[r.Status] = fmt.Sprintf("%q decided %s", r.Decision, decided)
		}
		want := map[care.ReferralStatus]string{
			care.ReferralDeclined:  `"declined" decided day 3`,
			care.ReferralWaiting:   `"accepted" decided day 4`,
			care.ReferralScreening: `"" decided never`,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("after backfill = %v, want %v", got, want)
		}
	})
}

// TestJourneyInputProfilesByPeriod checks that each referral a narrowed
// load reads gets its own profile, now that profiles are read for every
// referral whatever the period or locality.
func TestJourneyInputProfilesByPeriod(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		journeyRegion(t, db)
		// Every referral a profile of its own, naming its receipt day.
		if err := storetest.Exec(t, db, `UPDATE referrals SET profile = 'risk=low,note=' || CAST(id AS TEXT) WHERE profile = ''`); err != nil {
			t.Fatal(err)
		}
		all, err := db.JourneyInput(ctx, time.Time{}, time.Time{}, "")
		if err != nil {
			t.Fatal(err)
		}
		byDay := map[time.Time]string{}
		for _, r := range all.Referrals {
			if r.Profile == "" {
				t.Fatalf("referral received %s has no profile", r.ReceivedAt)
			}
			byDay[r.ReceivedAt] = r.Profile
		}
		for _, tt := range []struct {
			name     string
			from, to time.Time
			locality string
		}{
			{"period with follow-up", jday(0), jday(35), ""},
			{"locality S", time.Time{}, time.Time{}, "S"},
			{"late", jday(100), time.Time{}, ""},
		} {
			in, err := db.JourneyInput(ctx, tt.from, tt.to, tt.locality)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			got, want := map[time.Time]string{}, map[time.Time]string{}
			for _, r := range in.Referrals {
				got[r.ReceivedAt], want[r.ReceivedAt] = r.Profile, byDay[r.ReceivedAt]
			}
			if len(got) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: profiles by receipt %v, want %v", tt.name, got, want)
			}
		}
	})
}

// TestJourneyProfilesReadFromTheirIndex checks that SQLite forms journey
// analysis's profile groups from the profiles index (migration 0037): a
// sort of a million referrals' profiles spilled to temporary files and was
// over half of the load.
func TestJourneyProfilesReadFromTheirIndex(t *testing.T) {
	db := storetest.Migrated.Open(t, "sqlite")
	q := store.JourneyProfilesSQL(db)
	got := storetest.SQLitePlan(t, db, q)
	if !strings.Contains(got, "USING COVERING INDEX referrals_profile") || strings.Contains(got, "TEMP B-TREE") {
		t.Errorf("plan of %s:\n%s\nwant it read from the covering index referrals_profile, with no sort", q, got)
	}
}

// TestJourneyInputInBatches checks that referrals read a few ids a query,
// as a region's are read a few thousand, come out as read in one: every
// referral once, in id order, whatever the period or locality. Not
// parallel: it changes how every load reads.
func TestJourneyInputInBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		journeyRegion(t, db)
		for _, f := range []struct {
			from, to time.Time
			locality string
		}{{}, {jday(0), jday(35), ""}, {time.Time{}, time.Time{}, "N"}} {
			want, err := db.JourneyInput(ctx, f.from, f.to, f.locality)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range []int64{1, 2, 3} {
				restore := store.SetJourneyBatch(n)
				got, err := db.JourneyInput(ctx, f.from, f.to, f.locality)
				restore()
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%+v, %d ids a query: %+v\nwant %+v", f, n, got.Referrals, want.Referrals)
				}
			}
		}
	})
}
